import type { CreditHistoryEntry, CreditHistoryKind } from '../../../shared/calls/subaccounts';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export interface NewCreditHistoryEntry {
  sid: string;
  subaccountName: string;
  kind: CreditHistoryKind;
  amountMinor: number;
  currency: string;
  balanceAfterMinor: number | null;
  source: 'desktop' | 'pull';
  at: string;
}

/** A balance a pull found different from the cached one. */
export interface ObservedBalanceChange {
  sid: string;
  name: string;
  currency: string;
  previousMinor: number;
  currentMinor: number;
}

export interface CreditHistoryQuery {
  from?: string;
  to?: string;
  sid?: string;
  limit: number;
}

interface CreditHistoryRow {
  id: number;
  subaccount_sid: string;
  subaccount_name: string;
  kind: CreditHistoryKind;
  amount_minor: number;
  currency: string;
  balance_after_minor: number | null;
  source: 'desktop' | 'pull';
  at_ms: number;
}

const toEntry = (row: CreditHistoryRow): CreditHistoryEntry => ({
  id: row.id,
  sid: row.subaccount_sid,
  subaccountName: row.subaccount_name,
  kind: row.kind,
  amountMinor: row.amount_minor,
  currency: row.currency,
  balanceAfterMinor: row.balance_after_minor,
  source: row.source,
  at: isoAt(row.at_ms),
});

/**
 * The credits history: the platform documents no API for it, so the desktop keeps what it did
 * and what its pulls revealed. Callers write inside the transaction that updates the cache.
 */
export class CreditHistoryRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO credit_history (profile_id, subaccount_sid, subaccount_name, kind, amount_minor, currency, balance_after_minor, source, at_ms)
      VALUES (@profileId, @sid, @subaccountName, @kind, @amountMinor, @currency, @balanceAfterMinor, @source, @atMs)`);
  }

  private get queryStatement() {
    return this.statements.statement<{ profileId: string; fromMs: number | null; toMs: number | null; sid: string | null; limit: number }, CreditHistoryRow>(`
      SELECT id, subaccount_sid, subaccount_name, kind, amount_minor, currency, balance_after_minor, source, at_ms
      FROM credit_history
      WHERE profile_id = @profileId
        AND (@fromMs IS NULL OR at_ms >= @fromMs)
        AND (@toMs IS NULL OR at_ms < @toMs)
        AND (@sid IS NULL OR subaccount_sid = @sid)
      ORDER BY at_ms DESC, id DESC
      LIMIT @limit`);
  }

  append(profileId: string, entry: NewCreditHistoryEntry): void {
    if (entry.amountMinor === 0) return;
    this.insertStatement.run({ profileId, ...entry, atMs: msOfIso(entry.at) });
  }

  /** Balance changes nobody on this desktop made: spend, refunds, another desktop's transfers. */
  appendObserved(profileId: string, changes: readonly ObservedBalanceChange[], at: string): void {
    for (const change of changes) {
      this.append(profileId, {
        sid: change.sid,
        subaccountName: change.name,
        kind: 'observed',
        amountMinor: change.currentMinor - change.previousMinor,
        currency: change.currency,
        balanceAfterMinor: change.currentMinor,
        source: 'pull',
        at,
      });
    }
  }

  /** Newest first; `to` is exclusive. Asks for one more than `limit` to say whether there is more. */
  query(profileId: string, query: CreditHistoryQuery): { entries: CreditHistoryEntry[]; truncated: boolean } {
    const rows = this.queryStatement.all({
      profileId,
      fromMs: query.from === undefined ? null : msOfIso(query.from),
      toMs: query.to === undefined ? null : msOfIso(query.to),
      sid: query.sid ?? null,
      limit: query.limit + 1,
    });
    return { entries: rows.slice(0, query.limit).map(toEntry), truncated: rows.length > query.limit };
  }
}
