import type { SpendRefreshState } from '../../../shared/calls/spend';
import type { SubaccountView } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import { KaleyraClient } from '../kaleyra/client';
import type { Logger } from '../log';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SpendLogRepository } from '../store/spend-log-repository';
import type { SyncStateRepository } from '../store/sync-state-repository';
import { isoAt, MINUTE, SECOND, type Clock } from '../time';
import { lineOf } from './account-messages';

/** The log endpoint's largest page [ours]. */
const LOG_PAGE_SIZE = 1_000;
/** Accounts read at once: enough to hide the API's latency; the request budget sets the pace. */
const READERS = 4;
/** A dashboard opened again soon after a complete pass reads the store only. */
export const MIN_REFRESH_GAP_MS = MINUTE;
/** Progress events at most this often: each one makes open dashboards read the store again. */
const PROGRESS_EVERY_MS = 5 * SECOND;
/** An account refused with 429 waits for the budget's pause and tries again this many times. */
const RATE_LIMITED_ATTEMPTS = 3;

export interface SpendLogPullerDeps {
  logs: SpendLogRepository;
  syncState: SyncStateRepository;
  clock: Clock;
  log: Logger;
  /** A client whose requests are held to the account's background share. */
  backgroundClientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  /** Refreshes the cached sub-account list (the sync's pull) and returns it. */
  pullSubaccounts(profile: ProfileRecord): Promise<SubaccountView[]>;
  isActive(profileId: string): boolean;
  onProgress(profileId: string, state: SpendRefreshState): void;
}

interface Pass {
  promise: Promise<void>;
  done: number;
  total: number;
}

/**
 * Refreshes the local spend store from every account's message log [ours], from each account's
 * stored cursor, least recently read first, each request waiting for the account's background
 * budget. One pass per profile at a time; a pass stops when its profile is no longer active and
 * the next one resumes from the cursors.
 */
export class SpendLogPuller {
  private readonly passes = new Map<string, Pass>();
  private readonly problems = new Map<string, string | null>();
  private stopped = false;

  constructor(private readonly deps: SpendLogPullerDeps) {}

  /** The core is closing: passes stop at the next account and report nothing more. */
  stop(): void {
    this.stopped = true;
  }

  state(profileId: string): SpendRefreshState {
    const pass = this.passes.get(profileId);
    const lastRefreshedMs = this.deps.syncState.get(profileId, 'spend-logs').lastSyncedAtMs;
    return {
      running: pass !== undefined,
      accountsDone: pass?.done ?? 0,
      accountsTotal: pass?.total ?? 0,
      lastRefreshedAt: lastRefreshedMs === null ? null : isoAt(lastRefreshedMs),
      problem: this.problems.get(profileId) ?? null,
    };
  }

  /**
   * Starts a pass unless one runs (joined) or one ended moments ago (`force` ignores that);
   * `after` runs once the logs are in (the alerts).
   */
  refresh(profile: ProfileRecord, force: boolean, after: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const running = this.passes.get(profile.id);
    if (running) return running.promise;
    const last = this.deps.syncState.get(profile.id, 'spend-logs').lastSyncedAtMs;
    if (!force && last !== null && this.deps.clock() - last < MIN_REFRESH_GAP_MS) return Promise.resolve();
    const pass: Pass = { promise: Promise.resolve(), done: 0, total: 0 };
    pass.promise = this.run(profile, pass)
      .then(after)
      .catch((error: unknown) => {
        this.problems.set(profile.id, error instanceof DeskError ? error.message : 'The spend figures could not be refreshed.');
        this.deps.log.warn('spend: refresh failed', { profileId: profile.id, error: String(error) });
      })
      .finally(() => {
        this.passes.delete(profile.id);
        if (!this.stopped) this.deps.onProgress(profile.id, this.state(profile.id));
      });
    this.passes.set(profile.id, pass);
    return pass.promise;
  }

