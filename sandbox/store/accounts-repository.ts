import type { SandboxDatabase } from './database';

export type ParentBilling = 'prepaid' | 'postpaid';
export type SubaccountCreditType = 'assigned' | 'shared';
export type AccountStatus = 'invited' | 'active' | 'suspended' | 'deleted';

export interface AccountRecord {
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

interface AccountRow {
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

function toRecord(row: AccountRow): AccountRecord {
  return {
    sid: row.sid,
    parentSid: row.parent_sid,
    apiKey: row.api_key,
    name: row.name,
    email: row.email,
    billing: row.billing,
    creditType: row.credit_type,
    status: row.status,
    countryIsoCode: row.country_iso_code,
    currency: row.currency,
    enterpriseDomain: row.enterprise_domain,
    channels: JSON.parse(row.channels) as string[],
    balanceMinor: row.balance_minor,
    monthlyLimitMinor: row.monthly_limit_minor,
    lowBalanceAlert: row.low_balance_alert === 1,
    lowBalanceAlertMinor: row.low_balance_alert_minor,
    lowBalanceAlertEmails: JSON.parse(row.low_balance_alert_emails) as string[],
    lowBalanceAlertArmed: row.low_balance_alert_armed === 1,
    usageAlertPeriod: row.usage_alert_period,
    rateLimitRequests: row.rate_limit_requests,
    rateLimitWindowMs: row.rate_limit_window_ms,
    subaccountCounter: row.subaccount_counter,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type NewAccount = Pick<
  AccountRecord,
  | 'sid'
  | 'parentSid'
  | 'apiKey'
  | 'name'
  | 'email'
  | 'billing'
  | 'creditType'
  | 'status'
  | 'countryIsoCode'
  | 'currency'
  | 'enterpriseDomain'
  | 'channels'
  | 'monthlyLimitMinor'
  | 'lowBalanceAlert'
  | 'lowBalanceAlertMinor'
  | 'lowBalanceAlertEmails'
  | 'createdAt'
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

  findBySid(sid: string): AccountRecord | undefined {
    const row = this.db.statement('SELECT * FROM accounts WHERE sid = @sid').get({ sid }) as AccountRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  findByApiKey(apiKey: string): AccountRecord | undefined {
    const row = this.db.statement('SELECT * FROM accounts WHERE api_key = @apiKey').get({ apiKey }) as AccountRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  listParents(): AccountRecord[] {
    const rows = this.db.statement('SELECT * FROM accounts WHERE parent_sid IS NULL ORDER BY seed_order, created_at, sid').all() as AccountRow[];
    return rows.map(toRecord);
  }

  listSubaccounts(parentSid: string): AccountRecord[] {
    const rows = this.db
      .statement('SELECT * FROM accounts WHERE parent_sid = @parentSid ORDER BY created_at, length(sid), sid')
      .all({ parentSid }) as AccountRow[];
    return rows.map(toRecord);
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
    const row = this.db.statement(`SELECT 1 AS hit FROM accounts WHERE status <> 'deleted' AND email = @email COLLATE NOCASE`).get({ email });
    return row !== undefined;
  }

  /** Reserves the next `<parent>_<n>` number; n never repeats, even after a delete. */
  nextSubaccountNumber(parentSid: string, now: number): number {
    this.db.statement('UPDATE accounts SET subaccount_counter = subaccount_counter + 1, updated_at = @now WHERE sid = @parentSid').run({ parentSid, now });
    const row = this.db.statement('SELECT subaccount_counter AS n FROM accounts WHERE sid = @parentSid').get({ parentSid }) as { n: number };
    return row.n;
  }

  updateName(sid: string, name: string, now: number): void {
    this.db.statement('UPDATE accounts SET name = @name, updated_at = @now WHERE sid = @sid').run({ sid, name, now });
  }

  updateStatus(sid: string, status: AccountStatus, now: number): void {
    this.db.statement('UPDATE accounts SET status = @status, updated_at = @now WHERE sid = @sid').run({ sid, status, now });
  }

  updateMonthlyLimit(sid: string, monthlyLimitMinor: number, now: number): void {
    this.db.statement('UPDATE accounts SET monthly_limit_minor = @monthlyLimitMinor, updated_at = @now WHERE sid = @sid').run({ sid, monthlyLimitMinor, now });
  }

  updateLowBalanceAlert(sid: string, alert: { enabled: boolean; thresholdMinor: number | null; emails: string[] }, now: number): void {
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
    this.db.statement('UPDATE accounts SET low_balance_alert_armed = @armed WHERE sid = @sid').run({ sid, armed: armed ? 1 : 0 });
  }

  setUsageAlertPeriod(sid: string, period: string): void {
    this.db.statement('UPDATE accounts SET usage_alert_period = @period WHERE sid = @sid').run({ sid, period });
  }

  setRateLimit(sid: string, limit: { requests: number; windowMs: number } | null): void {
    this.db
      .statement('UPDATE accounts SET rate_limit_requests = @requests, rate_limit_window_ms = @windowMs WHERE sid = @sid')
      .run({ sid, requests: limit?.requests ?? null, windowMs: limit?.windowMs ?? null });
  }
}
