import type { SendRuleReason, SendRuleTally } from '../../../shared/calls/campaigns';
import type { DeskErrorShape } from '../../../shared/errors';
import { isInFlight, MessageStatusGroup, type MessageStatus } from '../../../shared/message-status';
import type { SqliteDatabase } from './database';
import { OutboxStateGroup, type OutboxState } from '../../../shared/outbox-state';
import { sqlList } from './sql-values';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export interface MessageTally {
  waveNo: number;
  status: MessageStatus;
  /** NotSent because a scheduled message was cancelled [ours: the sandbox's CANCELLED trace]. */
  cancelledAtApi: boolean;
  messages: number;
  chargedMinor: number;
}

export interface ReasonTally {
  waveNo: number;
  reason: string;
  messages: number;
}

/** One recipient's outcome, for the results export; language is the audience row's, if it is still there. */
export interface RecipientResult {
  waveNo: number;
  /** The recipient's row in the audience at launch: with the wave, where the next page starts. */
  rowNumber: number;
  recipient: string;
  /** False when the audience row is gone since the launch (its language is then unknown). */
  inAudience: boolean;
  language: string | null;
  /** The variant stored with the message at launch (null for launches from before it was stored). */
  variant: string | null;
  status: MessageStatus;
  details: string | null;
  chargedMinor: number;
}

/** Messages per timeline bucket (bucket = floor(epoch ms / bucket ms)) and kind of event. */
export interface TimelineTally {
  bucket: number;
  kind: 'sent' | 'delivered' | 'undelivered' | 'notSent';
  messages: number;
}

/** A campaign, or one wave of it (waveNo null: every wave), as of `nowMs` (sends the API holds for later are not sent yet). */
export interface TimelineScope {
  campaignId: string;
  waveNo: number | null;
  nowMs: number;
}

export interface RequestTally {
  state: OutboxState;
  requests: number;
  recipients: number;
}

/** [ours] The sandbox's trace for a scheduled message cancelled at the API: NotSent with this detail. */
const CANCELLED_AT_API = 'CANCELLED';

/** Read side of a launch: counts per wave and status, requests per state, what is still reserved. */
export class CampaignProgressRepository {
  /** Requests held back from their planned time (still waiting) or skipped, by why. */
  sendRules(campaignId: string): SendRuleTally[] {
    const tallies = new Map<string, Omit<SendRuleTally, 'untilUtc'> & { untilMs: number | null }>();
    for (const row of this.sendRulesStatement.all({ campaignId })) {
      const outcome = row.state === 'cancelled' ? 'skipped' : 'held';
      const key = `${row.reason}/${outcome}`;
      const before = tallies.get(key);
      const untilMs = outcome === 'held' ? row.until_ms : null;
      const earliest = before === undefined || before.untilMs === null ? untilMs : untilMs === null ? before.untilMs : Math.min(untilMs, before.untilMs);
      tallies.set(key, {
        reason: row.reason,
        outcome,
        requests: (before?.requests ?? 0) + row.requests,
        recipients: (before?.recipients ?? 0) + row.recipients,
        untilMs: earliest,
      });
    }
    return [...tallies.values()].map(({ untilMs, ...tally }) => ({ ...tally, untilUtc: untilMs === null ? null : new Date(untilMs).toISOString() }));
  }

