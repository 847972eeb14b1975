/**
 * Throughput: does every wave finish inside its allowed window at the account's rate?
 */
import { MINUTE_MS, parseInstant, ScheduleError, toIso } from './math-local-time';
import type { Wave } from './schedule';

export interface RateLimit {
  /** Messages (one per recipient) the account may submit per `perMinutes`. */
  readonly messages: number;
  readonly perMinutes: number;
}

/** Kaleyra's guidance: at most 50,000 single-message requests per 5 minutes. */
export const KALEYRA_GUIDANCE_RATE: RateLimit = { messages: 50_000, perMinutes: 5 };

export interface WaveThroughput {
  readonly waveId: string;
  readonly startsAt: string;
  readonly finishesAt: string;
  readonly allowedUntil?: string;
  /** How late the last message goes out past `allowedUntil`, in whole minutes (0 when it fits). */
  readonly overflowMinutes: number;
  /** Recipients that would be sent after `allowedUntil`. */
  readonly recipientsOverflowing: number;
}

export interface ThroughputCheck {
  readonly fits: boolean;
  readonly waves: WaveThroughput[];
  readonly overflowing: WaveThroughput[];
}

/**
 * Whether every wave finishes inside its allowed window at the account's rate. Waves share one
 * account-wide rate, so they are drained in start order, each starting when it is due or when
 * the previous one is done, whichever is later.
 */
export function checkThroughput(waves: readonly Pick<Wave, 'id' | 'utc' | 'recipients' | 'allowedUntil'>[], rate: RateLimit): ThroughputCheck {
  if (!(rate.messages > 0) || !(rate.perMinutes > 0)) {
    throw new ScheduleError('SCHEDULE_INVALID_RATE', 'The rate limit must allow at least one message per period', 'rate');
  }
  const periodMs = rate.perMinutes * MINUTE_MS;
  const ordered = [...waves].sort((a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : 0));
  const results: WaveThroughput[] = [];
  let busyUntil = Number.NEGATIVE_INFINITY;
  for (const wave of ordered) {
    const due = parseInstant(wave.utc, 'wave.utc');
    const start = Math.max(due, busyUntil);
    const finish = start + Math.ceil((wave.recipients * periodMs) / rate.messages);
    busyUntil = finish;
    let overflowMinutes = 0;
    let recipientsOverflowing = 0;
    if (wave.allowedUntil !== undefined) {
      const allowed = parseInstant(wave.allowedUntil, 'wave.allowedUntil');
      if (finish > allowed) {
        overflowMinutes = Math.ceil((finish - allowed) / MINUTE_MS);
        const sendable = Math.max(0, Math.floor(((allowed - start) * rate.messages) / periodMs));
        recipientsOverflowing = Math.max(0, wave.recipients - sendable);
      }
    }
    results.push({
      waveId: wave.id,
      startsAt: toIso(start),
      finishesAt: toIso(finish),
      ...(wave.allowedUntil !== undefined ? { allowedUntil: wave.allowedUntil } : {}),
      overflowMinutes,
      recipientsOverflowing,
    });
  }
  const overflowing = results.filter((result) => result.recipientsOverflowing > 0 || result.overflowMinutes > 0);
  return { fits: overflowing.length === 0, waves: results, overflowing };
}