  private async run(profile: ProfileRecord, pass: Pass): Promise<void> {
    const subaccounts = await this.deps.pullSubaccounts(profile);
    const client = await this.deps.backgroundClientFor(profile);
    const cursors = this.deps.logs.cursors(profile.id);
    const accounts = [{ sid: profile.sid, deleted: false }, ...subaccounts.map((s) => ({ sid: s.sid, deleted: s.status === 'deleted' }))]
      // Least recently read first: a pass cut short (offline, profile switch, quit) is continued by the next.
      .sort((a, b) => (cursors.get(a.sid)?.readAtMs ?? 0) - (cursors.get(b.sid)?.readAtMs ?? 0));
    pass.total = accounts.length;
    this.problems.set(profile.id, null);
    let lastProgressAt = this.deps.clock();
    let stopped = false;
    const queue = accounts.values();
    const reader = async () => {
      for (const account of queue) {
        if (stopped || this.stopped || !this.deps.isActive(profile.id)) {
          stopped = true;
          return;
        }
        if (account.deleted) this.markDeleted(profile.id, account.sid);
        else {
          const stop = await this.readAccount(
            profile.id,
            new KaleyraClient({ ...client.http.connection, sid: account.sid }),
            account.sid,
            cursors.get(account.sid)?.cursor ?? null,
          );
          if (stop !== null) {
            // Asking the other accounts would fail the same way and spend the budget: the next pass resumes from the cursors.
            this.problems.set(profile.id, stop);
            stopped = true;
            return;
          }
        }
        pass.done += 1;
        if (this.deps.clock() - lastProgressAt >= PROGRESS_EVERY_MS) {
          lastProgressAt = this.deps.clock();
          this.deps.onProgress(profile.id, this.state(profile.id));
        }
      }
    };
    await Promise.all(Array.from({ length: READERS }, reader));
    if (!stopped && !this.stopped) this.deps.syncState.recordSuccess(profile.id, 'spend-logs', this.deps.clock());
  }

  /**
   * Reads one account's log from its cursor, page by page; a failure is kept as the account's
   * problem. Returns why the whole pass should stop (no log on this API, offline, key refused), or null.
   */
  private async readAccount(profileId: string, client: KaleyraClient, sid: string, cursor: string | null): Promise<string | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        for (let since = cursor; ;) {
          const page = await client.sms.logs(since, LOG_PAGE_SIZE);
          this.deps.logs.applyPage(profileId, sid, page.data.map(lineOf), page.next_cursor, this.deps.clock());
          since = cursor = page.next_cursor;
          if (!page.has_more || page.data.length === 0) return null;
        }
      } catch (error) {
        if (this.stopped) return null;
        if (error instanceof DeskError && error.code === 'API_RATE_LIMITED' && attempt < RATE_LIMITED_ATTEMPTS) continue;
        const reason =
          error instanceof DeskError && error.code === 'API_NOT_AVAILABLE'
            ? 'Not available: this API offers no message log (Kaleyra documents none), so actual spend cannot be read from it.'
            : error instanceof DeskError
              ? error.message
              : 'The message log could not be read.';
        this.deps.logs.recordProblem(profileId, sid, reason);
        this.deps.log.warn('spend: reading a message log failed', { sid, error: String(error) });
        return passStopper(error);
      }
    }
  }

  /** A deleted sub-account's log is refused (403): asking costs a request and teaches nothing. */
  private markDeleted(profileId: string, sid: string): void {
    this.deps.logs.recordProblem(profileId, sid, 'Deleted: the API no longer shows its messages.');
  }
}

/** Failures that are the API's or the connection's, not one account's. */
function passStopper(error: unknown): string | null {
  if (!(error instanceof DeskError)) return null;
  switch (error.code) {
    case 'API_NOT_AVAILABLE':
      return 'This API offers no message log, so spend figures cannot be read from it.';
    case 'API_AUTH_FAILED':
    case 'API_UNREACHABLE':
      return error.message;
    default:
      return null;
  }
}
