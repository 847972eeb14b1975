import { DeskError, type DeskErrorShape } from '../../../shared/errors';
import type { SmsSendRequest, SmsSendResponse } from '../../../shared/kaleyra/sms';
import { parseMajorToMinor } from '../../../shared/money';
import type { KaleyraClient } from '../kaleyra/client';
import type { Logger } from '../log';
import type { SqliteDatabase } from '../store/database';
import type { CampaignsRepository } from '../store/campaigns-repository';
import type { MessageStatusRepository } from '../store/message-status-repository';
import type { OutboxEntry, OutboxRepository } from '../store/outbox-repository';
import { isoAt, MINUTE, SECOND, type Clock } from '../time';
import { RequestPacer, type RequestRate } from './request-pacer';
import { actionFor, OUTBOX_RETRY, type RetryPolicy } from './retry-policy';
import { decideSubmission } from './send-timing';
import { windowDecision } from './send-rules';
import { ThrottleLedger } from './throttle-ledger';
import { spreadOffsetsMinutes } from '../campaigns/throttle-spread';
import { transactionWhenFree } from '../store/transaction-when-free';
import { assertNever } from '../../../shared/assert-never';
import { sendWithDltFields } from './dlt-send';

export interface OutboxSenderOptions {
  /** Requests on the wire at once, across accounts. */
  readonly maxInFlight: number;
  /** Our own pace per account; the API's 429 slows it further. */
  readonly rate: RequestRate | 'unlimited';
  readonly retry: RetryPolicy;
  /** Cancellations of scheduled sends that failed wait this long before the next try. */
  readonly cancelRetryMs: number;
}

export const DEFAULT_SENDER_OPTIONS: OutboxSenderOptions = {
  maxInFlight: 8,
  rate: { requests: 50_000, perMs: 5 * MINUTE },
  retry: OUTBOX_RETRY,
  cancelRetryMs: 30 * SECOND,
};

/** Even with nothing due, look again this often (a safety net against a missed wake-up). */
const IDLE_WAKE_MS = MINUTE;
/** Overdue requests re-spread at once when a throttled campaign's minute fills: a bounded slice of work. */
const RESPREAD_SLICE = 500;
/** After the store could not be read or written (locked by an import past the bounded wait), look again this soon. */
const STORE_RETRY_MS = SECOND;
/**
 * How long the sender's bookkeeping waits for the write lock another connection holds (an import
 * writer's). It waits off the thread, so the screens do not wait with it; and what it records (an
 * acceptance the API already gave) must not be dropped because an import kept the lock a while.
 */
const BOOKKEEPING_PATIENCE_MS = MINUTE;

export interface OutboxSenderDeps {
  db: SqliteDatabase;
  outbox: OutboxRepository;
  statuses: MessageStatusRepository;
  campaigns: CampaignsRepository;
  /** The API client of a profile (with the outbox's request timeout). */
  clientFor(profileId: string): Promise<KaleyraClient>;
  clock: Clock;
  log: Logger;
  /** A request settled or a campaign changed: progress and status follow. */
  onCampaignTouched(profileId: string, campaignId: string): void;
  /** Campaigns stopped because their account cannot send. */
  onBlocked(profileId: string, campaignIds: readonly string[], reason: DeskErrorShape): void;
  options?: Partial<OutboxSenderOptions>;
}

/**
 * Pushes the launch outbox to the API. Every request carries its idempotency reference in
 * `ref_custom`; a request is marked in flight before it leaves and accepted only when the API
 * answers, so after a crash, a timeout or a dropped connection it is sent again with the same
 * reference and the API answers with the first acceptance instead of sending twice.
 */
export class OutboxSender {
  private readonly options: OutboxSenderOptions;
  private readonly pacer: RequestPacer;
  private readonly clients = new Map<string, Promise<KaleyraClient>>();
  /** The client each profile's requests currently use; a failure from an older one is stale. */
  private readonly currentClients = new Map<string, KaleyraClient>();
  private readonly cancelling = new Set<number>();
  private readonly ledger: ThrottleLedger;
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopped = false;
  /** One pump at a time: a pump waits for the write lock to claim requests; a pump asked for meanwhile runs after it. */
  private pumping = false;
  private pumpAgain = false;

