import { MAX_RECIPIENTS_PER_SEND } from '../../../shared/kaleyra/sms';
import { MINUTE } from '../time';

/**
 * How many recipients one request of a throttled wave may carry: a request goes out at once, so
 * a throttle below Kaleyra's 100 per request makes the requests that small.
 */
export function recipientsPerRequest(throttlePerMinute: number | null): number {
  if (throttlePerMinute === null) return MAX_RECIPIENTS_PER_SEND;
  assertThrottle(throttlePerMinute);
  return Math.min(MAX_RECIPIENTS_PER_SEND, throttlePerMinute);
}

/**
 * Whole minutes after its wave's start at which each request of the wave goes: the recipients of
 * the wave's earlier requests divided by the throttle, rounded down. Without a throttle every
 * request goes at the start (0).
 */
export function spreadOffsetsMinutes(requestSizes: readonly number[], throttlePerMinute: number | null): number[] {
  if (throttlePerMinute !== null) assertThrottle(throttlePerMinute);
  let before = 0;
  return requestSizes.map((size) => {
    const offset = throttlePerMinute === null ? 0 : Math.floor(before / throttlePerMinute);
    before += size;
    return offset;
  });
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
