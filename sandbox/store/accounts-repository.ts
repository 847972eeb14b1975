import type { SandboxDatabase } from './database';

export type ParentBilling = 'prepaid' | 'postpaid';
export type SubaccountCreditType = 'assigned' | 'shared';
export type AccountStatus = 'invited' | 'active' | 'suspended' | 'deleted';

export interface AccountRow {
  sid: string;
  parentSid: string | null;
  apiKey: string;
  name: string;
  email: string;
  billing: ParentBilling | null;
  creditType: SubaccountCreditType | null;
  status: AccountStatus;
  countryIsoCode: string;
  currency: string;
  enterpriseDomain: string | null;
  channels: string[];
  balanceMinor: number;
  monthlyLimitMinor: number | null;
  lowBalanceAlert: boolean;
  lowBalanceAlertMinor: number | null;
  lowBalanceAlertEmails: string[];
  lowBalanceAlertArmed: boolean;
  usageAlertPeriod: string | null;
  rateLimitRequests: number | null;
  rateLimitWindowMs: number | null;
  subaccountCounter: number;
  createdAt: number;
  updatedAt: number;
}

interface AccountRecord {
  sid: string;
  parent_sid: string | null;
  api_key: string;
  name: string;
  email: string;
  billing: ParentBilling | null;
  credit_type: SubaccountCreditType | null;
  status: AccountStatus;
  country_iso_code: string;
  currency: string;
  enterprise_domain: string | null;
  channels: string;
  balance_minor: number;
  monthly_limit_minor: number | null;
  low_balance_alert: number;
  low_balance_alert_minor: number | null;
  low_balance_alert_emails: string;
  low_balance_alert_armed: number;
  usage_alert_period: string | null;
  rate_limit_requests: number | null;
  rate_limit_window_ms: number | null;
  subaccount_counter: number;
  created_at: number;
  updated_at: number;
}

function toRow(record: AccountRecord): AccountRow {
  return {
    sid: record.sid,
    parentSid: record.parent_sid,
    apiKey: record.api_key,
    name: record.name,
    email: record.email,
    billing: record.billing,
    creditType: record.credit_type,
    status: record.status,
    countryIsoCode: record.country_iso_code,
    currency: record.currency,
    enterpriseDomain: record.enterprise_domain,
    channels: JSON.parse(record.channels) as string[],
    balanceMinor: record.balance_minor,
    monthlyLimitMinor: record.monthly_limit_minor,
    lowBalanceAlert: record.low_balance_alert === 1,
    lowBalanceAlertMinor: record.low_balance_alert_minor,
    lowBalanceAlertEmails: JSON.parse(record.low_balance_alert_emails) as string[],
    lowBalanceAlertArmed: record.low_balance_alert_armed === 1,
    usageAlertPeriod: record.usage_alert_period,
    rateLimitRequests: record.rate_limit_requests,
    rateLimitWindowMs: record.rate_limit_window_ms,
    subaccountCounter: record.subaccount_counter,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
  };
}

export type NewAccount = Pick<
  AccountRow,
  | 'sid' | 'parentSid' | 'apiKey' | 'name' | 'email' | 'billing' | 'creditType' | 'status' | 'countryIsoCode' | 'currency'
  | 'enterpriseDomain' | 'channels' | 'monthlyLimitMinor' | 'lowBalanceAlert' | 'lowBalanceAlertMinor' | 'lowBalanceAlertEmails' | 'createdAt'
> & { seedOrder: number };

export class AccountsRepository {
  constructor(private readonly db: SandboxDatabase) {}

  insert(account: NewAccount): void {
    this.db
      .statement(
        `INSERT INTO accounts (sid, parent_sid, api_key, name, email, billing, credit_type, status,
           country_iso_code, currency, enterprise_domain, channels, monthly_limit_minor, low_balance_alert,
           low_balance_alert_minor, low_balance_alert_emails, seed_order, created_at, updated_at)
         VALUES (@sid, @parentSid, @apiKey, @name, @email, @billing, @creditType, @status,
           @countryIsoCode, @currency, @enterpriseDomain, @channels, @monthlyLimitMinor, @lowBalanceAlert,
           @lowBalanceAlertMinor, @lowBalanceAlertEmails, @seedOrder, @createdAt, @createdAt)`,
      )
      .run({
        ...account,
        lowBalanceAlert: account.lowBalanceAlert ? 1 : 0,
        lowBalanceAlertEmails: JSON.stringify(account.lowBalanceAlertEmails),
        channels: JSON.stringify(account.channels),
      });
  }

