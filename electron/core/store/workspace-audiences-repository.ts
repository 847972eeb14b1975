import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { AudienceCounts, AudienceReport } from './audiences-repository';
import { msOfIso } from './stored-instants';
import { WorkspaceCursors } from './workspace-cursors';
import type { SqliteDatabase } from './database';

/** An audience's metadata as the workspace holds it. */
interface SharedAudienceMetadata {
  accountSid: string;
  name: string;
  rowCount: number;
  recipients: number;
  revision: number;
  sharedBy: string;
  rowsComplete: boolean;
  deleted: boolean;
}

/** What this desktop knows of one audience in the workspace. */
export interface WorkspaceAudienceRecord extends SharedAudienceMetadata {
  workspaceId: string;
  /** The local audience holding its rows: the shared one itself, or a teammate's once pulled here. */
  localAudienceId: string | null;
  /** Shared from this desktop (its workspace id is the local audience's id). */
  sharedHere: boolean;
  /** Null (and `revision` 0) until the workspace holds its metadata. */
  sharedAtMs: number | null;
}

/** An audience's metadata as pulled from the workspace. */
export interface PulledAudience extends SharedAudienceMetadata {
  id: string;
  sharedAtMs: number;
}

interface ShareRow {
  workspace_id: string;
  local_audience_id: string | null;
  shared_here: number;
  account_sid: string;
  name: string;
  row_count: number;
  recipients: number;
  revision: number;
  shared_by: string;
  shared_at_ms: number | null;
  rows_complete: number;
  deleted: number;
}

const toRecord = (row: ShareRow): WorkspaceAudienceRecord => ({
  workspaceId: row.workspace_id,
  localAudienceId: row.local_audience_id,
  sharedHere: row.shared_here === 1,
  accountSid: row.account_sid,
  name: row.name,
  rowCount: row.row_count,
  recipients: row.recipients,
  revision: row.revision,
  sharedBy: row.shared_by,
  sharedAtMs: row.shared_at_ms,
  rowsComplete: row.rows_complete === 1,
  deleted: row.deleted === 1,
});

/**
 * The local side of shared audiences: which audiences a profile shared or sees in the workspace
 * (and which shares or deletions are still to push), where the next pull of their metadata starts,
 * and a downloaded audience made ready. The rows
 * themselves are read for an upload and written from a download by AudiencesRepository
 * (`sharedRows`, `appendSharedRows`).
 */
