import { OutboxStateGroup } from '../../../shared/outbox-state';
import { CampaignStatusGroup } from '../../../shared/calls/campaigns';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { DeskErrorShape } from '../../../shared/errors';
import type { SendRuleReason } from '../../../shared/calls/campaigns';
import type { SendWindows } from '../../../shared/send-windows';
import { MessageStatusGroup } from '../../../shared/message-status';
import type { OutboxState } from '../../../shared/outbox-state';
import { atomically } from './atomically';
import type { SqliteDatabase } from './database';
import { sqlList } from './sql-values';

export type { OutboxState };

/** What a request of a launch carries, as written and as read back. */
/** When a request may leave, fixed at launch and checked again by the sender when it is due. */
interface SendRules {
  /** The windows the request may leave in (its recipients' quiet hours, the law's for promotional messages). */
  sendWindows: SendWindows;
  /** The campaign's window end (epoch ms), or null. */
  notAfterMs: number | null;
  /** Due outside its windows: held to the next opening, or skipped (the campaign's passed-time choice). */
  outsideWindow: 'hold' | 'skip';
}

interface OutboxRequest {
  campaignId: string;
  waveNo: number;
  profileId: string;
  accountSid: string;
  reference: string;
  senderId: string;
  smsType: string;
  body: string;
  sendAtMs: number;
  zone: string;
  estimatedCostMinor: number;
}

/** DLT fields of a request to Indian numbers, fixed at launch (dlt-request-fields.ts). */
export interface OutboxDltFields {
  /** The DLT template the body follows, sent as `template_id`; null outside DLT. */
  dltTemplateId: string | null;
  /** Set for Kaleyra's template send (`/v2`): the variables that render the body from the stored text. */
  templateData: Record<string, string> | null;
}

export interface NewOutboxEntry extends OutboxRequest, Partial<SendRules>, Partial<OutboxDltFields> {
  /** Each recipient with the variant (language) it is sent, fixed at launch. */
  recipients: ReadonlyArray<{ phone: string; rowNumber: number; variant?: string | null }>;
  currency: string;
  nextAttemptMs: number;
}

export interface OutboxEntry extends OutboxRequest, SendRules, OutboxDltFields {
  id: number;
  recipients: string[];
  state: OutboxState;
  attempts: number;
  apiSendId: string | null;
  /** The campaign's throttle (recipients per clock minute), read with the request. */
  throttlePerMinute: number | null;
}

/** A pending request of a throttled campaign, as the re-spread sees it. */
export interface PendingSlot {
  id: number;
  sendAtMs: number;
  recipientCount: number;
}

export interface Acceptance {
  apiSendId: string;
  /** The API's message id per position of the request's recipients (null where it named none). */
  messageIds: ReadonlyArray<string | null>;
  /** What the API says it charged for the request, when it says; null for "not told". */
  chargedMinor: number | null;
  scheduledAtApi: boolean;
}

interface EntryRow {
  id: number;
  campaign_id: string;
  wave_no: number;
  profile_id: string;
  account_sid: string;
  reference: string;
  sender_id: string;
  sms_type: string;
  body: string;
  recipients_json: string;
  send_at_ms: number;
  zone: string;
  estimated_cost_minor: number;
  state: OutboxState;
  attempts: number;
  api_send_id: string | null;
  send_windows_json: string;
  not_after_ms: number | null;
  outside_window: 'hold' | 'skip';
  throttle_per_minute?: number | null;
  dlt_template_id?: string | null;
  template_data_json?: string | null;
}

const toEntry = (row: EntryRow): OutboxEntry => ({
  id: row.id,
  campaignId: row.campaign_id,
  waveNo: row.wave_no,
  profileId: row.profile_id,
  accountSid: row.account_sid,
  reference: row.reference,
  senderId: row.sender_id,
  smsType: row.sms_type,
  body: row.body,
  recipients: JSON.parse(row.recipients_json) as string[],
  sendAtMs: row.send_at_ms,
  zone: row.zone,
  estimatedCostMinor: row.estimated_cost_minor,
  state: row.state,
  attempts: row.attempts,
  apiSendId: row.api_send_id,
  sendWindows: JSON.parse(row.send_windows_json) as SendWindows,
  notAfterMs: row.not_after_ms,
  outsideWindow: row.outside_window,
  throttlePerMinute: row.throttle_per_minute ?? null,
  dltTemplateId: row.dlt_template_id ?? null,
  templateData: row.template_data_json ? (JSON.parse(row.template_data_json) as Record<string, string>) : null,
});