  constructor(private readonly deps: OutboxSenderDeps) {
    this.options = { ...DEFAULT_SENDER_OPTIONS, ...deps.options };
    this.pacer = new RequestPacer(this.options.rate, deps.clock);
    this.ledger = new ThrottleLedger((campaignId, fromMs, toMs) => deps.outbox.acceptedBetween(campaignId, fromMs, toMs));
  }

  /** Resumes after a restart: whatever was in flight when the process died goes again. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const resumed = this.deps.outbox.resetInFlight();
    if (resumed > 0) this.deps.log.info('resuming requests left in flight', { requests: resumed });
    this.pump();
  }

  /**
   * Something became due (a launch, a resume, a cancellation): look on the next turn of the event
   * loop, never inside the caller's call — a launch that committed must not report the sender's
   * trouble (a store locked by an import) as its own failure.
   */
  kick(): void {
    if (this.started) setImmediate(() => this.pump());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Requests being sent right now. */
  get busy(): number {
    return this.inFlight + this.cancelling.size;
  }

  /** Runs from timers and callbacks that nobody awaits: a failure is logged and the sender looks again shortly. */
  private pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    this.pumpOnce()
      .catch((error: unknown) => {
        this.deps.log.error('outbox could not take due requests; trying again shortly', { error: String(error) });
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.pump(), STORE_RETRY_MS);
        this.timer.unref();
      })
      .finally(() => {
        this.pumping = false;
        if (!this.pumpAgain) return;
        this.pumpAgain = false;
        this.pump();
      });
  }

  /**
   * The sender's writes: one IMMEDIATE transaction each, taken when the write lock is free. An
   * import's writer holds it a few tens of milliseconds at a time; waiting for it inside SQLite
   * would hold the core's thread (and every screen) for as long.
   */
  private write<T>(work: () => T): Promise<T> {
    return transactionWhenFree(this.deps.db, work, { patienceMs: BOOKKEEPING_PATIENCE_MS });
  }

  private async pumpOnce(): Promise<void> {
    const now = this.deps.clock();
    const slowed = this.slowedAccounts(now);
    for (const entry of this.deps.outbox.cancelsDue(now, this.options.maxInFlight)) {
      if (this.cancelling.has(entry.id)) continue;
      this.cancelling.add(entry.id);
      void this.cancelAtApi(entry)
        .catch((error: unknown) => this.deps.log.error('cancellation could not be recorded; it is tried again', { id: entry.id, error: String(error) }))
        .finally(() => {
          this.cancelling.delete(entry.id);
          this.pump();
        });
    }
    const capacity = this.options.maxInFlight - this.inFlight;
    if (capacity > 0) {
      const claimed = await this.write(() => this.deps.outbox.claimDue(now, capacity, slowed));
      for (const entry of claimed) {
        this.inFlight++;
        void this.send(entry)
          .catch((error: unknown) => {
            this.deps.log.error('outbox request crashed', { id: entry.id, error: String(error) });
            return this.putBack(entry);
          })
          .finally(() => {
            this.inFlight--;
            this.pump();
          });
      }
    }
    this.arm(this.deps.clock(), slowed);
  }

  private arm(now: number, slowed: readonly string[]): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stopped || this.inFlight >= this.options.maxInFlight) return;
    let wakeAt = now + IDLE_WAKE_MS;
    const next = this.deps.outbox.nextDueAt(slowed);
    if (next !== null) wakeAt = Math.min(wakeAt, next);
    for (const account of slowed) wakeAt = Math.min(wakeAt, this.pacer.pausedUntil(account));
    this.timer = setTimeout(() => this.pump(), Math.max(0, wakeAt - now));
    this.timer.unref();
  }

  private slowedAccounts(now: number): string[] {
    return this.deps.campaigns
      .live()
      .map((campaign) => campaign.accountSid)
      .filter((account, index, all) => all.indexOf(account) === index && this.pacer.pausedUntil(account) > now);
  }

  private async send(entry: OutboxEntry): Promise<void> {
    const { outbox } = this.deps;
    const submission = decideSubmission(entry.sendAtMs, entry.zone, this.deps.clock());
    if (submission.kind === 'hold') {
      await this.write(() => outbox.retryLater(entry.id, submission.untilMs, null, this.deps.clock(), { countAttempt: false }));
      return;
    }
    await this.pacer.acquire(entry.accountSid, sleep);
    if (this.stopped) return;
    let client: KaleyraClient | null = null;
    try {
      client = await this.clientFor(entry.profileId);
    } catch (error) {
      await this.failAndTouch(entry, error, client);
      return;
    }
    if (this.stopped) return;
    // The rules are checked at the moment the request leaves, synchronously with its departure.
    if (!(await this.mayLeave(entry, submission.kind === 'schedule'))) {
      this.deps.onCampaignTouched(entry.profileId, entry.campaignId);
      return;
    }
    const request: SmsSendRequest = {
      to: entry.recipients.join(','),
      sender: entry.senderId,
      body: entry.body,
      type: entry.smsType as SmsSendRequest['type'],
      ref_custom: [entry.reference],
      ...(submission.kind === 'schedule' ? { time: submission.time } : {}),
    };
    let response: SmsSendResponse;
    try {
      response = await sendWithDltFields(client, entry, request);
    } catch (error) {
      await this.failAndTouch(entry, error, client);
      return;
    }
    if (this.stopped) return;
    await this.recordAcceptance(entry, response, submission.kind === 'schedule');
    this.deps.onCampaignTouched(entry.profileId, entry.campaignId);
  }

  /**
   * Whether the request may leave now: inside its windows (else held to the next opening, or
   * skipped) and, for a throttled campaign sending now, within its clock minute's room (else it and
   * every overdue request of the campaign are re-spread from now at the throttle).
   */
  private async mayLeave(entry: OutboxEntry, scheduledAtApi: boolean): Promise<boolean> {
    const nowMs = this.deps.clock();
    const decision = windowDecision(entry, scheduledAtApi ? entry.sendAtMs : nowMs);
    switch (decision.kind) {
      case 'go':
        break;
      case 'hold':
        this.deps.log.info('request held to its window', { id: entry.id, reason: decision.reason, untilMs: decision.untilMs });
        await this.write(() => this.deps.outbox.hold(entry.id, decision.untilMs, decision.reason));
        return false;
      case 'skip':
        this.deps.log.info('request skipped: its window passed', { id: entry.id, reason: decision.reason });
        await this.write(() => {
          this.deps.outbox.skip(entry.id, decision.reason, nowMs);
          this.deps.campaigns.refreshWaveStatus(entry.campaignId, entry.waveNo);
        });
        return false;
      default:
        assertNever(decision);
    }
    const throttle = entry.throttlePerMinute;
    if (throttle === null || scheduledAtApi) return true;
    if (this.ledger.fits(entry.campaignId, throttle, nowMs, entry.recipients.length)) {
      this.ledger.take(entry.campaignId, nowMs, entry.recipients.length);
      return true;
    }
    await this.respread(entry, throttle, nowMs);
    return false;
  }

  /**
   * The campaign's minute is full: this request and every other one already due go in the next
   * minutes with room, at the throttle (the planner's spread, around what later minutes already
   * carry), never all at once. Written to the store, so a restart keeps the spread.
   */
  private async respread(entry: OutboxEntry, throttle: number, nowMs: number): Promise<void> {
    const { outbox } = this.deps;
    const minuteNow = Math.floor(nowMs / MINUTE);
    await this.write(() => {
      // Bounded, so a huge backlog is re-spread a slice at a time (the rest at the next full minute).
      const overdue = [{ id: entry.id, recipientCount: entry.recipients.length }, ...outbox.overdueSlots(entry.campaignId, nowMs, RESPREAD_SLICE)];
      // This minute is full (the request did not fit); later ones carry what is planned for them.
      const used = outbox.plannedLoad(entry.campaignId, nowMs);
      used.set(minuteNow, throttle);
      // The next minute also carries what left at this one's edge (counted against both).
      used.set(minuteNow + 1, (used.get(minuteNow + 1) ?? 0) + this.ledger.usedIn(entry.campaignId, minuteNow + 1));
      const [offsets = []] = spreadOffsetsMinutes([{ startMs: nowMs, requestSizes: overdue.map((slot) => slot.recipientCount) }], throttle, used);
      const moves = overdue.map((slot, index) => ({ id: slot.id, sendAtMs: (minuteNow + (offsets[index] ?? 1)) * MINUTE }));
      const [own, ...others] = moves;
      if (own) outbox.hold(own.id, own.sendAtMs, 'throttle');
      outbox.reschedule(others);
    });
  }

  /** A request that failed on its way out: recorded as the failure says, and its campaign's progress told. */
  private async failAndTouch(entry: OutboxEntry, error: unknown, client: KaleyraClient | null): Promise<void> {
    if (this.stopped) return;
    await this.handleFailure(entry, error, client);
    this.deps.onCampaignTouched(entry.profileId, entry.campaignId);
  }

  /** A send that crashed inside the core goes back in the queue (same reference, so never twice). */
  private async putBack(entry: OutboxEntry): Promise<void> {
    try {
      await this.write(() => this.deps.outbox.retryLater(entry.id, this.deps.clock() + STORE_RETRY_MS, null, this.deps.clock(), { countAttempt: false }));
    } catch (error) {
      this.deps.log.error('request could not be put back; it goes again after a restart', { id: entry.id, error: String(error) });
    }
  }

  private async recordAcceptance(entry: OutboxEntry, response: SmsSendResponse, scheduledAtApi: boolean): Promise<void> {
    const acceptance = {
      apiSendId: response.id,
      messageIds: messageIdsByPosition(entry.recipients, response),
      chargedMinor: chargedOf(response),
      scheduledAtApi,
    };
    await this.write(() => {
      const nowMs = this.deps.clock();
      this.deps.outbox.accept(entry.id, acceptance, nowMs);
      this.deps.statuses.adoptParked(entry.profileId, entry.reference, nowMs);
      this.deps.campaigns.refreshWaveStatus(entry.campaignId, entry.waveNo);
    });
  }

  private async handleFailure(entry: OutboxEntry, error: unknown, client: KaleyraClient | null): Promise<void> {
    const { outbox, campaigns, log } = this.deps;
    const nowMs = this.deps.clock();
    const action = actionFor(error, entry.attempts, this.options.retry);
    switch (action.kind) {
      case 'retry':
        log.warn('request will be retried', { id: entry.id, code: action.error.code, attempts: entry.attempts, delayMs: action.delayMs });
        await this.write(() => outbox.retryLater(entry.id, nowMs + action.delayMs, action.error, nowMs));
        return;
      case 'slow-down':
        log.warn('API asked to slow down', { account: entry.accountSid, delayMs: action.delayMs });
        this.pacer.pause(entry.accountSid, nowMs + action.delayMs);
        await this.write(() => outbox.retryLater(entry.id, nowMs + action.delayMs, action.error, nowMs, { countAttempt: false }));
        return;
      case 'block': {
        if (client !== null && this.currentClients.get(entry.profileId) !== client) {
          // Sent with a key (or before a resume) that is no longer current: not a reason to stop again.
          await this.write(() => outbox.retryLater(entry.id, nowMs, action.error, nowMs, { countAttempt: false }));
          return;
        }
        log.warn('account cannot send; its campaigns stop', { account: entry.accountSid, code: action.error.code });
        this.forgetClient(entry.profileId);
        const blocked = await this.write(() => {
          const ids = campaigns.blockAccount(entry.profileId, entry.accountSid, action.error, isoAt(nowMs));
          outbox.retryLater(entry.id, nowMs, action.error, nowMs, { countAttempt: false });
          return ids;
        });
        this.deps.onBlocked(entry.profileId, blocked, action.error);
        return;
      }
      case 'unschedule':
        // Too close to schedule at the API: the outbox keeps it and sends it at its time.
        await this.write(() => outbox.retryLater(entry.id, entry.sendAtMs, action.error, nowMs, { countAttempt: false }));
        return;
      case 'fail':
        log.warn('request refused for good', { id: entry.id, code: action.error.code, apiCode: action.error.apiCode });
        await this.write(() => {
          outbox.fail(entry.id, action.error, nowMs);
          campaigns.refreshWaveStatus(entry.campaignId, entry.waveNo);
        });
        return;
      default:
        assertNever(action);
    }
  }

  /** [ours] Cancels at the API what a cancelled campaign had scheduled there. */
  private async cancelAtApi(entry: OutboxEntry): Promise<void> {
    const { outbox } = this.deps;
    if (entry.apiSendId === null) {
      await this.write(() => outbox.settleCancel(entry.id, 'cancelled', null));
      return;
    }
    try {
      const client = await this.clientFor(entry.profileId);
      await client.sms.cancelScheduled(entry.apiSendId);
      if (this.stopped) return;
      await this.write(() => outbox.settleCancel(entry.id, 'cancelled', null));
    } catch (error) {
      if (this.stopped) return;
      const shape = error instanceof DeskError ? error.toShape() : { code: 'INTERNAL' as const, message: String(error) };
      switch (shape.code) {
        case 'API_NOT_AVAILABLE':
        case 'API_REJECTED':
        case 'API_FORBIDDEN':
          // The API cannot cancel it (no such call on a real account, or already sent): it goes out.
          await this.write(() =>
            outbox.settleCancel(entry.id, 'accepted', {
              ...shape,
              message: 'These messages were already handed to Kaleyra and could not be cancelled there; they will be sent.',
            }),
          );
          break;
        default:
          await this.write(() => outbox.postponeCancel(entry.id, this.deps.clock() + this.options.cancelRetryMs, shape));
      }
    }
    this.deps.onCampaignTouched(entry.profileId, entry.campaignId);
  }

  private clientFor(profileId: string): Promise<KaleyraClient> {
    let client = this.clients.get(profileId);
    if (!client) {
      const created = this.deps.clientFor(profileId);
      created.then(
        (resolved) => {
          if (this.clients.get(profileId) === created) this.currentClients.set(profileId, resolved);
        },
        () => {
          if (this.clients.get(profileId) === created) this.clients.delete(profileId);
        },
      );
      this.clients.set(profileId, created);
      client = created;
    }
    return client;
  }

  /** The key may have changed (blocked, resumed, replaced): the next request reads it again. */
  forgetClient(profileId: string): void {
    this.clients.delete(profileId);
    this.currentClients.delete(profileId);
  }
}

/** The API's message id for each position of the request, matched by order, or by number if the counts differ. */
export function messageIdsByPosition(recipients: readonly string[], response: SmsSendResponse): Array<string | null> {
  if (response.data.length === recipients.length) return response.data.map((entry) => entry.message_id);
  const digits = (phone: string) => phone.replace(/\D/g, '');
  const byRecipient = new Map(response.data.map((entry) => [digits(entry.recipient), entry.message_id]));
  return recipients.map((recipient) => byRecipient.get(digits(recipient)) ?? null);
}

/** [ours] The sandbox says what a send cost; Kaleyra's documented answer does not. */
function chargedOf(response: SmsSendResponse): number | null {
  if (response.charged === undefined || response.currency === undefined) return null;
  try {
    return parseMajorToMinor(response.charged, response.currency);
  } catch {
    return null;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
