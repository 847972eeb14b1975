/**
 * Local wall time ↔ UTC instants in IANA zones, with an explicit policy for DST gaps and
 * overlaps. Nothing here reads the clock or the machine's zone.
 */
import { IANAZone } from 'luxon';
import { parseClock, type IsoWeekday } from './quiet-hours';
import { DAY, MINUTE } from './durations';

export type ScheduleErrorCode =
  | 'SCHEDULE_INVALID_ZONE'
  | 'SCHEDULE_INVALID_DATE'
  | 'SCHEDULE_INVALID_TIME'
  | 'SCHEDULE_INVALID_INSTANT'
  | 'SCHEDULE_INVALID_AUDIENCE'
  | 'SCHEDULE_INVALID_RATE';

export class ScheduleError extends Error {
  constructor(
    readonly code: ScheduleErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ScheduleError';
  }
}

export const MINUTE_MS = MINUTE;
export const DAY_MS = DAY;

export type LocalTimeKind = 'normal' | 'gap' | 'overlap';

export interface ResolvedLocalTime {
  /** ISO instant in UTC, e.g. "2026-12-01T04:30:00.000Z". */
  readonly utc: string;
  readonly kind: LocalTimeKind;
}

const zoneCache = new Map<string, IANAZone>();

export function zoneNamed(name: string, field = 'zone'): IANAZone {
  let zone = zoneCache.get(name);
  if (!zone) {
    if (!IANAZone.isValidZone(name)) {
      throw new ScheduleError('SCHEDULE_INVALID_ZONE', `"${name}" is not an IANA time zone (e.g. Asia/Kolkata)`, field);
    }
    zone = IANAZone.create(name);
    zoneCache.set(name, zone);
  }
  return zone;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseCivilDate(text: string, field = 'localDate'): CivilDate {
  const match = DATE_PATTERN.exec(text);
  const year = Number(match?.[1]);
  const month = Number(match?.[2]);
  const day = Number(match?.[3]);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (!match || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new ScheduleError('SCHEDULE_INVALID_DATE', `"${text}" is not a calendar date; use YYYY-MM-DD`, field);
  }
  return { year, month, day };
}

export function parseMinuteOfDay(text: string, field = 'localTime'): number {
  try {
    return parseClock(text);
  } catch {
    throw new ScheduleError('SCHEDULE_INVALID_TIME', `"${text}" is not a time of day; use HH:mm, e.g. 10:00`, field);
  }
}

/** Parses an ISO instant (with Z or an offset) to epoch milliseconds. */
export function parseInstant(text: string, field = 'instant'): number {
  const valid = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text);
  const ms = valid ? Date.parse(text) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ScheduleError('SCHEDULE_INVALID_INSTANT', `"${text}" is not an ISO instant such as 2026-12-01T04:30:00Z`, field);
  }
  return ms;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

export function civilDateAfter(date: CivilDate, days: number): CivilDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

export function formatCivilDate(date: CivilDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** Epoch ms of a local wall time under the gap/overlap policy. `minuteOfDay` may exceed a day. */
export function resolveWallTime(zone: IANAZone, date: CivilDate, minuteOfDay: number): { ms: number; kind: LocalTimeKind } {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const around = zone.offset(wall);
  let earliest = Number.POSITIVE_INFINITY;
  let solutions = 0;
  for (const offset of before === after && after === around ? [before] : new Set([before, around, after])) {
    const candidate = wall - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset) {
      solutions++;
      earliest = Math.min(earliest, candidate);
    }
  }
  if (solutions === 0) return { ms: wall - before * MINUTE_MS, kind: 'gap' };
  return { ms: earliest, kind: solutions > 1 ? 'overlap' : 'normal' };
}

/**
 * The UTC instant of a local wall time in `zone`. A time skipped by a DST change (or a date-line
 * move) is read with the offset in force before the change; a repeated time takes the earlier
 * instant. Throws ScheduleError on an unknown zone or a malformed date or time.
 */
export function resolveLocalTime(zone: string, localDate: string, localTime: string): ResolvedLocalTime {
  const { ms, kind } = resolveWallTime(zoneNamed(zone), parseCivilDate(localDate), parseMinuteOfDay(localTime));
  return { utc: toIso(ms), kind };
}

export interface LocalParts {
  readonly date: CivilDate;
  readonly minute: number;
  readonly weekday: IsoWeekday;
}

export function localPartsOf(zone: IANAZone, ms: number): LocalParts {
  const wall = new Date(ms + zone.offset(ms) * MINUTE_MS);
  return {
    date: { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() },
    minute: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
    weekday: (((wall.getUTCDay() + 6) % 7) + 1) as IsoWeekday,
  };
}
