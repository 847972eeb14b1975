import { sqlList } from './sql-values';
import { MessageStatusGroup } from '../../../shared/message-status';
import { OutboxStateGroup } from '../../../shared/outbox-state';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';
import { WorkspaceCursors } from './workspace-cursors';
import type { WorkspaceSuppression } from '../workspace/workspace-suppressions';
import type { SqliteDatabase } from './database';
import type { SuppressionReason } from './suppressions-repository';

interface MirrorRow {
  id: string;
  account_sid: string;
  phone_e164: string;
  reason: string;
  note: string;
  deleted: number;
  revision: number;
  updated_by: string;
  updated_at_ms: number;
}

const toSuppression = (row: MirrorRow): WorkspaceSuppression => ({
  id: row.id,
  accountSid: row.account_sid,
  phoneE164: row.phone_e164,
  reason: row.reason,
  note: row.note,
  deleted: row.deleted === 1,
  revision: row.revision,
  updatedBy: row.updated_by,
  updatedAt: isoAt(row.updated_at_ms),
});

/** The workspace's reasons as the local list records them (it knows two). */
export const localReasonOf = (reason: string): SuppressionReason => (reason === 'opt_out' || reason === 'opted_out' ? 'opt_out' : 'do_not_contact');

export interface WorkspaceConflict {
  id: number;
  entity: string;
  entityId: string;
  mine: unknown;
  theirs: unknown;
  detectedAt: string;
}

/**
 * This desktop's side of the workspace sync: pull cursors, the suppressions as last pulled (the
 * base revision of every push), and conflicts kept until the person decides. Pulled rows and the
 * cursor move together in one transaction, so a crash never advances the cursor past rows not
 * applied.
 */
