import { MINUTE, SECOND, type Clock } from '../time';

/** How many requests an account (the API key's owner) may make per window. */
export interface AccountRateLimit {
  requests: number;
  windowMs: number;
}

/** Kaleyra's guidance: at most 50,000 requests per 5 minutes per account. */
export const KALEYRA_RATE_GUIDANCE: AccountRateLimit = { requests: 50_000, windowMs: 5 * MINUTE };
/** Background work (spend logs, status pulls, syncs) keeps to this share; the rest is for sends. */
export const DEFAULT_BACKGROUND_SHARE = 0.2;

/** Who is asking: sends and the user's own actions, or work nobody is waiting for. */
export type RequestPriority = 'foreground' | 'background';

/** After a 429, background pace is divided by up to this factor, then recovers one halving per calm window. */
const MAX_SLOWDOWN = 64;
/** A 429 without Retry-After pauses background work this long. */
const DEFAULT_PAUSE_MS = 5 * SECOND;

export interface RequestBudgetOptions {
  limit?: AccountRateLimit;
  backgroundShare?: number;
  clock: Clock;
  /** Waits on the same clock (tests pass one that moves a virtual clock instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
}

export interface BudgetUsage {
  /** Background requests started within the last window. */
  backgroundInWindow: number;
  foregroundInWindow: number;
  /** Background requests allowed per window at the current pace. */
  backgroundAllowance: number;
  slowdown: number;
  pausedUntil: number;
}

interface AccountPace {
  nextSlotAt: number;
  pausedUntil: number;
  slowdown: number;
  lastLimitedAt: number;
  background: number[];
  foreground: number[];
}

// Not unref'd: a call is awaiting this wait, and a process whose only pending work is a paced
// request must not exit under it (a child core did, with Node's "unsettled top-level await", 13).
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The request budget of every account this desktop talks to. Background requests are spaced so
 * that any window of the account's rate limit holds at most `backgroundShare` of it: a sliding
 * guarantee, so the API's own fixed windows can never see more. A 429 on any request pauses
 * background work for the Retry-After and halves its pace: sends keep the capacity.
 */
export class RequestBudget {
  readonly limit: AccountRateLimit;
  readonly backgroundShare: number;
  private readonly accounts = new Map<string, AccountPace>();
  /** Accounts whose user set their own rate limit or background share (the profile settings). */
  private readonly settings = new Map<string, { limit: AccountRateLimit; backgroundShare: number }>();
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: RequestBudgetOptions) {
    this.limit = options.limit ?? KALEYRA_RATE_GUIDANCE;
    this.backgroundShare = options.backgroundShare ?? DEFAULT_BACKGROUND_SHARE;
    this.clock = options.clock;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Background requests allowed per window at full pace (at least one), with the defaults. */
  get backgroundAllowance(): number {
    return Math.max(1, Math.floor(this.limit.requests * this.backgroundShare));
  }

  /** An account's own rate limit and background share (null: back to the defaults); takes effect from its next request. */
  configure(account: string, settings: { limit: AccountRateLimit; backgroundShare: number } | null): void {
    if (settings) this.settings.set(account, settings);
    else this.settings.delete(account);
  }

  /** What an account's background work keeps to. */
  settingsOf(account: string): { limit: AccountRateLimit; backgroundShare: number } {
    return this.settings.get(account) ?? { limit: this.limit, backgroundShare: this.backgroundShare };
  }

  private allowanceOf(account: string): number {
    const { limit, backgroundShare } = this.settingsOf(account);
    return Math.max(1, Math.floor(limit.requests * backgroundShare));
  }

  /** Waits for this account's next background slot; the slot is taken before waiting, so callers queue fairly. */
  async takeBackground(account: string): Promise<void> {
    const pace = this.paceOf(account);
    const now = this.clock();
    const { limit } = this.settingsOf(account);
    this.recover(pace, now, limit.windowMs);
    const interval = Math.ceil(limit.windowMs / this.allowanceOf(account)) * pace.slowdown;
    const slot = Math.max(now, pace.nextSlotAt, pace.pausedUntil);
    pace.nextSlotAt = slot + interval;
    if (slot > now) await this.sleep(slot - now);
    // A 429 may have arrived while this request waited: it waits out the pause too.
    const pausedFor = pace.pausedUntil - this.clock();
    if (pausedFor > 0) await this.sleep(pausedFor);
    record(pace.background, this.clock(), limit.windowMs);
  }

  /** Sends and user actions are never held here; they are counted so usage can be reported. */
  noteForeground(account: string): void {
    record(this.paceOf(account).foreground, this.clock(), this.settingsOf(account).limit.windowMs);
  }

  /** The API said slow down: background work pauses and slows first. */
  noteRateLimited(account: string, retryAfterMs: number | null): void {
    const pace = this.paceOf(account);
    const now = this.clock();
    pace.pausedUntil = Math.max(pace.pausedUntil, now + (retryAfterMs ?? DEFAULT_PAUSE_MS));
    pace.slowdown = Math.min(MAX_SLOWDOWN, pace.slowdown * 2);
    pace.lastLimitedAt = now;
    pace.nextSlotAt = Math.max(pace.nextSlotAt, pace.pausedUntil);
  }

  usage(account: string): BudgetUsage {
    const pace = this.paceOf(account);
    const now = this.clock();
    const { windowMs } = this.settingsOf(account).limit;
    prune(pace.background, now, windowMs);
    prune(pace.foreground, now, windowMs);
    return {
      backgroundInWindow: pace.background.length,
      foregroundInWindow: pace.foreground.length,
      backgroundAllowance: Math.max(1, Math.floor(this.allowanceOf(account) / pace.slowdown)),
      slowdown: pace.slowdown,
      pausedUntil: pace.pausedUntil,
    };
  }

  private recover(pace: AccountPace, now: number, windowMs: number): void {
    if (pace.slowdown > 1 && now - pace.lastLimitedAt >= windowMs) {
      pace.slowdown = Math.max(1, pace.slowdown / 2);
      pace.lastLimitedAt = now;
    }
  }

  private paceOf(account: string): AccountPace {
    let pace = this.accounts.get(account);
    if (!pace) {
      pace = { nextSlotAt: 0, pausedUntil: 0, slowdown: 1, lastLimitedAt: 0, background: [], foreground: [] };
      this.accounts.set(account, pace);
    }
    return pace;
  }
}

function record(times: number[], now: number, windowMs: number): void {
  times.push(now);
  prune(times, now, windowMs);
}

function prune(times: number[], now: number, windowMs: number): void {
  let stale = 0;
  while (stale < times.length && (times[stale] ?? now) <= now - windowMs) stale += 1;
  if (stale > 0) times.splice(0, stale);
}
