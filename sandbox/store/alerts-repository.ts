import type { SandboxDatabase } from './database';

export type AlertKind = 'low_balance' | 'usage_75_percent';

export interface AlertRecord {
  seq: number;
  accountSid: string;
  kind: AlertKind;
  amountMinor: number;
  thresholdMinor: number;
  currency: string;
  emails: string[];
  at: number;
}

export class AlertsRepository {
  constructor(private readonly db: SandboxDatabase) {}

  record(alert: Omit<AlertRecord, 'seq'>): void {
    this.db
      .statement(
        `INSERT INTO alerts (account_sid, kind, amount_minor, threshold_minor, currency, emails, at)
         VALUES (@accountSid, @kind, @amountMinor, @thresholdMinor, @currency, @emails, @at)`,
      )
      .run({ ...alert, emails: JSON.stringify(alert.emails) });
  }

  /** Alerts of the given accounts after `sinceSeq`, oldest first. */
  page(accountSids: string[], sinceSeq: number, limit: number): AlertRecord[] {
    const rows = this.db
      .statement(
        `SELECT seq, account_sid, kind, amount_minor, threshold_minor, currency, emails, at FROM alerts
         WHERE seq > @sinceSeq AND account_sid IN (SELECT value FROM json_each(@sids))
         ORDER BY seq LIMIT @limit`,
      )
      .all({ sinceSeq, sids: JSON.stringify(accountSids), limit }) as Array<{
      seq: number;
      account_sid: string;
      kind: AlertKind;
      amount_minor: number;
      threshold_minor: number;
      currency: string;
      emails: string;
      at: number;
    }>;
    return rows.map((row) => ({
      seq: row.seq,
      accountSid: row.account_sid,
      kind: row.kind,
      amountMinor: row.amount_minor,
      thresholdMinor: row.threshold_minor,
      currency: row.currency,
      emails: JSON.parse(row.emails) as string[],
      at: row.at,
    }));
  }
}
