import { DeskError } from '../../../shared/errors';
import type { SmsLogEntry } from '../../../shared/kaleyra/sms';
import { parseMajorToMinor } from '../../../shared/money';
import type { KaleyraClient } from '../kaleyra/client';
import { STATUS_IDS_PER_REQUEST } from '../kaleyra/sms-api';
import type { Logger } from '../log';
import type { CampaignsRepository } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import { statusRank, type MessageStatusRepository, type PullMode, type StatusChange } from '../store/message-status-repository';
import type { OutboxRepository } from '../store/outbox-repository';
import { SECOND, type Clock } from '../time';
import { yieldToEvents } from '../time-slices';
import { applyStatusPageInSlices, statusSliceSizer, type PullCursor } from './status-apply';

/** The log endpoint's largest page [ours]. */
export const LOG_PAGE_SIZE = 1_000;
export const DEFAULT_STATUS_PULL_INTERVAL_MS = 10 * SECOND;

export interface StatusPullerDeps {
  db: SqliteDatabase;
  statuses: MessageStatusRepository;
  outbox: OutboxRepository;
  campaigns: CampaignsRepository;
  clientFor(profileId: string): Promise<KaleyraClient>;
  accountOf(profileId: string): string | null;
  clock: Clock;
  log: Logger;
  onCampaignTouched(profileId: string, campaignId: string): void;
  intervalMs?: number;
}

export interface PullOutcome {
  applied: number;
  mode: PullMode;
}

/**
 * Pulls message statuses incrementally. With the sandbox's log [ours] it follows a cursor, one
 * page per transaction (statuses and cursor move together, so a crash resumes at the last page);
 * against a real account, whose API has no log, it asks the documented status API about the
 * messages still on their way. The API's statuses always win; drafts are never touched.
 */
export class StatusPuller {
  private readonly running = new Map<string, Promise<PullOutcome>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Shared by every pull: the slice size follows how fast this machine applies statuses now. */
  private readonly sizer = statusSliceSizer();

  constructor(private readonly deps: StatusPullerDeps) {}

  start(): void {
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Pulls now for a profile (joining a pull already running for it). */
  pullNow(profileId: string): Promise<PullOutcome> {
    let running = this.running.get(profileId);
    if (!running) {
      running = this.pull(profileId).finally(() => this.running.delete(profileId));
      this.running.set(profileId, running);
    }
    return running;
  }

  private arm(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.deps.intervalMs ?? DEFAULT_STATUS_PULL_INTERVAL_MS);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const profiles = new Set(this.deps.campaigns.live().map((campaign) => campaign.profileId));
    for (const profileId of profiles) {
      if (this.stopped) return;
      try {
        await this.pullNow(profileId);
      } catch (error) {
        this.deps.log.warn('status pull failed; it will be retried', { profileId, code: error instanceof DeskError ? error.code : 'INTERNAL' });
      }
    }
    this.arm();
  }

  private async pull(profileId: string): Promise<PullOutcome> {
    const accountSid = this.deps.accountOf(profileId);
    if (accountSid === null) return { applied: 0, mode: 'logs' };
    const client = await this.deps.clientFor(profileId);
    const state = this.deps.statuses.pullState(profileId, accountSid);
    let outcome: PullOutcome;
    if ((state?.mode ?? 'logs') === 'logs') {
      try {
        outcome = { applied: await this.pullLogs(client, profileId, accountSid, state?.cursor ?? null), mode: 'logs' };
      } catch (error) {
        if (!(error instanceof DeskError && error.code === 'API_NOT_AVAILABLE')) throw error;
        this.deps.log.info('no message log on this API; asking for statuses by message id', { profileId });
        this.deps.statuses.savePullState(profileId, accountSid, 'status', null, this.deps.clock());
        outcome = { applied: await this.pullByIds(client, profileId, accountSid), mode: 'status' };
      }
    } else {
      outcome = { applied: await this.pullByIds(client, profileId, accountSid), mode: 'status' };
    }
    for (const campaign of this.deps.campaigns.live()) {
      if (campaign.profileId === profileId) this.deps.onCampaignTouched(profileId, campaign.id);
    }
    return outcome;
  }

  /** [ours] The log, page by page from the stored cursor. */
  private async pullLogs(client: KaleyraClient, profileId: string, accountSid: string, cursor: string | null): Promise<number> {
    let applied = 0;
    for (let since = cursor; !this.stopped;) {
      const page = await client.sms.logs(since, LOG_PAGE_SIZE);
      if (this.stopped) break;
      applied += await this.apply(profileId, accountSid, page.data.map(changeFromLog), { mode: 'logs', value: page.next_cursor });
      since = page.next_cursor;
      if (!page.has_more || page.data.length === 0) break;
      // Between pages, let calls and the outbox run: a million changes must not hold the core.
      await yieldToEvents();
    }
    return applied;
  }

  /** Documented: statuses of the messages still on their way, a page of ids at a time. */
  private async pullByIds(client: KaleyraClient, profileId: string, accountSid: string): Promise<number> {
    let applied = 0;
    for (let afterId = ''; !this.stopped;) {
      const waiting = this.deps.statuses.awaitingStatus(profileId, accountSid, afterId, STATUS_IDS_PER_REQUEST);
      const last = waiting.at(-1);
      if (!last) break;
      const reported = await client.sms.status(waiting.map((message) => message.messageId));
      if (this.stopped) break;
      const changes: StatusChange[] = reported.map((entry) => ({
        messageId: entry.campaign_id,
        status: entry.status,
        details: entry.status_details,
        chargedMinor: null,
        seq: statusRank(entry.status),
        reference: null,
      }));
      applied += await this.apply(profileId, accountSid, changes, { mode: 'status', value: null });
      afterId = last.messageId;
      await yieldToEvents();
    }
    return applied;
  }

  private apply(profileId: string, accountSid: string, changes: readonly StatusChange[], cursor: PullCursor): Promise<number> {
    return applyStatusPageInSlices({ ...this.deps, sizer: this.sizer }, { profileId, accountSid }, changes, cursor, this.deps.clock, () => this.stopped);
  }
}

export function changeFromLog(entry: SmsLogEntry): StatusChange {
  const seq = Number(entry.cursor);
  if (!Number.isSafeInteger(seq)) throw new DeskError('API_BAD_RESPONSE', 'The message log sent a cursor this app does not understand.');
  let chargedMinor: number | null;
  try {
    chargedMinor = parseMajorToMinor(entry.charged, entry.currency);
  } catch {
    chargedMinor = null;
  }
  // [ours] The log says when each change happened; the documented status API does not.
  const atMs = Date.parse(entry.at);
  return {
    messageId: entry.message_id,
    status: entry.status,
    details: entry.status_details,
    chargedMinor,
    seq,
    reference: entry.ref_custom[0] ?? null,
    atMs: Number.isFinite(atMs) ? atMs : null,
  };
}