  private readonly sentRangeStatements;
  private readonly sentTimelineStatements;
  private readonly statusTimelineStatements;
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // "Sent" is when the API took the request, or its scheduled time if the API held it for later.
    // Requests accepted before status times were kept (no accepted_at_ms) count at their send time.
    const sentAt = 'MAX(COALESCE(accepted_at_ms, send_at_ms), send_at_ms)';
    // A statement for the whole campaign and one for a wave, so a wave reads only its part of the indexes.
    const campaignScope = 'campaign_id = @campaignId';
    const waveScope = `${campaignScope} AND wave_no = @waveNo`;
    const byScope = <T>(prepare: (scope: string) => T) => ({ campaign: prepare(campaignScope), wave: prepare(waveScope) });
    const sentScope = (scope: string) => `${scope} AND state IN (${sqlList(OutboxStateGroup.atApi)}) AND ${sentAt} <= @nowMs`;
    // The outbox has a row per hundred messages: its range is cheap and bounds the timeline's start.
    this.sentRangeStatements = byScope((scope) =>
      this.statements.statement<Partial<TimelineScope>, { first: number | null; last: number | null }>(
        `SELECT MIN(${sentAt}) AS first, MAX(${sentAt}) AS last FROM outbox WHERE ${sentScope(scope)}`,
      ),
    );
    this.sentTimelineStatements = byScope((scope) =>
      this.statements.statement<Partial<TimelineScope> & { bucketMs: number }, { bucket: number; messages: number }>(`
        SELECT CAST(${sentAt} / @bucketMs AS INTEGER) AS bucket, SUM(recipient_count) AS messages FROM outbox WHERE ${sentScope(scope)} GROUP BY bucket`),
    );
    // One pass over the scope's final messages in the status-time index (named: without statistics the
    // planner may take the row-order one and read the table), grouped in SQL: no row reaches JavaScript.
    this.statusTimelineStatements = byScope((scope) =>
      this.statements.statement<
        Partial<TimelineScope> & { bucketMs: number },
        { bucket: number; status: (typeof MessageStatusGroup.deliveryOutcome)[number]; messages: number }
      >(`
        SELECT CAST(status_at_ms / @bucketMs AS INTEGER) AS bucket, status, COUNT(*) AS messages
        FROM campaign_messages INDEXED BY campaign_messages_by_status_time
        WHERE ${scope} AND status IN (${sqlList(MessageStatusGroup.deliveryOutcome)})
          AND status_at_ms IS NOT NULL AND NOT (status = 'NotSent' AND COALESCE(status_details, '') = 'CANCELLED')
        GROUP BY bucket, status`),
    );
  }

  // The counters the store's triggers keep (a few rows per wave), never the messages themselves.
  // Queued messages are not counted there: they are the launch's recipients (the outbox's, one
  // row per hundred) less every counted one.
  private get countsStatement() {
    return this.statements.statement<{ campaignId: string }, { wave_no: number; status: MessageStatus; reason: string; messages: number; charged: number }>(`
      SELECT wave_no, status, reason, messages, charged_minor AS charged FROM campaign_message_counts
      WHERE campaign_id = @campaignId AND messages > 0`);
  }

  private get launchedStatement() {
    return this.statements.statement<{ campaignId: string }, { wave_no: number; recipients: number }>(`
      SELECT wave_no, SUM(recipient_count) AS recipients FROM outbox WHERE campaign_id = @campaignId GROUP BY wave_no`);
  }

  private get requestsStatement() {
    return this.statements.statement<{ campaignId: string }, { state: RequestTally['state']; requests: number; recipients: number }>(`
      SELECT state, COUNT(*) AS requests, SUM(recipient_count) AS recipients FROM outbox WHERE campaign_id = @campaignId GROUP BY state`);
  }

  private get reservedStatement() {
    return this.statements.statement<{ campaignId: string }, { reserved: number | null }>(
      'SELECT SUM(amount_minor) AS reserved FROM reservations WHERE campaign_id = @campaignId AND released_at_ms IS NULL',
    );
  }

  // Charges per message come only from the sandbox's log [ours]: when the account's statuses come
  // from the documented status API, or the API accepted requests without saying what it charged,
  // the campaign's charged figure is not known.
  private get chargesUnreportedStatement() {
    return this.statements.statement<{ campaignId: string }, { unreported: number }>(`
      SELECT EXISTS (
               SELECT 1 FROM status_pull_state s JOIN campaigns c ON s.profile_id = c.profile_id AND s.account_sid = c.account_sid
               WHERE c.id = @campaignId AND s.mode = 'status')
          OR EXISTS (
               SELECT 1 FROM outbox
               WHERE campaign_id = @campaignId AND state IN (${sqlList(OutboxStateGroup.atApi)}) AND charged_minor IS NULL) AS unreported`);
  }

  private get failuresStatement() {
    return this.statements.statement<{ campaignId: string; limit: number }, { wave_no: number; recipient_count: number; last_error_json: string | null }>(`
      SELECT wave_no, recipient_count, last_error_json FROM outbox WHERE campaign_id = @campaignId AND state = 'failed' ORDER BY id DESC LIMIT @limit`);
  }

  private get waitingByWaveStatement() {
    return this.statements.statement<{ campaignId: string }, { wave_no: number; recipients: number }>(`
      SELECT wave_no, SUM(recipient_count) AS recipients FROM outbox
      WHERE campaign_id = @campaignId AND state IN (${sqlList(OutboxStateGroup.notSent)}) GROUP BY wave_no`);
  }

  // Only requests the outbox moved or skipped carry a reason: a few rows of outbox_by_wave's campaign.
  private get sendRulesStatement() {
    return this.statements.statement<
      { campaignId: string },
      { reason: SendRuleReason; state: string; requests: number; recipients: number; until_ms: number | null }
    >(`
      SELECT held_reason AS reason, state, COUNT(*) AS requests, SUM(recipient_count) AS recipients, MIN(send_at_ms) AS until_ms FROM outbox
      WHERE campaign_id = @campaignId AND held_reason IS NOT NULL AND state IN (${sqlList([...OutboxStateGroup.notSent, 'cancelled'])})
      GROUP BY held_reason, state`);
  }

  private get resultsStatement() {
    return this.statements.statement<
      { campaignId: string; afterWave: number; afterRow: number; limit: number },
      Omit<RecipientResult, 'inAudience'> & { inAudience: number }
    >(`
      SELECT m.wave_no AS waveNo, m.row_number AS rowNumber, m.recipient, r.row_number IS NOT NULL AS inAudience, r.language, m.variant, m.status,
        m.status_details AS details, m.charged_minor AS chargedMinor
      FROM campaign_messages m INDEXED BY campaign_messages_by_row
      JOIN campaigns c ON c.id = m.campaign_id
      LEFT JOIN recipients r ON r.audience_id = c.audience_id AND r.row_number = m.row_number
      WHERE m.campaign_id = @campaignId AND (m.wave_no, m.row_number) > (@afterWave, @afterRow)
      ORDER BY m.wave_no, m.row_number LIMIT @limit`);
  }

  /** First and last time messages of the scope were handed to the API (epoch ms), null before any was. */
  sentRange(scope: TimelineScope): { firstMs: number; lastMs: number } | null {
    const row =
      scope.waveNo === null
        ? this.sentRangeStatements.campaign.get({ campaignId: scope.campaignId, nowMs: scope.nowMs })
        : this.sentRangeStatements.wave.get(scope);
    return !row || row.first === null || row.last === null ? null : { firstMs: row.first, lastMs: row.last };
  }

  /** Messages sent, delivered, undelivered and not sent per bucket of `bucketMs`. */
  timeline(scope: TimelineScope, bucketMs: number): TimelineTally[] {
    const kind = scope.waveNo === null ? 'campaign' : 'wave';
    const params = scope.waveNo === null ? { campaignId: scope.campaignId, nowMs: scope.nowMs, bucketMs } : { ...scope, bucketMs };
    const tallies: TimelineTally[] = this.sentTimelineStatements[kind].all(params).map((row) => ({ bucket: row.bucket, kind: 'sent', messages: row.messages }));
    for (const row of this.statusTimelineStatements[kind].all(params)) {
      tallies.push({
        bucket: row.bucket,
        kind: row.status === 'Delivered' ? 'delivered' : row.status === 'UnDelivered' ? 'undelivered' : 'notSent',
        messages: row.messages,
      });
    }
    return tallies;
  }

  /** Undelivered and not-sent (but not cancelled) messages per wave and trace reason. */
  undeliveredReasons(campaignId: string): ReasonTally[] {
    const tallies = new Map<string, ReasonTally>();
    for (const row of this.countsStatement.all({ campaignId })) {
      // A cancelled scheduled message is not a delivery problem: the cancel shows on its own.
      if (!(row.status === 'UnDelivered' || (row.status === 'NotSent' && row.reason !== CANCELLED_AT_API))) continue;
      const reason = row.reason === '' ? row.status : row.reason;
      const key = `${row.wave_no}\u0000${reason}`;
      const tally = tallies.get(key);
      if (tally) tally.messages += row.messages;
      else tallies.set(key, { waveNo: row.wave_no, reason, messages: row.messages });
    }
    return [...tallies.values()];
  }

  /** Up to `limit` recipients' outcomes in wave and row order, after `after` (null: from the start). */
  recipientResults(campaignId: string, after: { waveNo: number; rowNumber: number } | null, limit: number): RecipientResult[] {
    const position = after === null ? { afterWave: Number.MIN_SAFE_INTEGER, afterRow: 0 } : { afterWave: after.waveNo, afterRow: after.rowNumber };
    return this.resultsStatement.all({ campaignId, ...position, limit }).map((row) => ({ ...row, inAudience: row.inAudience === 1 }));
  }

  /** Messages per wave and status (cancellations at the API apart from other NotSent), with their charges. */
  messages(campaignId: string): MessageTally[] {
    const tallies = new Map<string, MessageTally>();
    const queued = new Map(this.launchedStatement.all({ campaignId }).map((row) => [row.wave_no, row.recipients]));
    for (const row of this.countsStatement.all({ campaignId })) {
      queued.set(row.wave_no, (queued.get(row.wave_no) ?? 0) - row.messages);
      const cancelledAtApi = row.status === 'NotSent' && row.reason === CANCELLED_AT_API;
      const key = `${row.wave_no}\u0000${row.status}\u0000${cancelledAtApi ? 1 : 0}`;
      const tally = tallies.get(key);
      if (tally) {
        tally.messages += row.messages;
        tally.chargedMinor += row.charged;
      } else {
        tallies.set(key, { waveNo: row.wave_no, status: row.status, cancelledAtApi, messages: row.messages, chargedMinor: row.charged });
      }
    }
    const queuedTallies: MessageTally[] = [...queued]
      .filter(([, messages]) => messages > 0)
      .map(([waveNo, messages]) => ({ waveNo, status: 'queued', cancelledAtApi: false, messages, chargedMinor: 0 }));
    return [...queuedTallies, ...tallies.values()];
  }

  requests(campaignId: string): RequestTally[] {
    return this.requestsStatement.all({ campaignId });
  }

  /** True when the API does not report what this campaign's messages were charged. */
  chargesUnreported(campaignId: string): boolean {
    return (this.chargesUnreportedStatement.get({ campaignId })?.unreported ?? 0) === 1;
  }

  reserved(campaignId: string): number {
    return this.reservedStatement.get({ campaignId })?.reserved ?? 0;
  }

  failures(campaignId: string, limit: number): Array<{ waveNo: number; recipients: number; error: DeskErrorShape }> {
    return this.failuresStatement.all({ campaignId, limit }).map((row) => ({
      waveNo: row.wave_no,
      recipients: row.recipient_count,
      error: row.last_error_json === null ? { code: 'INTERNAL', message: 'Refused without a reason.' } : (JSON.parse(row.last_error_json) as DeskErrorShape),
    }));
  }

  /** Recipients per wave whose request has not been accepted yet (the rest of 'queued' is accepted, awaiting a status). */
  waitingByWave(campaignId: string): Map<number, number> {
    return new Map(this.waitingByWaveStatement.all({ campaignId }).map((row) => [row.wave_no, row.recipients]));
  }

  /** Messages not yet in a final state (queued, accepted, scheduled or sent without a report). */
  openMessages(campaignId: string): number {
    let open = 0;
    for (const tally of this.messages(campaignId)) if (isInFlight(tally.status)) open += tally.messages;
    return open;
  }
}
