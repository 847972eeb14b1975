import { OutboxStateGroup } from '../../../shared/outbox-state';
import type { SmsStatus } from '../../../shared/kaleyra/sms';
import { MessageStatusGroup } from '../../../shared/message-status';
import { atomically } from './atomically';
import type { SqliteDatabase } from './database';
import { sqlList } from './sql-values';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export type PullMode = 'logs' | 'status';

/** One change of one message, as the API reported it. */
export interface StatusChange {
  messageId: string;
  status: SmsStatus;
  details: string;
  /** Null when the API does not say (the documented status API). */
  chargedMinor: number | null;
  /** The API's order of changes (the log cursor, or the status rank when there is no log); later changes win. */
  seq: number;
  /** The idempotency reference the message was sent with, when the API tells it. */
  reference: string | null;
  /** When the API says the change happened (epoch ms); absent or null: when it is applied here. */
  atMs?: number | null;
}

export interface ApplyResult {
  applied: number;
  /** Changes of our messages whose request is not recorded as accepted yet: kept until it is. */
  parked: number;
}

/** Ranks for the documented status API, which gives no sequence: a message never moves backwards. */
const STATUS_RANK: Record<SmsStatus, number> = { Scheduled: 1, Sent: 2, Delivered: 3, UnDelivered: 3, NotSent: 3, Failed: 3 };
export const statusRank = (status: SmsStatus): number => STATUS_RANK[status];

/**
 * Message statuses pulled from the API, applied in batches (one transaction per batch, together
 * with the cursor) so a million changes never hold the database for long and a crash resumes
 * from the last batch. What the API says wins over anything local except a newer change.
 */
export class MessageStatusRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // Only the first acceptance counts: a request re-sent after a crash keeps its first time.
  }

  private get applyStatement() {
    return this.statements.statement(`
      UPDATE campaign_messages SET status = @status, status_details = @details, charged_minor = COALESCE(@chargedMinor, charged_minor), status_seq = @seq,
        status_at_ms = @atMs
      WHERE message_id = @messageId AND status_seq < @seq`);
  }

  private get knownStatement() {
    return this.statements.statement<{ messageId: string }, { found: number }>(
      'SELECT 1 AS found FROM campaign_messages WHERE message_id = @messageId LIMIT 1',
    );
  }

  private get parkStatement() {
    return this.statements.statement(`
      INSERT INTO status_orphans (profile_id, message_id, reference, status, status_details, charged_minor, seq)
      VALUES (@profileId, @messageId, @reference, @status, @details, @chargedMinor, @seq)
      ON CONFLICT (profile_id, message_id) DO UPDATE SET status = excluded.status, status_details = excluded.status_details,
        charged_minor = excluded.charged_minor, seq = excluded.seq
      WHERE excluded.seq > status_orphans.seq`);
  }

  private get orphansStatement() {
    return this.statements.statement<
      { profileId: string; reference: string },
      { message_id: string; status: SmsStatus; status_details: string; charged_minor: number; seq: number }
    >('SELECT message_id, status, status_details, charged_minor, seq FROM status_orphans WHERE profile_id = @profileId AND reference = @reference');
  }

  private get deleteOrphansStatement() {
    return this.statements.statement('DELETE FROM status_orphans WHERE profile_id = @profileId AND reference = @reference');
  }

  private get pullStateStatement() {
    return this.statements.statement<{ profileId: string; accountSid: string }, { mode: PullMode; cursor: string | null; last_pulled_at_ms: number | null }>(
      'SELECT mode, cursor, last_pulled_at_ms FROM status_pull_state WHERE profile_id = @profileId AND account_sid = @accountSid',
    );
  }

  private get savePullStateStatement() {
    return this.statements.statement(`
      INSERT INTO status_pull_state (profile_id, account_sid, mode, cursor, last_pulled_at_ms) VALUES (@profileId, @accountSid, @mode, @cursor, @atMs)
      ON CONFLICT (profile_id, account_sid) DO UPDATE SET mode = excluded.mode, cursor = excluded.cursor, last_pulled_at_ms = excluded.last_pulled_at_ms`);
  }

  private get awaitingStatement() {
    return this.statements.statement<{ profileId: string; accountSid: string; afterId: string; limit: number }, { message_id: string; status: string }>(`
      SELECT m.message_id, m.status FROM campaign_messages m
      JOIN outbox o ON o.id = m.outbox_id
      WHERE o.profile_id = @profileId AND o.account_sid = @accountSid AND o.state IN (${sqlList([...OutboxStateGroup.atApi, 'cancelled'])})
        AND m.message_id IS NOT NULL AND m.message_id > @afterId AND m.status IN (${sqlList(MessageStatusGroup.inFlight)})
      ORDER BY m.message_id LIMIT @limit`);
  }

  /**
   * Applies one batch in one transaction, moving the cursor with it (null: a slice of a page
   * whose cursor moves with its last slice). A change for a message we
   * sent (its reference is ours) but have not recorded yet is parked and adopted on acceptance.
   */
  applyBatch(
    profileId: string,
    accountSid: string,
    changes: readonly StatusChange[],
    cursor: { mode: PullMode; value: string | null } | null,
    isOurs: (reference: string) => boolean,
    atMs: number,
  ): ApplyResult {
    return atomically(this.db, (): ApplyResult => {
      let applied = 0;
      let parked = 0;
      for (const change of changes) {
        const { messageId, status, details, chargedMinor, seq } = change;
        if (this.applyStatement.run({ messageId, status, details, chargedMinor, seq, atMs: change.atMs ?? atMs }).changes > 0) {
          applied++;
          continue;
        }
        if (change.reference === null || !isOurs(change.reference)) continue;
        if (this.knownStatement.get({ messageId: change.messageId })) continue;
        this.parkStatement.run({ profileId, messageId, reference: change.reference, status, details, seq, chargedMinor: chargedMinor ?? 0 });
        parked++;
      }
      if (cursor !== null) this.savePullStateStatement.run({ profileId, accountSid, mode: cursor.mode, cursor: cursor.value, atMs });
      return { applied, parked };
    });
  }

  /**
   * Applies the changes parked for a request just recorded as accepted. Call inside that
   * transaction. Parked changes keep no time of their own: they count from `atMs` (the acceptance).
   */
  adoptParked(profileId: string, reference: string, atMs: number | null = null): number {
    let applied = 0;
    for (const orphan of this.orphansStatement.all({ profileId, reference })) {
      applied += this.applyStatement.run({
        messageId: orphan.message_id,
        status: orphan.status,
        details: orphan.status_details,
        chargedMinor: orphan.charged_minor,
        seq: orphan.seq,
        atMs,
      }).changes;
    }
    this.deleteOrphansStatement.run({ profileId, reference });
    return applied;
  }

  pullState(profileId: string, accountSid: string): { mode: PullMode; cursor: string | null; lastPulledAtMs: number | null } | null {
    const row = this.pullStateStatement.get({ profileId, accountSid });
    return row ? { mode: row.mode, cursor: row.cursor, lastPulledAtMs: row.last_pulled_at_ms } : null;
  }

  savePullState(profileId: string, accountSid: string, mode: PullMode, cursor: string | null, atMs: number): void {
    this.savePullStateStatement.run({ profileId, accountSid, mode, cursor, atMs });
  }

  /** Messages still on their way, in id order from `afterId`: what the documented status API is asked about. */
  awaitingStatus(profileId: string, accountSid: string, afterId: string, limit: number): Array<{ messageId: string; status: string }> {
    return this.awaitingStatement.all({ profileId, accountSid, afterId, limit }).map((row) => ({ messageId: row.message_id, status: row.status }));
  }
}
