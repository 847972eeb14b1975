import { sandboxCodes } from '../../shared/kaleyra/errors';
import { MINUTE, SECOND } from './clock';
import { SandboxError } from './errors';

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Kaleyra's guidance: at most 50,000 requests per 5 minutes. */
export const DEFAULT_RATE_LIMIT: RateLimit = { requests: 50_000, windowMs: 5 * MINUTE };

/**
 * Fixed-window request counter per account (the API key's owner) [ours]. Windows live in
 * memory: a restart forgets them, which is fine for a sandbox.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();
  /** Requests answered 429 per account since start: what tests judge a client's pacing by. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly fallback: RateLimit | 'off') {}

  /** Counts one request, or refuses it with 429 and the seconds until the window resets. */
  admit(accountSid: string, override: RateLimit | null, now: number): void {
    const limit = override ?? this.fallback;
    if (limit === 'off') return;
    let window = this.windows.get(accountSid);
    if (!window || now - window.startedAt >= limit.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(accountSid, window);
    }
    if (window.count >= limit.requests) {
      this.refused.set(accountSid, (this.refused.get(accountSid) ?? 0) + 1);
      const retryAfterSeconds = Math.max(1, Math.ceil((window.startedAt + limit.windowMs - now) / SECOND));
      throw new SandboxError(429, sandboxCodes.rateLimited, `more than ${limit.requests} requests in ${limit.windowMs} ms`, undefined, retryAfterSeconds);
    }
    window.count += 1;
  }

  refusals(accountSid: string): number {
    return this.refused.get(accountSid) ?? 0;
  }

  reset(accountSid: string): void {
    this.windows.delete(accountSid);
  }
}
