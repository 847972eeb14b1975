import { MAX_RECIPIENTS_PER_SEND } from '../../../shared/kaleyra/sms';
import { MINUTE } from '../time';

/**
 * How many recipients one request of a throttled campaign may carry. A request goes out at once,
 * so the throttle is met by requests that fill a minute exactly: below 100 per minute, one
 * request of that size; above, the fewest requests of at most 100 that add up to the throttle
 * (250 per minute → 3 requests of 83, not 100 + 100 + 50 where the third must wait).
 */
export function recipientsPerRequest(throttlePerMinute: number | null): number {
  if (throttlePerMinute === null) return MAX_RECIPIENTS_PER_SEND;
  assertThrottle(throttlePerMinute);
  const requestsPerMinute = Math.ceil(throttlePerMinute / MAX_RECIPIENTS_PER_SEND);
  return Math.floor(throttlePerMinute / requestsPerMinute);
}

export interface WaveToSpread {
  /** When the wave may start. */
  readonly startMs: number;
  /** Recipients of each of its requests, in sending order. */
  readonly requestSizes: readonly number[];
}

/**
 * Whole minutes after its wave's start at which each request goes, so that no clock minute holds
 * more recipients than the throttle across the whole campaign: waves that start together (zones
 * sharing an offset, everything sent "now") share the rate instead of each taking it. Requests are
 * placed in order of their wave's start, each in the first minute from its wave's previous request
 * on with room for it. Without a throttle every request goes at its wave's start (0).
 */
export function spreadOffsetsMinutes(
  waves: readonly WaveToSpread[],
  throttlePerMinute: number | null,
  /** Recipients clock minutes (epoch ms ÷ 60,000) already carry: the outbox's re-spread of overdue requests fills around them. */
  alreadyUsed: ReadonlyMap<number, number> = new Map(),
): number[][] {
  if (throttlePerMinute === null) return waves.map((wave) => wave.requestSizes.map(() => 0));
  assertThrottle(throttlePerMinute);
  const usedInMinute = new Map<number, number>(alreadyUsed);
  const offsets = waves.map((wave) => wave.requestSizes.map(() => 0));
  const byStart = waves.map((wave, index) => ({ wave, index })).sort((a, b) => a.wave.startMs - b.wave.startMs || a.index - b.index);
  for (const { wave, index } of byStart) {
    let offset = 0;
    wave.requestSizes.forEach((size, request) => {
      if (size > throttlePerMinute) throw new RangeError(`a request of ${size} recipients cannot go within a throttle of ${throttlePerMinute} per minute`);
      const minuteOf = (minutes: number) => Math.floor((wave.startMs + minutes * MINUTE) / MINUTE);
      while ((usedInMinute.get(minuteOf(offset)) ?? 0) + size > throttlePerMinute) offset++;
      usedInMinute.set(minuteOf(offset), (usedInMinute.get(minuteOf(offset)) ?? 0) + size);
      const row = offsets[index];
      if (row) row[request] = offset;
    });
  }
  return offsets;
}

function assertThrottle(throttlePerMinute: number): void {
  if (!Number.isInteger(throttlePerMinute) || throttlePerMinute < 1) throw new RangeError('throttlePerMinute must be a positive whole number');
}

export interface WaveSpread {
  /** When the wave's last request goes. */
  readonly lastMs: number;
  /** The last request would go at or after the moment sending stops being allowed. */
  readonly pastWindow: boolean;
}

/**
 * Where a wave's spread ends against its allowed window. A wave that starts right at its window's
 * end is the planner's call, not the throttle's: only a spread that reaches it is flagged.
 */
export function waveSpread(startMs: number, lastOffsetMinutes: number, allowedUntilMs: number | undefined): WaveSpread {
  const lastMs = startMs + lastOffsetMinutes * MINUTE;
  const pastWindow = allowedUntilMs !== undefined && (lastMs > allowedUntilMs || (lastMs === allowedUntilMs && lastOffsetMinutes > 0));
  return { lastMs, pastWindow };
}