export class WorkspaceSyncRepository {
  private readonly statements: StatementCache;
  private readonly cursors: WorkspaceCursors;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    this.cursors = new WorkspaceCursors(db);
    // This desktop's sends (as the frequency cap counts them: accepted, not refused or undelivered)
    // newer than what the workspace is known to hold for that number.
  }

  private get upsertMirror() {
    return this.statements.statement(`
      INSERT INTO workspace_suppressions (profile_id, id, account_sid, phone_e164, reason, note, deleted, revision, updated_by, updated_at_ms)
      VALUES (@profileId, @id, @accountSid, @phoneE164, @reason, @note, @deleted, @revision, @updatedBy, @updatedAtMs)
      ON CONFLICT (profile_id, id) DO UPDATE SET account_sid = excluded.account_sid, phone_e164 = excluded.phone_e164,
        reason = excluded.reason, note = excluded.note, deleted = excluded.deleted, revision = excluded.revision,
        updated_by = excluded.updated_by, updated_at_ms = excluded.updated_at_ms
      WHERE excluded.revision >= workspace_suppressions.revision`);
  }

  private get liveElsewhere() {
    return this.statements.statement<{ profileId: string; phoneE164: string }, { n: number }>(
      'SELECT COUNT(*) AS n FROM workspace_suppressions WHERE profile_id = @profileId AND phone_e164 = @phoneE164 AND deleted = 0',
    );
  }

  private get insertLocal() {
    return this.statements.statement(`
      INSERT INTO suppressions (profile_id, phone_e164, reason, created_at_ms) VALUES (@profileId, @phoneE164, @reason, @nowMs)
      ON CONFLICT (profile_id, phone_e164) DO NOTHING`);
  }

  private get deleteLocal() {
    return this.statements.statement('DELETE FROM suppressions WHERE profile_id = @profileId AND phone_e164 = @phoneE164');
  }

  private get unpushedOf() {
    return this.statements.statement<{ profileId: string }, { phoneE164: string; reason: SuppressionReason }>(`
      SELECT s.phone_e164 AS phoneE164, s.reason FROM suppressions s
       WHERE s.profile_id = @profileId
         AND NOT EXISTS (SELECT 1 FROM workspace_suppressions w WHERE w.profile_id = s.profile_id AND w.phone_e164 = s.phone_e164 AND w.deleted = 0)
       ORDER BY s.phone_e164`);
  }

  private get removedLocallyOf() {
    return this.statements.statement<{ profileId: string }, MirrorRow>(`
      SELECT w.* FROM workspace_suppressions w
       WHERE w.profile_id = @profileId AND w.deleted = 0
         AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.profile_id = w.profile_id AND s.phone_e164 = w.phone_e164)
       ORDER BY w.phone_e164`);
  }

  private get insertConflict() {
    return this.statements.statement(
      'INSERT INTO workspace_conflicts (profile_id, entity, entity_id, mine, theirs, detected_at_ms) ' +
        'VALUES (@profileId, @entity, @entityId, @mine, @theirs, @nowMs)',
    );
  }

  private get upsertLastMessaged() {
    return this.statements.statement(`
      INSERT INTO workspace_last_messaged (profile_id, phone_e164, last_at_ms) VALUES (@profileId, @phoneE164, @atMs)
      ON CONFLICT (profile_id, phone_e164) DO UPDATE SET last_at_ms = excluded.last_at_ms WHERE excluded.last_at_ms > workspace_last_messaged.last_at_ms`);
  }

  private get lastMessagedBetween() {
    return this.statements.statement<{ profileId: string; fromMs: number; toMs: number }, { phone_e164: string }>(
      'SELECT phone_e164 FROM workspace_last_messaged WHERE profile_id = @profileId AND last_at_ms BETWEEN @fromMs AND @toMs',
    );
  }

  private get unpushedSendsOf() {
    return this.statements.statement<{ profileId: string; sinceMs: number }, { phoneE164: string; atMs: number }>(`
      SELECT m.recipient AS phoneE164, MAX(o.send_at_ms) AS atMs FROM outbox o JOIN campaign_messages m ON m.outbox_id = o.id
       WHERE o.profile_id = @profileId AND o.send_at_ms >= @sinceMs AND o.state IN (${sqlList(OutboxStateGroup.atApi)})
         AND m.status NOT IN (${sqlList(MessageStatusGroup.neverReachesRecipient)})
       GROUP BY m.recipient
      HAVING MAX(o.send_at_ms) > coalesce((SELECT w.last_at_ms FROM workspace_last_messaged w
                                           WHERE w.profile_id = @profileId AND w.phone_e164 = m.recipient), -1)`);
  }

  private get conflictsOf() {
    return this.statements.statement<
      { profileId: string },
      { id: number; entity: string; entity_id: string; mine: string; theirs: string; detected_at_ms: number }
    >('SELECT * FROM workspace_conflicts WHERE profile_id = @profileId ORDER BY id');
  }

  watermark(profileId: string, table: string): string | undefined {
    return this.cursors.watermark(profileId, table);
  }

  /**
   * Applies one pulled window: the mirror takes every row; the local list (what plans read) gains
   * the live numbers and loses the removed ones that no other live workspace row still suppresses.
   * Returns how many local numbers changed.
   */
  applyPulledSuppressions(profileId: string, rows: readonly WorkspaceSuppression[], watermark: string, now: string): number {
    const nowMs = msOfIso(now);
    return this.db
      .transaction(() => {
        let changed = 0;
        for (const row of rows) {
          this.mirror(profileId, row);
          if (!row.deleted) changed += this.insertLocal.run({ profileId, phoneE164: row.phoneE164, reason: localReasonOf(row.reason), nowMs }).changes;
          else if ((this.liveElsewhere.get({ profileId, phoneE164: row.phoneE164 })?.n ?? 0) === 0)
            changed += this.deleteLocal.run({ profileId, phoneE164: row.phoneE164 }).changes;
        }
        this.cursors.save(profileId, 'suppressions', watermark, now);
        return changed;
      })
      .immediate();
  }

  /** A row as the workspace now holds it, after this desktop's own push. */
  recordPushed(profileId: string, row: WorkspaceSuppression): void {
    this.mirror(profileId, row);
  }

  /** Numbers on the local list the workspace does not have (added here, or opted out on this desktop's sync). */
  unpushed(profileId: string): Array<{ phoneE164: string; reason: SuppressionReason }> {
    return this.unpushedOf.all({ profileId });
  }

  /** Live workspace rows whose number was removed from the local list on this desktop. */
  removedLocally(profileId: string): WorkspaceSuppression[] {
    return this.removedLocallyOf.all({ profileId }).map(toSuppression);
  }

  /** Puts a number back on the local list: its removal was refused or lost to someone else's change. */
  restoreLocal(profileId: string, row: WorkspaceSuppression, now: string): void {
    this.insertLocal.run({ profileId, phoneE164: row.phoneE164, reason: localReasonOf(row.reason), nowMs: msOfIso(now) });
  }

  /** Keeps both versions, and the workspace's as the mirror, in one transaction; the local number stays suppressed. */
  recordConflict(profileId: string, conflict: { entity: string; entityId: string; mine: unknown; theirs: WorkspaceSuppression }, now: string): void {
    this.db
      .transaction(() => {
        this.insertConflict.run({
          profileId,
          entity: conflict.entity,
          entityId: conflict.entityId,
          mine: JSON.stringify(conflict.mine),
          theirs: JSON.stringify(conflict.theirs),
          nowMs: msOfIso(now),
        });
        this.mirror(profileId, conflict.theirs);
        if (!conflict.theirs.deleted) this.restoreLocal(profileId, conflict.theirs, now);
      })
      .immediate();
  }

  /** Pulled last-messaged times of this profile's own account, and the cursor, in one transaction. */
  applyPulledLastMessaged(profileId: string, rows: ReadonlyArray<{ phoneE164: string; lastAtMs: number }>, watermark: string, now: string): void {
    this.db
      .transaction(() => {
        for (const row of rows) this.upsertLastMessaged.run({ profileId, phoneE164: row.phoneE164, atMs: row.lastAtMs });
        this.cursors.save(profileId, 'last_messaged', watermark, now);
      })
      .immediate();
  }

  /** Sends of this desktop since `sinceMs` that the workspace does not hold yet (or holds an older time for). */
  unpushedSends(profileId: string, sinceMs: number): Array<{ phoneE164: string; atMs: number }> {
    return this.unpushedSendsOf.all({ profileId, sinceMs });
  }

  recordPushedSends(profileId: string, sends: ReadonlyArray<{ phoneE164: string; atMs: number }>): void {
    this.db.transaction(() => sends.forEach((send) => this.upsertLastMessaged.run({ profileId, phoneE164: send.phoneE164, atMs: send.atMs }))).immediate();
  }

  /** Numbers messaged (by any desktop of this account, as last synced) for an instant in [fromMs, toMs]: the shared half of the frequency cap. */
  messagedBetween(profileId: string, fromMs: number, toMs: number): Set<string> {
    const phones = new Set<string>();
    for (const row of this.lastMessagedBetween.iterate({ profileId, fromMs, toMs })) phones.add(row.phone_e164);
    return phones;
  }

  conflicts(profileId: string): WorkspaceConflict[] {
    return this.conflictsOf.all({ profileId }).map((row) => ({
      id: row.id,
      entity: row.entity,
      entityId: row.entity_id,
      mine: JSON.parse(row.mine) as unknown,
      theirs: JSON.parse(row.theirs) as unknown,
      detectedAt: isoAt(row.detected_at_ms),
    }));
  }

  private mirror(profileId: string, row: WorkspaceSuppression): void {
    this.upsertMirror.run({ profileId, ...row, deleted: row.deleted ? 1 : 0, updatedAtMs: msOfIso(row.updatedAt) });
  }
}
