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
    return this.statements.statement<{ profileId: string; stream: string }, { cursor: string | null; last_synced_at: string | null }>(
      'SELECT cursor, last_synced_at FROM sync_state WHERE profile_id = @profileId AND stream = @stream',
    );
  }

  private get recordStatement() {
    return this.statements.statement(`
      INSERT INTO sync_state (profile_id, stream, cursor, last_synced_at)
      VALUES (@profileId, @stream, @cursor, @syncedAt)
      ON CONFLICT (profile_id, stream) DO UPDATE SET cursor = excluded.cursor, last_synced_at = excluded.last_synced_at`);
  }

  get(profileId: string, stream: SyncStream): { cursor: string | null; lastSyncedAt: string | null } {
    const row = this.getStatement.get({ profileId, stream });
    return { cursor: row?.cursor ?? null, lastSyncedAt: row?.last_synced_at ?? null };
  }

  recordSuccess(profileId: string, stream: SyncStream, syncedAt: string, cursor: string | null = null): void {
    this.recordStatement.run({ profileId, stream, cursor, syncedAt });
  }
}
