import { sandboxCodes } from '../../shared/kaleyra/errors';
import { MINUTE } from './clock';
import { SandboxError } from './errors';

export const MIN_SCHEDULE_LEAD_MS = 15 * MINUTE;
export const MAX_SCHEDULE_MONTHS = 3;

/** ISO-8601 date-time that names its offset ("Z" or ±hh:mm). */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

/** Parses `time` and enforces Kaleyra's bounds: at least 15 minutes and at most 3 months ahead. */
export function scheduledInstant(time: string, now: number): number {
  if (!ISO_WITH_OFFSET.test(time)) {
    throw new SandboxError(400, sandboxCodes.scheduleInvalid, 'time must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T10:00:00+05:30', 'time');
  }
  const instant = Date.parse(time);
  if (Number.isNaN(instant)) throw new SandboxError(400, sandboxCodes.scheduleInvalid, 'time is not a real date-time', 'time');
  if (instant < now + MIN_SCHEDULE_LEAD_MS) {
    throw new SandboxError(400, sandboxCodes.scheduleTooSoon, 'time must be at least 15 minutes ahead', 'time');
  }
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + MAX_SCHEDULE_MONTHS);
  if (instant > latest.getTime()) throw new SandboxError(400, sandboxCodes.scheduleTooFar, 'time must be at most 3 months ahead', 'time');
  return instant;
}
