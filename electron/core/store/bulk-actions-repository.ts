import type { BulkActionKind } from '../../../shared/calls/subaccount-bulk';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { msOfIso } from './stored-instants';

/** `sending`: the request may have left; its answer is not recorded yet. */
export type BulkItemState = 'sending' | 'done' | 'refused' | 'unknown' | 'skipped';

export interface BulkItemRecord {
  sid: string;
  state: BulkItemState;
  message: string;
  balanceAfterMinor: number | null;
  currency: string | null;
}

export interface BulkItemKey {
  operationId: string;
  profileId: string;
  sid: string;
}

/** The journal of bulk sub-account actions, one row per account and operation. */
export class BulkActionsRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get getStatement() {
    return this.statements.statement<
      { operationId: string; profileId: string },
      { sid: string; state: BulkItemState; message: string; balance_after_minor: number | null; currency: string | null }
    >('SELECT sid, state, message, balance_after_minor, currency FROM subaccount_bulk_items WHERE operation_id = @operationId AND profile_id = @profileId');
  }

  private get putStatement() {
    return this.statements.statement(`
      INSERT INTO subaccount_bulk_items (operation_id, profile_id, sid, action, amount_minor, state, message, balance_after_minor, currency, updated_at_ms)
      VALUES (@operationId, @profileId, @sid, @action, @amountMinor, @state, @message, @balanceAfterMinor, @currency, @atMs)
      ON CONFLICT (operation_id, sid) DO UPDATE SET state = excluded.state, message = excluded.message,
        balance_after_minor = excluded.balance_after_minor, currency = excluded.currency, updated_at_ms = excluded.updated_at_ms`);
  }

  /** What earlier attempts of this operation recorded, per account. */
  itemsOf(operationId: string, profileId: string): Map<string, BulkItemRecord> {
    return new Map(
      this.getStatement
        .all({ operationId, profileId })
        .map((row) => [row.sid, { sid: row.sid, state: row.state, message: row.message, balanceAfterMinor: row.balance_after_minor, currency: row.currency }]),
    );
  }

  put(key: BulkItemKey, action: BulkActionKind, amountMinor: number | null, record: Omit<BulkItemRecord, 'sid'>, at: string): void {
    this.putStatement.run({ ...key, action, amountMinor, ...record, atMs: msOfIso(at) });
  }
}