export class WorkspaceAudiencesRepository {
  private readonly statements: StatementCache;
  private readonly cursors: WorkspaceCursors;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    this.cursors = new WorkspaceCursors(db);
  }

  private get byProfile() {
    return this.statements.statement<{ profileId: string }, ShareRow>(
      'SELECT * FROM workspace_audiences WHERE profile_id = @profileId AND deleted = 0 ORDER BY shared_at_ms DESC, name',
    );
  }

  private get byId() {
    return this.statements.statement<{ profileId: string; workspaceId: string }, ShareRow>(
      'SELECT * FROM workspace_audiences WHERE profile_id = @profileId AND workspace_id = @workspaceId',
    );
  }

  private get upsertShare() {
    return this.statements.statement(`
      INSERT INTO workspace_audiences (profile_id, workspace_id, local_audience_id, shared_here, account_sid, name, row_count, recipients, shared_by)
      VALUES (@profileId, @workspaceId, @workspaceId, 1, @accountSid, @name, @rowCount, @recipients, @sharedBy)
      ON CONFLICT (profile_id, workspace_id) DO UPDATE SET row_count = excluded.row_count, recipients = excluded.recipients, deleted = 0`);
  }

  private get upsertPulled() {
    return this.statements.statement(`
      INSERT INTO workspace_audiences (profile_id, workspace_id, shared_here, account_sid, name, row_count, recipients, revision, shared_by,
        shared_at_ms, rows_complete, deleted)
      VALUES (@profileId, @id, 0, @accountSid, @name, @rowCount, @recipients, @revision, @sharedBy, @sharedAtMs, @rowsComplete, @deleted)
      ON CONFLICT (profile_id, workspace_id) DO UPDATE SET account_sid = excluded.account_sid, name = excluded.name,
        row_count = excluded.row_count, recipients = excluded.recipients, revision = excluded.revision, shared_by = excluded.shared_by,
        shared_at_ms = excluded.shared_at_ms, rows_complete = excluded.rows_complete, deleted = excluded.deleted
      WHERE excluded.revision >= workspace_audiences.revision`);
  }

  /** Where the next pull of audience metadata starts. */
  watermark(profileId: string): string | undefined {
    return this.cursors.watermark(profileId, 'audiences');
  }

  list(profileId: string): WorkspaceAudienceRecord[] {
    return this.byProfile.all({ profileId }).map(toRecord);
  }

  get(profileId: string, workspaceId: string): WorkspaceAudienceRecord | undefined {
    const row = this.byId.get({ profileId, workspaceId });
    return row && toRecord(row);
  }

  /** The workspace audience whose rows a local audience holds (shared from here, or downloaded from a teammate). */
  heldLocallyAs(profileId: string, localAudienceId: string): WorkspaceAudienceRecord | undefined {
    const row = this.cached<{ profileId: string; localAudienceId: string }, ShareRow>(
      'SELECT * FROM workspace_audiences WHERE profile_id = @profileId AND local_audience_id = @localAudienceId',
    ).get({ profileId, localAudienceId });
    return row && toRecord(row);
  }

  /** The local audience this desktop decided to share (its metadata is pushed by the next sync or the upload, whichever runs first). */
  recordShare(
    profileId: string,
    share: { audienceId: string; accountSid: string; name: string; rowCount: number; recipients: number; sharedBy: string },
  ): void {
    this.upsertShare.run({ profileId, workspaceId: share.audienceId, ...share });
  }

  /** The workspace now holds this share's metadata at `revision` (and all its rows when `rowsComplete`). */
  recordPushed(profileId: string, workspaceId: string, pushed: { revision: number; rowsComplete: boolean; sharedAtMs: number }): void {
    this.cached(
      `UPDATE workspace_audiences SET revision = @revision, rows_complete = @rowsComplete, shared_at_ms = @sharedAtMs
        WHERE profile_id = @profileId AND workspace_id = @workspaceId`,
    ).run({ profileId, workspaceId, revision: pushed.revision, rowsComplete: pushed.rowsComplete ? 1 : 0, sharedAtMs: pushed.sharedAtMs });
  }

  /** Shares whose metadata the workspace does not hold yet (shared while offline). */
  unpushedShares(profileId: string): WorkspaceAudienceRecord[] {
    return this.cached<{ profileId: string }, ShareRow>(
      'SELECT * FROM workspace_audiences WHERE profile_id = @profileId AND shared_here = 1 AND revision = 0 AND local_audience_id IS NOT NULL',
    )
      .all({ profileId })
      .map(toRecord);
  }

  /** Shares whose local audience was deleted here: the workspace copy goes too. */
  deletedShares(profileId: string): WorkspaceAudienceRecord[] {
    return this.cached<{ profileId: string }, ShareRow>(
      'SELECT * FROM workspace_audiences WHERE profile_id = @profileId AND shared_here = 1 AND local_audience_id IS NULL AND deleted = 0',
    )
      .all({ profileId })
      .map(toRecord);
  }

  forget(profileId: string, workspaceId: string): void {
    this.cached('DELETE FROM workspace_audiences WHERE profile_id = @profileId AND workspace_id = @workspaceId').run({ profileId, workspaceId });
  }

  /**
   * One pulled window of audience metadata and the cursor, in one transaction. This desktop's own
   * shares keep their local link; everyone else's are listed as the team's. Returns how many rows changed.
   */
  applyPulled(profileId: string, rows: readonly PulledAudience[], watermark: string, now: string): number {
    return this.db
      .transaction(() => {
        let changed = 0;
        for (const row of rows) {
          const known = this.byId.get({ profileId, workspaceId: row.id });
          if (known?.shared_here === 1) {
            // This desktop's own share: a window read before its last push (metadata first, rows complete after) must not take it back.
            if (row.revision >= known.revision)
              this.recordPushed(profileId, row.id, { revision: row.revision, rowsComplete: row.rowsComplete, sharedAtMs: row.sharedAtMs });
            continue;
          }
          changed += this.upsertPulled.run({ profileId, ...row, rowsComplete: row.rowsComplete ? 1 : 0, deleted: row.deleted ? 1 : 0 }).changes;
        }
        this.cursors.save(profileId, 'audiences', watermark, now);
        return changed;
      })
      .immediate();
  }

  /** A teammate's audience whose rows are now in the local store as `localAudienceId`. */
  linkLocal(profileId: string, workspaceId: string, localAudienceId: string): void {
    this.cached('UPDATE workspace_audiences SET local_audience_id = @localAudienceId WHERE profile_id = @profileId AND workspace_id = @workspaceId').run({
      profileId,
      workspaceId,
      localAudienceId,
    });
  }

  /** Makes a pulled audience `ready` with the counts and report its import had on the sharing desktop. */
  completePull(audienceId: string, counts: AudienceCounts, report: AudienceReport | null, now: string): void {
    this.cached(
      `UPDATE audiences SET status = 'ready', total_rows = @totalRows, valid_rows = @validRows, invalid_rows = @invalidRows,
         duplicate_rows = @duplicateRows, opted_out_rows = @optedOutRows, report_json = @reportJson, updated_at_ms = @nowMs WHERE id = @id`,
    ).run({ id: audienceId, ...counts, reportJson: report === null ? null : JSON.stringify(report), nowMs: msOfIso(now) });
  }

  private cached<P extends object, R = unknown>(sql: string) {
    return this.statements.statement<P, R>(sql);
  }
}
