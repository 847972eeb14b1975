import { DateTime } from 'luxon';
import { KALEYRA_MAX_LEAD_MONTHS, KALEYRA_MIN_LEAD_MINUTES } from '../../../shared/schedule';
import { DAY, MINUTE } from '../time';

/** Kaleyra refuses a `time` less than 15 minutes ahead. */
export const SCHEDULE_MIN_LEAD_MS = KALEYRA_MIN_LEAD_MINUTES * MINUTE;
/** Room for the request's own travel and a clock a little off from the API's. */
export const SCHEDULE_SAFETY_MS = 2 * MINUTE;
/** Kept away from the 3-month limit for the same reason. */
export const SCHEDULE_FAR_SAFETY_MS = DAY;

/**
 * How a request goes out now:
 * - `send`: without `time` (its moment has come);
 * - `schedule`: with Kaleyra's `time` (ISO with the wave zone's offset), at least 15 minutes ahead;
 * - `hold`: not yet. Waves due within 15 minutes cannot be scheduled at the API, so the outbox
 *   keeps them and sends them at their time; waves more than 3 months out wait until Kaleyra
 *   accepts them.
 */
export type Submission = { readonly kind: 'send' } | { readonly kind: 'schedule'; readonly time: string } | { readonly kind: 'hold'; readonly untilMs: number };

export function decideSubmission(sendAtMs: number, zone: string, nowMs: number): Submission {
  if (sendAtMs <= nowMs) return { kind: 'send' };
  if (sendAtMs - nowMs < SCHEDULE_MIN_LEAD_MS + SCHEDULE_SAFETY_MS) return { kind: 'hold', untilMs: sendAtMs };
  const latest = DateTime.fromMillis(nowMs, { zone: 'utc' }).plus({ months: KALEYRA_MAX_LEAD_MONTHS }).toMillis() - SCHEDULE_FAR_SAFETY_MS;
  if (sendAtMs > latest) {
    const acceptableFrom = DateTime.fromMillis(sendAtMs, { zone: 'utc' }).minus({ months: KALEYRA_MAX_LEAD_MONTHS }).toMillis() + SCHEDULE_FAR_SAFETY_MS;
    return { kind: 'hold', untilMs: Math.max(nowMs + MINUTE, acceptableFrom) };
  }
  return { kind: 'schedule', time: isoWithOffset(sendAtMs, zone) };
}

/** The first moment the outbox should look at a request: now, unless it must be held. */
export function firstAttemptAt(sendAtMs: number, zone: string, nowMs: number): number {
  const submission = decideSubmission(sendAtMs, zone, nowMs);
  return submission.kind === 'hold' ? submission.untilMs : nowMs;
}

/** "2026-03-10T10:00:00+05:30": the wave's local wall time with its offset, as Kaleyra asks. */
export function isoWithOffset(instantMs: number, zone: string): string {
  const local = DateTime.fromMillis(instantMs, { zone });
  const chosen = local.isValid ? local : DateTime.fromMillis(instantMs, { zone: 'utc' });
  return chosen.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? new Date(instantMs).toISOString();
}
