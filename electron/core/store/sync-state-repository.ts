import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export type SyncStream = 'subaccounts' | 'spend-logs';

/** Per-profile, per-stream pull bookkeeping: the cursor to resume from and when it last succeeded. */
export class SyncStateRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get getStatement() {
    return this.statements.statement<{ profileId: string; stream: string }, { cursor: string | null; last_synced_at_ms: number | null }>(
      'SELECT cursor, last_synced_at_ms FROM sync_state WHERE profile_id = @profileId AND stream = @stream',
    );
  }

  private get recordStatement() {
    return this.statements.statement(`
      INSERT INTO sync_state (profile_id, stream, cursor, last_synced_at_ms)
      VALUES (@profileId, @stream, @cursor, @syncedAtMs)
      ON CONFLICT (profile_id, stream) DO UPDATE SET cursor = excluded.cursor, last_synced_at_ms = excluded.last_synced_at_ms`);
  }

  /** The stream's cursor and when it last succeeded (epoch ms). */
  get(profileId: string, stream: SyncStream): { cursor: string | null; lastSyncedAtMs: number | null } {
    const row = this.getStatement.get({ profileId, stream });
    return { cursor: row?.cursor ?? null, lastSyncedAtMs: row?.last_synced_at_ms ?? null };
  }

  recordSuccess(profileId: string, stream: SyncStream, syncedAtMs: number, cursor: string | null = null): void {
    this.recordStatement.run({ profileId, stream, cursor, syncedAtMs });
  }
}
