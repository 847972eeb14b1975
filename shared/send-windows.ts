/**
 * The windows a message may leave in, checked together: the campaign's quiet hours for the
 * destination and, for promotional messages, the law's window (shared/quiet-hours presets). The
 * planner places waves with these, and the outbox checks them again when each request leaves.
 * Pure: zones are IANA names or luxon zones, instants are epoch ms.
 */
import type { IANAZone } from 'luxon';
import type { QuietHours } from './calls/campaigns';
import { civilDateAfter, localPartsOf, resolveWallTime, zoneNamed, type LocalTimeKind } from './math-local-time';
import {
  isInsideWindow,
  legalPromotionalWindowFor,
  nextWindowOpening,
  sendingWindowFor,
  windowCloseAfter,
  type SendingWindow,
  type SendingWindowOverrides,
} from './quiet-hours';
import { assertNever } from './assert-never';

/** Which rule a window comes from: the user's quiet hours, or the law for promotional messages. */
export type WindowRule = 'quiet-hours' | 'legal';

export interface RuledWindow {
  readonly rule: WindowRule;
  readonly window: SendingWindow;
}

/** Every window a request must be inside, at most one of each rule. */
export type SendWindows = readonly RuledWindow[];

/** Enough alternations to cross any week of two windows that overlap at all. */
const MAX_STEPS = 32;

/**
 * The windows for one destination country: the campaign's quiet hours (presets, overrides, or
 * none when `quietHours` is false) and, when `promotional`, the country's legal window too.
 */
export function sendWindowsFor(country: string | undefined, quietHours: SendingWindowOverrides | false, promotional: boolean): SendWindows {
  const windows: RuledWindow[] = [];
  const chosen = quietHours === false ? null : sendingWindowFor(country, quietHours);
  if (chosen !== null) windows.push({ rule: 'quiet-hours', window: chosen });
  const legal = promotional ? legalPromotionalWindowFor(country) : null;
  if (legal !== null) windows.push({ rule: 'legal', window: legal });
  return windows;
}

/** A campaign's quiet-hours choice as the window lookup takes it (`false`: none). */
export function quietHoursOverrides(quietHours: QuietHours): SendingWindowOverrides | false {
  switch (quietHours.mode) {
    case 'presets':
      return {};
    case 'off':
      return false;
    case 'custom':
      return { byCountry: quietHours.byCountry, otherwise: quietHours.otherwise };
    default:
      return assertNever(quietHours);
  }
}

const zoneOf = (zone: IANAZone | string): IANAZone => (typeof zone === 'string' ? zoneNamed(zone) : zone);

/** The first window (in order) that does not allow `ms`, or undefined when all do. */
export function blockingWindow(windows: SendWindows, zone: IANAZone | string, ms: number): RuledWindow | undefined {
  const local = localPartsOf(zoneOf(zone), ms);
  return windows.find((ruled) => !isInsideWindow(ruled.window, local.weekday, local.minute));
}

/**
 * The first instant at or after `ms` that every window allows (with the DST kind of its local
 * time), or undefined when they never overlap.
 */
export function nextAllowedStart(windows: SendWindows, zone: IANAZone | string, ms: number): { ms: number; kind: LocalTimeKind } | undefined {
  const iana = zoneOf(zone);
  let at = { ms, kind: 'normal' as LocalTimeKind };
  for (let step = 0; step < MAX_STEPS; step++) {
    const local = localPartsOf(iana, at.ms);
    const blocking = windows.find((ruled) => !isInsideWindow(ruled.window, local.weekday, local.minute));
    if (blocking === undefined) return at;
    const opening = nextWindowOpening(blocking.window, local.weekday, local.minute);
    if (!opening) return undefined;
    const moved = resolveWallTime(iana, civilDateAfter(local.date, opening.dayOffset), opening.minute);
    // A DST gap can resolve to the same instant: step a minute so the loop always moves on.
    at = moved.ms > at.ms ? moved : { ms: at.ms + 60_000, kind: 'normal' };
  }
  return undefined;
}

/** When the first of the windows closes after `ms` (assumed inside all of them); undefined if none ever does. */
export function allowedUntil(windows: SendWindows, zone: IANAZone | string, ms: number): number | undefined {
  const iana = zoneOf(zone);
  const local = localPartsOf(iana, ms);
  let earliest: number | undefined;
  for (const ruled of windows) {
    const close = windowCloseAfter(ruled.window, local.weekday, local.minute);
    if (close === undefined) continue;
    const closeMs = resolveWallTime(iana, local.date, close).ms;
    earliest = earliest === undefined ? closeMs : Math.min(earliest, closeMs);
  }
  return earliest;
}
