import type { BillingView } from '../../../shared/calls/billing';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export type BillingSnapshot = Omit<BillingView, 'profileId'>;

interface BillingRow {
  pulled_at_ms: number;
  account_type: 'prepaid' | 'postpaid';
  credit_type: 'assigned' | 'shared' | null;
  currency: string;
  balance_minor: number | null;
  credit_limit_minor: number | null;
  used_minor: number | null;
  remaining_minor: number | null;
  usage_75_percent: number | null;
  period_start: string | null;
  period_end: string | null;
}

const toSnapshot = (row: BillingRow): BillingSnapshot => ({
  pulledAt: isoAt(row.pulled_at_ms),
  accountType: row.account_type,
  creditType: row.credit_type,
  currency: row.currency,
  balanceMinor: row.balance_minor,
  creditLimitMinor: row.credit_limit_minor,
  usedMinor: row.used_minor,
  remainingMinor: row.remaining_minor,
  usage75Percent: row.usage_75_percent === null ? null : row.usage_75_percent === 1,
  periodStart: row.period_start,
  periodEnd: row.period_end,
});

/** The account's money as the API last reported it. A pull that changes nothing adds no row. */
export class BillingRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get latestStatement() {
    return this.statements.statement<{ profileId: string }, BillingRow>(
      'SELECT * FROM billing_snapshots WHERE profile_id = @profileId ORDER BY pulled_at_ms DESC LIMIT 1',
    );
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO billing_snapshots (profile_id, pulled_at_ms, account_type, credit_type, currency, balance_minor,
        credit_limit_minor, used_minor, remaining_minor, usage_75_percent, period_start, period_end)
      VALUES (@profileId, @pulledAtMs, @accountType, @creditType, @currency, @balanceMinor,
        @creditLimitMinor, @usedMinor, @remainingMinor, @usage75Percent, @periodStart, @periodEnd)`);
  }

  latest(profileId: string): BillingSnapshot | null {
    const row = this.latestStatement.get({ profileId });
    return row ? toSnapshot(row) : null;
  }

  /** Returns whether the figures changed (and so were recorded). */
  record(profileId: string, snapshot: BillingSnapshot): boolean {
    const latest = this.latest(profileId);
    if (latest && sameFigures(latest, snapshot)) return false;
    this.insertStatement.run({
      profileId,
      ...snapshot,
      pulledAtMs: msOfIso(snapshot.pulledAt),
      usage75Percent: snapshot.usage75Percent === null ? null : Number(snapshot.usage75Percent),
    });
    return true;
  }
}

function sameFigures(a: BillingSnapshot, b: BillingSnapshot): boolean {
  const { pulledAt: _a, ...left } = a;
  const { pulledAt: _b, ...right } = b;
  return JSON.stringify(left) === JSON.stringify(right);
}
