import { MINUTE } from '../time';

export interface RequestRate {
  readonly requests: number;
  readonly perMs: number;
}

/** Kaleyra asks integrations to stay at or below 50,000 requests per 5 minutes. */
export const KALEYRA_REQUEST_RATE: RequestRate = { requests: 50_000, perMs: 5 * MINUTE };

/**
 * A token bucket per account: requests go out evenly at the account's rate with a small burst,
 * and a 429 pushes the whole account back until the time the API asked for.
 */
export class RequestPacer {
  private readonly buckets = new Map<string, { tokens: number; refilledAt: number; pausedUntil: number }>();
  private readonly burst: number;

  constructor(
    private readonly rate: RequestRate | 'unlimited',
    private readonly clock: () => number,
    burst = 20,
  ) {
    this.burst = rate === 'unlimited' ? Number.POSITIVE_INFINITY : Math.max(1, Math.min(burst, rate.requests));
  }

  /** Milliseconds to wait before `account` may send (0 = now); takes the token when it is 0. */
  reserve(account: string): number {
    const now = this.clock();
    const bucket = this.bucketOf(account, now);
    if (bucket.pausedUntil > now) return bucket.pausedUntil - now;
    if (this.rate === 'unlimited') return 0;
    const perToken = this.rate.perMs / this.rate.requests;
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.refilledAt) / perToken);
    bucket.refilledAt = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) * perToken);
  }

  /** Waits for a token. */
  async acquire(account: string, sleep: (ms: number) => Promise<void>): Promise<void> {
    for (let wait = this.reserve(account); wait > 0; wait = this.reserve(account)) await sleep(wait);
  }

  /** The API said 429: nobody on this account sends before `untilMs`. */
  pause(account: string, untilMs: number): void {
    const bucket = this.bucketOf(account, this.clock());
    bucket.pausedUntil = Math.max(bucket.pausedUntil, untilMs);
    bucket.tokens = 0;
  }

  pausedUntil(account: string): number {
    return this.buckets.get(account)?.pausedUntil ?? 0;
  }

  private bucketOf(account: string, now: number) {
    let bucket = this.buckets.get(account);
    if (!bucket) {
      bucket = { tokens: this.burst === Number.POSITIVE_INFINITY ? 0 : this.burst, refilledAt: now, pausedUntil: 0 };
      this.buckets.set(account, bucket);
    }
    return bucket;
  }
}