  findBySid(sid: string): AccountRow | undefined {
    const record = this.db.statement('SELECT * FROM accounts WHERE sid = @sid').get({ sid }) as
      | AccountRecord
      | undefined;
    return record ? toRow(record) : undefined;
  }

  findByApiKey(apiKey: string): AccountRow | undefined {
    const record = this.db.statement('SELECT * FROM accounts WHERE api_key = @apiKey').get({ apiKey }) as
      | AccountRecord
      | undefined;
    return record ? toRow(record) : undefined;
  }

  listParents(): AccountRow[] {
    const records = this.db
      .statement('SELECT * FROM accounts WHERE parent_sid IS NULL ORDER BY seed_order, created_at, sid')
      .all() as AccountRecord[];
    return records.map(toRow);
  }

  listSubaccounts(parentSid: string): AccountRow[] {
    const records = this.db
      .statement('SELECT * FROM accounts WHERE parent_sid = @parentSid ORDER BY created_at, length(sid), sid')
      .all({ parentSid }) as AccountRecord[];
    return records.map(toRow);
  }

  countAll(): number {
    const row = this.db.statement('SELECT COUNT(*) AS n FROM accounts').get() as { n: number };
    return row.n;
  }

  liveNameTaken(parentSid: string, name: string, exceptSid: string | null): boolean {
    const row = this.db
      .statement(
        `SELECT 1 AS hit FROM accounts WHERE parent_sid = @parentSid AND status <> 'deleted'
           AND name = @name COLLATE NOCASE AND sid IS NOT @exceptSid`,
      )
      .get({ parentSid, name, exceptSid });
    return row !== undefined;
  }

  liveEmailTaken(email: string): boolean {
    const row = this.db
      .statement(`SELECT 1 AS hit FROM accounts WHERE status <> 'deleted' AND email = @email COLLATE NOCASE`)
      .get({ email });
    return row !== undefined;
  }

  /** Reserves the next `<parent>_<n>` number; n never repeats, even after a delete. */
  nextSubaccountNumber(parentSid: string, now: number): number {
    this.db
      .statement(
        'UPDATE accounts SET subaccount_counter = subaccount_counter + 1, updated_at = @now WHERE sid = @parentSid',
      )
      .run({ parentSid, now });
    const row = this.db
      .statement('SELECT subaccount_counter AS n FROM accounts WHERE sid = @parentSid')
      .get({ parentSid }) as { n: number };
    return row.n;
  }

  updateName(sid: string, name: string, now: number): void {
    this.db.statement('UPDATE accounts SET name = @name, updated_at = @now WHERE sid = @sid').run({ sid, name, now });
  }

  updateStatus(sid: string, status: AccountStatus, now: number): void {
    this.db
      .statement('UPDATE accounts SET status = @status, updated_at = @now WHERE sid = @sid')
      .run({ sid, status, now });
  }

  updateMonthlyLimit(sid: string, monthlyLimitMinor: number, now: number): void {
    this.db
      .statement('UPDATE accounts SET monthly_limit_minor = @monthlyLimitMinor, updated_at = @now WHERE sid = @sid')
      .run({ sid, monthlyLimitMinor, now });
  }

  updateLowBalanceAlert(
    sid: string,
    alert: { enabled: boolean; thresholdMinor: number | null; emails: string[] },
    now: number,
  ): void {
    this.db
      .statement(
        `UPDATE accounts SET low_balance_alert = @enabled, low_balance_alert_minor = @thresholdMinor,
           low_balance_alert_emails = @emails, low_balance_alert_armed = 1, updated_at = @now WHERE sid = @sid`,
      )
      .run({
        sid,
        enabled: alert.enabled ? 1 : 0,
        thresholdMinor: alert.thresholdMinor,
        emails: JSON.stringify(alert.emails),
        now,
      });
  }

  setLowBalanceAlertArmed(sid: string, armed: boolean): void {
    this.db
      .statement('UPDATE accounts SET low_balance_alert_armed = @armed WHERE sid = @sid')
      .run({ sid, armed: armed ? 1 : 0 });
  }

  setUsageAlertPeriod(sid: string, period: string): void {
    this.db.statement('UPDATE accounts SET usage_alert_period = @period WHERE sid = @sid').run({ sid, period });
  }

  setRateLimit(sid: string, limit: { requests: number; windowMs: number } | null): void {
    this.db
      .statement(
        'UPDATE accounts SET rate_limit_requests = @requests, rate_limit_window_ms = @windowMs WHERE sid = @sid',
      )
      .run({ sid, requests: limit?.requests ?? null, windowMs: limit?.windowMs ?? null });
  }
}
