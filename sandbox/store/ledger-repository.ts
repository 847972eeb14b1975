import type { SandboxDatabase } from './database';

export type LedgerKind =
  'opening_balance' | 'allocation' | 'withdrawal' | 'deletion_return' | 'sms_charge' | 'sms_refund' | 'subaccount_usage' | 'subaccount_refund';

export interface LedgerEntry {
  accountSid: string;
  kind: LedgerKind;
  /** Positive adds to the account's balance (or lowers its usage); negative consumes. */
  amountMinor: number;
  /** UTC month (YYYY-MM) whose usage the movement counts toward. */
  period: string;
  counterpartySid: string | null;
  reference: string | null;
  createdAt: number;
}

export interface LedgerDiscrepancy {
  accountSid: string;
  what: 'balance' | 'usage';
  period: string | null;
  cached: number;
  fromLedger: number;
}

/**
 * The only writer of money. Every entry updates the cached balance and the period's usage in
 * the caller's transaction, so both can always be recomputed from the ledger.
 */
export class LedgerRepository {
  constructor(private readonly db: SandboxDatabase) {}

  post(entry: LedgerEntry): void {
    this.db
      .statement(
        `INSERT INTO ledger (account_sid, kind, amount_minor, period, counterparty_sid, reference, created_at)
         VALUES (@accountSid, @kind, @amountMinor, @period, @counterpartySid, @reference, @createdAt)`,
      )
      .run(entry);
    this.db
      .statement('UPDATE accounts SET balance_minor = balance_minor + @amountMinor WHERE sid = @accountSid')
      .run({ accountSid: entry.accountSid, amountMinor: entry.amountMinor });
    this.db
      .statement(
        `INSERT INTO usage_by_period (account_sid, period, used_minor) VALUES (@accountSid, @period, -@amountMinor)
         ON CONFLICT (account_sid, period) DO UPDATE SET used_minor = used_minor - @amountMinor`,
      )
      .run({ accountSid: entry.accountSid, period: entry.period, amountMinor: entry.amountMinor });
  }

  usedInPeriod(accountSid: string, period: string): number {
    const row = this.db.statement('SELECT used_minor FROM usage_by_period WHERE account_sid = @accountSid AND period = @period').get({ accountSid, period }) as
      { used_minor: number } | undefined;
    return row?.used_minor ?? 0;
  }

  entriesFor(accountSid: string): LedgerEntry[] {
    const rows = this.db
      .statement(
        `SELECT account_sid, kind, amount_minor, period, counterparty_sid, reference, created_at
         FROM ledger WHERE account_sid = @accountSid ORDER BY seq`,
      )
      .all({ accountSid }) as Array<{
      account_sid: string;
      kind: LedgerKind;
      amount_minor: number;
      period: string;
      counterparty_sid: string | null;
      reference: string | null;
      created_at: number;
    }>;
    return rows.map((row) => ({
      accountSid: row.account_sid,
      kind: row.kind,
      amountMinor: row.amount_minor,
      period: row.period,
      counterpartySid: row.counterparty_sid,
      reference: row.reference,
      createdAt: row.created_at,
    }));
  }

  /** Recomputes every cached balance and usage from the ledger; empty when all agree. */
  discrepancies(): LedgerDiscrepancy[] {
    const balances = this.db
      .statement(
        `SELECT a.sid AS sid, a.balance_minor AS cached, COALESCE(SUM(l.amount_minor), 0) AS fromLedger
         FROM accounts a LEFT JOIN ledger l ON l.account_sid = a.sid GROUP BY a.sid
         HAVING cached <> fromLedger`,
      )
      .all() as Array<{ sid: string; cached: number; fromLedger: number }>;
    const usages = this.db
      .statement(
        `SELECT u.account_sid AS sid, u.period AS period, u.used_minor AS cached,
           -COALESCE((SELECT SUM(amount_minor) FROM ledger l WHERE l.account_sid = u.account_sid AND l.period = u.period), 0) AS fromLedger
         FROM usage_by_period u WHERE cached <> fromLedger`,
      )
      .all() as Array<{ sid: string; period: string; cached: number; fromLedger: number }>;
    return [
      ...balances.map((row) => ({ accountSid: row.sid, what: 'balance' as const, period: null, cached: row.cached, fromLedger: row.fromLedger })),
      ...usages.map((row) => ({ accountSid: row.sid, what: 'usage' as const, period: row.period, cached: row.cached, fromLedger: row.fromLedger })),
    ];
  }
}
