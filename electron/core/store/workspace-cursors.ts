import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { SqliteDatabase } from './database';
import { msOfIso } from './stored-instants';

/**
 * Where each pull from the team workspace left off (`workspace_cursors`), per profile and workspace
 * table: the watermark the next pull starts from. Every workspace repository reads and moves its
 * cursors here; `save` belongs inside the transaction that applied the pulled rows, so the cursor
 * never runs ahead of them.
 */
export class WorkspaceCursors {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  watermark(profileId: string, table: string): string | undefined {
    return this.statements
      .statement<{ profileId: string; table: string }, { watermark: string }>(
        'SELECT watermark FROM workspace_cursors WHERE profile_id = @profileId AND table_name = @table',
      )
      .get({ profileId, table })?.watermark;
  }

  /** `now` is the ISO instant of the pull; it is stored as epoch ms (`pulled_at_ms`). */
  save(profileId: string, table: string, watermark: string, now: string): void {
    this.statements
      .statement(
        `INSERT INTO workspace_cursors (profile_id, table_name, watermark, pulled_at_ms) VALUES (@profileId, @table, @watermark, @nowMs)
         ON CONFLICT (profile_id, table_name) DO UPDATE SET watermark = excluded.watermark, pulled_at_ms = excluded.pulled_at_ms`,
      )
      .run({ profileId, table, watermark, nowMs: msOfIso(now) });
  }
}