/**
 * The launch outbox: one row per API request, its recipients (as per-message rows) and the money
 * it reserves. Every state change is one transaction, so after a crash each request is exactly
 * in one state: `pending` / `in_flight` ones are (re)sent with their reference, which the API
 * deduplicates; `accepted` ones are never sent again.
 */
export class OutboxRepository {
  /** Which campaign takes the first free slot next time, so every campaign gets its turn. */
  private campaignTurn = 0;

  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // One primary-key update per recipient (an UPDATE … FROM json_each would scan the array per
    // row). The status stays 'queued' — "no status from the API yet" — so the status index is not
    // touched here: that the request was accepted is the request's own state.
    // Requests the API took, due in the period (outbox_by_profile_send), and of those the messages
    // not refused, cancelled, never sent or never delivered: a cap guards people against too many
    // messages, and a message that did not reach them is not one (a replay to them must pass).
    // Campaign by campaign (outbox_by_campaign_due), so a throttled campaign is never stuck behind a big one's backlog.
  }

  private get insertEntryStatement() {
    return this.statements.statement(`
      INSERT INTO outbox (campaign_id, wave_no, profile_id, account_sid, reference, sender_id, sms_type, body, recipients_json,
        recipient_count, send_at_ms, zone, estimated_cost_minor, state, next_attempt_ms, send_windows_json, not_after_ms, outside_window,
        dlt_template_id, template_data_json)
      VALUES (@campaignId, @waveNo, @profileId, @accountSid, @reference, @senderId, @smsType, @body, @recipientsJson,
        @recipientCount, @sendAtMs, @zone, @estimatedCostMinor, 'pending', @nextAttemptMs, @sendWindowsJson, @notAfterMs, @outsideWindow,
        @dltTemplateId, @templateDataJson)`);
  }

  private get insertMessageStatement() {
    return this.statements.statement(`
      INSERT INTO campaign_messages (outbox_id, position, campaign_id, wave_no, row_number, recipient, variant, status)
      VALUES (@outboxId, @position, @campaignId, @waveNo, @rowNumber, @recipient, @variant, 'queued')`);
  }

  private get insertReservationStatement() {
    return this.statements.statement(`
      INSERT INTO reservations (outbox_id, profile_id, account_sid, campaign_id, amount_minor, currency, created_at_ms)
      VALUES (@outboxId, @profileId, @accountSid, @campaignId, @amountMinor, @currency, @nowMs)`);
  }

  private get claimStatement() {
    return this.statements.statement(`UPDATE outbox SET state = 'in_flight', attempts = attempts + 1 WHERE id = @id AND state = 'pending'`);
  }

  private get nextDueStatement() {
    return this.statements.statement<{ excludedJson: string }, { next: number | null }>(`
      SELECT MIN(o.next_attempt_ms) AS next FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
      WHERE o.state IN (${sqlList(OutboxStateGroup.senderWork)}) AND c.blocked_json IS NULL
        AND (o.state = 'cancel_pending' OR c.status IN (${sqlList(CampaignStatusGroup.sending)}))
        AND o.account_sid NOT IN (SELECT value FROM json_each(@excludedJson))`);
  }

  private get resetInFlightStatement() {
    return this.statements.statement(`UPDATE outbox SET state = 'pending' WHERE state = 'in_flight'`);
  }

  private get acceptStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'accepted', api_send_id = @apiSendId, scheduled_at_api = @scheduledAtApi, charged_minor = @chargedMinor,
        last_error_json = NULL, settled_at_ms = @nowMs, accepted_at_ms = @nowMs
      WHERE id = @id AND state IN (${sqlList(OutboxStateGroup.notSent)})`);
  }

  private get acceptMessageStatement() {
    return this.statements.statement(`
      UPDATE campaign_messages SET message_id = @messageId
      WHERE outbox_id = @id AND position = @position AND status = 'queued'`);
  }

  private get releaseStatement() {
    return this.statements.statement('UPDATE reservations SET released_at_ms = @nowMs WHERE outbox_id = @id AND released_at_ms IS NULL');
  }

  private get retryStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'pending', next_attempt_ms = @nextAttemptMs, last_error_json = @errorJson,
        attempts = attempts - @uncounted
      WHERE id = @id AND state IN (${sqlList(OutboxStateGroup.notSent)})`);
  }

  private get failStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'failed', last_error_json = @errorJson, settled_at_ms = @nowMs
      WHERE id = @id AND state IN (${sqlList(OutboxStateGroup.notSent)})`);
  }

  private get failMessagesStatement() {
    return this.statements.statement(`UPDATE campaign_messages SET status = 'rejected', status_details = @code WHERE outbox_id = @id AND status = 'queued'`);
  }

  private get cancelEntriesStatement() {
    return this.statements.statement<{ campaignId: string; nowMs: number }, { id: number }>(`
      UPDATE outbox SET state = 'cancelled', settled_at_ms = @nowMs, held_reason = NULL WHERE campaign_id = @campaignId AND state = 'pending'
      RETURNING id`);
  }

  private get cancelMessagesStatement() {
    return this.statements.statement(`
      UPDATE campaign_messages SET status = 'cancelled' WHERE outbox_id = @id AND status = 'queued'`);
  }

  private get releaseCampaignStatement() {
    return this.statements.statement(`
      UPDATE reservations SET released_at_ms = @nowMs WHERE campaign_id = @campaignId AND released_at_ms IS NULL
        AND outbox_id IN (SELECT id FROM outbox WHERE campaign_id = @campaignId AND state IN (${sqlList(OutboxStateGroup.neverAccepted)}))`);
  }

  private get requestApiCancelStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'cancel_pending', next_attempt_ms = @nowMs
      WHERE campaign_id = @campaignId AND state = 'accepted' AND scheduled_at_api = 1 AND send_at_ms > @nowMs`);
  }

  private get cancelPendingStatement() {
    return this.statements.statement<{ nowMs: number; limit: number }, EntryRow>(`
      SELECT * FROM outbox WHERE state = 'cancel_pending' AND next_attempt_ms <= @nowMs ORDER BY next_attempt_ms, id LIMIT @limit`);
  }

  private get postponeCancelStatement() {
    return this.statements.statement(`
      UPDATE outbox SET next_attempt_ms = @nextAttemptMs, last_error_json = @errorJson WHERE id = @id AND state = 'cancel_pending'`);
  }

  private get settleCancelStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = @state, last_error_json = @errorJson WHERE id = @id AND state = 'cancel_pending'`);
  }

  private get reservedStatement() {
    return this.statements.statement<{ accountSid: string; sinceMs: number }, { reserved: number | null }>(`
      SELECT SUM(amount_minor) AS reserved FROM reservations
      WHERE account_sid = @accountSid AND (released_at_ms IS NULL OR released_at_ms >= @sinceMs)`);
  }

  private get forgetReleasedStatement() {
    return this.statements.statement('DELETE FROM reservations WHERE released_at_ms IS NOT NULL AND released_at_ms < @beforeMs');
  }

  private get releaseSettledStatement() {
    return this.statements.statement(`
      UPDATE reservations SET released_at_ms = @nowMs WHERE released_at_ms IS NULL AND outbox_id IN (
        SELECT DISTINCT m.outbox_id FROM json_each(@messageIdsJson) j
        JOIN campaign_messages m ON m.message_id = j.value
        WHERE m.status NOT IN (${sqlList(MessageStatusGroup.notLeft)}))`);
  }

  private get byIdStatement() {
    return this.statements.statement<{ id: number }, EntryRow>('SELECT * FROM outbox WHERE id = @id');
  }

  private get requeueStatement() {
    return this.statements.statement<{ campaignId: string; nowMs: number; codesJson: string }, { id: number }>(`
      UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_ms = @nowMs, settled_at_ms = NULL
      WHERE campaign_id = @campaignId AND state = 'failed'
        AND json_extract(last_error_json, '$.code') IN (SELECT value FROM json_each(@codesJson))
      RETURNING id`);
  }

  private get requeueMessagesStatement() {
    return this.statements.statement(`UPDATE campaign_messages SET status = 'queued', status_details = NULL WHERE outbox_id = @id AND status = 'rejected'`);
  }

  private get reholdStatement() {
    return this.statements.statement('UPDATE reservations SET released_at_ms = NULL WHERE outbox_id = @id');
  }

  private get heldAcceptedStatement() {
    return this.statements.statement<{ accountSid: string }, { held: number }>(`
      SELECT 1 AS held FROM reservations r JOIN outbox o ON o.id = r.outbox_id
      WHERE r.account_sid = @accountSid AND r.released_at_ms IS NULL AND o.state IN (${sqlList(OutboxStateGroup.atApi)}) LIMIT 1`);
  }

  private get messagedStatement() {
    return this.statements.statement<{ profileId: string; fromMs: number; toMs: number }, { recipient: string }>(`
      SELECT DISTINCT m.recipient FROM outbox o JOIN campaign_messages m ON m.outbox_id = o.id
      WHERE o.profile_id = @profileId AND o.send_at_ms BETWEEN @fromMs AND @toMs AND o.state IN (${sqlList(OutboxStateGroup.atApi)})
        AND m.status NOT IN (${sqlList(MessageStatusGroup.neverReachesRecipient)})`);
  }

  private get dueCampaignsStatement() {
    return this.statements.statement<{ excludedJson: string }, { id: string }>(`
      SELECT c.id FROM campaigns c WHERE c.status IN (${sqlList(CampaignStatusGroup.sending)}) AND c.blocked_json IS NULL
        AND (c.account_sid IS NULL OR c.account_sid NOT IN (SELECT value FROM json_each(@excludedJson))) ORDER BY c.id`);
  }

  private get dueOfCampaignStatement() {
    return this.statements.statement<{ campaignId: string; nowMs: number; limit: number }, EntryRow>(`
      SELECT o.*, c.throttle_per_minute FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
      WHERE o.campaign_id = @campaignId AND o.state = 'pending' AND o.next_attempt_ms <= @nowMs
      ORDER BY o.next_attempt_ms, o.id LIMIT @limit`);
  }

  private get holdStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'pending', send_at_ms = @untilMs, next_attempt_ms = @untilMs, held_reason = @reason, attempts = attempts - 1
      WHERE id = @id AND state = 'in_flight'`);
  }

  private get skipStatement() {
    return this.statements.statement(`
      UPDATE outbox SET state = 'cancelled', held_reason = @reason, settled_at_ms = @nowMs, attempts = attempts - 1 WHERE id = @id AND state = 'in_flight'`);
  }

  private get pendingSlotsStatement() {
    return this.statements.statement<{ campaignId: string; nowMs: number; limit: number }, { id: number; send_at_ms: number; recipient_count: number }>(`
      SELECT id, send_at_ms, recipient_count FROM outbox WHERE campaign_id = @campaignId AND state = 'pending' AND next_attempt_ms <= @nowMs
      ORDER BY next_attempt_ms, id LIMIT @limit`);
  }

  private get plannedLoadStatement() {
    return this.statements.statement<{ campaignId: string; nowMs: number }, { minute: number; recipients: number }>(`
      SELECT send_at_ms / 60000 AS minute, SUM(recipient_count) AS recipients FROM outbox
      WHERE campaign_id = @campaignId AND state = 'pending' AND next_attempt_ms > @nowMs GROUP BY minute`);
  }

  private get leftInRangeStatement() {
    return this.statements.statement<{ campaignId: string; fromMs: number; toMs: number }, { recipients: number | null }>(`
      SELECT SUM(recipient_count) AS recipients FROM outbox
      WHERE campaign_id = @campaignId AND accepted_at_ms >= @fromMs AND accepted_at_ms < @toMs`);
  }

  private get rescheduleStatement() {
    return this.statements.statement(`
      UPDATE outbox SET send_at_ms = @sendAtMs, next_attempt_ms = @sendAtMs, held_reason = COALESCE(held_reason, 'throttle')
      WHERE id = @id AND state = 'pending'`);
  }

  private get cancelledCampaignOfStatement() {
    return this.statements.statement<{ id: number }, { campaign_id: string }>(`
      SELECT o.campaign_id FROM outbox o JOIN campaigns c ON c.id = o.campaign_id WHERE o.id = @id AND c.status = 'cancelled'`);
  }

  /** Writes one request with its per-recipient rows and its reservation. Call inside the launch's transaction. */
  insert(entry: NewOutboxEntry, nowMs: number): number {
    const id = Number(
      this.insertEntryStatement.run({
        ...entry,
        recipientsJson: JSON.stringify(entry.recipients.map((recipient) => recipient.phone)),
        recipientCount: entry.recipients.length,
        // Without rules (stores written by tests and benches) a request leaves whenever it is due.
        sendWindowsJson: JSON.stringify(entry.sendWindows ?? []),
        notAfterMs: entry.notAfterMs ?? null,
        outsideWindow: entry.outsideWindow ?? 'hold',
        dltTemplateId: entry.dltTemplateId ?? null,
        templateDataJson: entry.templateData ? JSON.stringify(entry.templateData) : null,
      }).lastInsertRowid,
    );
    entry.recipients.forEach((recipient, position) =>
      this.insertMessageStatement.run({
        outboxId: id,
        position,
        campaignId: entry.campaignId,
        waveNo: entry.waveNo,
        rowNumber: recipient.rowNumber,
        recipient: recipient.phone,
        variant: recipient.variant ?? null,
      }),
    );
    this.insertReservationStatement.run({
      outboxId: id,
      profileId: entry.profileId,
      accountSid: entry.accountSid,
      campaignId: entry.campaignId,
      amountMinor: entry.estimatedCostMinor,
      currency: entry.currency,
      nowMs,
    });
    return id;
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.byIdStatement.get({ id });
    return row && toEntry(row);
  }

  /**
   * Takes up to `limit` requests that are due, marking them in flight (one attempt more each).
   * Campaigns take turns, one request each, starting after the one that went first last time:
   * a big campaign's backlog never holds back another campaign's requests.
   */
  claimDue(nowMs: number, limit: number, excludedAccounts: readonly string[]): OutboxEntry[] {
    return atomically(this.db, () => {
      const campaigns = this.dueCampaignsStatement.all({ excludedJson: JSON.stringify(excludedAccounts) }).map((row) => row.id);
      const queues = campaigns.map((campaignId) => this.dueOfCampaignStatement.all({ campaignId, nowMs, limit }));
      const rows: EntryRow[] = [];
      const start = campaigns.length === 0 ? 0 : this.campaignTurn % campaigns.length;
      for (let round = 0; rows.length < limit; round++) {
        let took = false;
        for (let k = 0; k < queues.length && rows.length < limit; k++) {
          const row = queues[(start + k) % queues.length]?.[round];
          if (row === undefined) continue;
          rows.push(row);
          took = true;
        }
        if (!took) break;
      }
      this.campaignTurn = start + 1;
      for (const row of rows) this.claimStatement.run({ id: row.id });
      return rows.map((row) => toEntry({ ...row, state: 'in_flight', attempts: row.attempts + 1 }));
    });
  }

  /**
   * A claimed request that may not leave now (quiet hours, the law's window, the throttle's minute
   * is full) waits until `untilMs`, which becomes its send time; the attempt is not counted.
   */
  hold(id: number, untilMs: number, reason: SendRuleReason): void {
    this.holdStatement.run({ id, untilMs, reason });
  }

  /** A claimed request due outside its windows, of a campaign that skips such sends: its recipients are not messaged, its money released. */
  skip(id: number, reason: SendRuleReason, nowMs: number): void {
    atomically(this.db, () => {
      if (this.skipStatement.run({ id, reason, nowMs }).changes === 0) return;
      this.cancelMessagesStatement.run({ id });
      this.releaseStatement.run({ id, nowMs });
    });
  }

  /** Up to `limit` of a campaign's requests already due and still waiting, oldest first. */
  overdueSlots(campaignId: string, nowMs: number, limit: number): PendingSlot[] {
    return this.pendingSlotsStatement
      .all({ campaignId, nowMs, limit })
      .map((row) => ({ id: row.id, sendAtMs: row.send_at_ms, recipientCount: row.recipient_count }));
  }

  /** Recipients of a campaign's requests planned after `nowMs`, per clock minute (epoch ms ÷ 60,000). */
  plannedLoad(campaignId: string, nowMs: number): Map<number, number> {
    return new Map(this.plannedLoadStatement.all({ campaignId, nowMs }).map((row) => [row.minute, row.recipients]));
  }

  /** Recipients of a campaign the API accepted in [fromMs, toMs): what a clock minute already carried before a restart. */
  acceptedBetween(campaignId: string, fromMs: number, toMs: number): number {
    return this.leftInRangeStatement.get({ campaignId, fromMs, toMs })?.recipients ?? 0;
  }

  /** New send times for pending requests (a throttle's re-spread), in one transaction. */
  reschedule(moves: ReadonlyArray<{ id: number; sendAtMs: number }>): void {
    if (moves.length === 0) return;
    atomically(this.db, () => {
      for (const move of moves) this.rescheduleStatement.run(move);
    });
  }

  /** When the next request (or API cancellation) is due, or null when none waits. */
  nextDueAt(excludedAccounts: readonly string[]): number | null {
    return this.nextDueStatement.get({ excludedJson: JSON.stringify(excludedAccounts) })?.next ?? null;
  }

  /** After a crash: whatever was in flight goes again (with its reference, so never twice). */
  resetInFlight(): number {
    return this.resetInFlightStatement.run().changes;
  }

  /**
   * Records the API's acceptance. The reservation is released when the API says what it
   * charged, or for an immediate send (charged as it goes out); a request scheduled at the API
   * without a charge figure keeps its reservation until the status pull sees it leave.
   */
  accept(id: number, acceptance: Acceptance, nowMs: number): boolean {
    return atomically(this.db, () => {
      const changed = this.acceptStatement.run({
        id,
        apiSendId: acceptance.apiSendId,
        scheduledAtApi: acceptance.scheduledAtApi ? 1 : 0,
        chargedMinor: acceptance.chargedMinor,
        nowMs,
      }).changes;
      if (changed === 0) return false;
      acceptance.messageIds.forEach((messageId, position) => {
        if (messageId !== null) this.acceptMessageStatement.run({ id, position, messageId });
      });
      if (acceptance.chargedMinor !== null || !acceptance.scheduledAtApi) this.releaseStatement.run({ id, nowMs });
      // Cancelled while this request was on its way: what the API scheduled must be cancelled there too.
      const campaignId = this.cancelledCampaignOfStatement.get({ id })?.campaign_id;
      if (campaignId !== undefined) this.requestApiCancelStatement.run({ campaignId, nowMs });
      return true;
    });
  }

  /**
   * Back to pending for another try at `nextAttemptMs`; `countAttempt: false` when the request
   * never left (held for its time). A request whose campaign was cancelled while it was in flight
   * is cancelled instead: it did not get through, so nothing of it is out.
   */
  retryLater(id: number, nextAttemptMs: number, error: DeskErrorShape | null, nowMs: number, { countAttempt = true }: { countAttempt?: boolean } = {}): void {
    atomically(this.db, () => {
      this.retryStatement.run({ id, nextAttemptMs, errorJson: error === null ? null : JSON.stringify(error), uncounted: countAttempt ? 0 : 1 });
      const campaignId = this.cancelledCampaignOfStatement.get({ id })?.campaign_id;
      if (campaignId !== undefined) this.cancelCampaign(campaignId, nowMs);
    });
  }

  /** The API refused the request for good: its recipients are rejected with the reason, its money released. */
  fail(id: number, error: DeskErrorShape, nowMs: number): void {
    atomically(this.db, () => {
      if (this.failStatement.run({ id, errorJson: JSON.stringify(error), nowMs }).changes === 0) return;
      this.failMessagesStatement.run({ id, code: error.apiCode ?? error.code });
      this.releaseStatement.run({ id, nowMs });
    });
  }

  /**
   * Puts requests that failed only because the API kept erroring back in the queue (same
   * reference: if one did get through, the API answers with the first acceptance).
   */
  requeueFailures(campaignId: string, transientCodes: readonly string[], nowMs: number): number {
    return atomically(this.db, () => {
      const ids = this.requeueStatement.all({ campaignId, nowMs, codesJson: JSON.stringify(transientCodes) });
      for (const { id } of ids) {
        this.requeueMessagesStatement.run({ id });
        this.reholdStatement.run({ id });
      }
      return ids.length;
    });
  }

  /**
   * Cancels every request of a campaign not yet sent (released at once) and marks those waiting
   * at the API for an API cancellation. Returns how many requests each way.
   */
  cancelCampaign(campaignId: string, nowMs: number): { cancelled: number; atApi: number } {
    return atomically(this.db, () => {
      const ids = this.cancelEntriesStatement.all({ campaignId, nowMs });
      for (const { id } of ids) this.cancelMessagesStatement.run({ id });
      this.releaseCampaignStatement.run({ campaignId, nowMs });
      const atApi = this.requestApiCancelStatement.run({ campaignId, nowMs }).changes;
      return { cancelled: ids.length, atApi };
    });
  }

  cancelsDue(nowMs: number, limit: number): OutboxEntry[] {
    return this.cancelPendingStatement.all({ nowMs, limit }).map(toEntry);
  }

  postponeCancel(id: number, nextAttemptMs: number, error: DeskErrorShape): void {
    this.postponeCancelStatement.run({ id, nextAttemptMs, errorJson: JSON.stringify(error) });
  }

  /** `cancelled`: the API cancelled it (its statuses arrive by the pull); `accepted`: too late, it went out. */
  settleCancel(id: number, state: 'cancelled' | 'accepted', error: DeskErrorShape | null): void {
    this.settleCancelStatement.run({ id, state, errorJson: error === null ? null : JSON.stringify(error) });
  }

  /** What this account's launches still count on: held reservations and those released since `sinceMs`. */
  reservedAgainst(accountSid: string, sinceMs: number): number {
    return this.reservedStatement.get({ accountSid, sinceMs })?.reserved ?? 0;
  }

  /** Whether any accepted request of the account still holds money (scheduled at an API that named no charge). */
  holdsAcceptedReservations(accountSid: string): boolean {
    return this.heldAcceptedStatement.get({ accountSid }) !== undefined;
  }

  /** Releases reservations of requests whose messages the API now reports past "scheduled". */
  releaseSettled(messageIds: readonly string[], nowMs: number): number {
    return this.releaseSettledStatement.run({ messageIdsJson: JSON.stringify(messageIds), nowMs }).changes;
  }

  /** Numbers (E.164) the profile's launches sent to, or scheduled at the API, for an instant in [fromMs, toMs]: the frequency cap. */
  recentlyMessaged(profileId: string, fromMs: number, toMs: number): Set<string> {
    const phones = new Set<string>();
    for (const row of this.messagedStatement.iterate({ profileId, fromMs, toMs })) phones.add(row.recipient);
    return phones;
  }

  /** Released reservations older than any balance read still in progress are history. */
  forgetReleasedBefore(beforeMs: number): void {
    this.forgetReleasedStatement.run({ beforeMs });
  }
}
