/**
 * The wave planner (and, re-exported, the rest of the schedule API).
 *
 * Instants are UTC ISO strings ("…Z") and zones are IANA names. Wall times that do not exist
 * (spring-forward gaps) are read with the offset in force before the change, so they land that
 * many minutes later; wall times that happen twice (fall-back overlaps) take the earlier instant.
 * Nothing here reads the clock or the machine's zone: "now" is always an argument.
 *
 * The planner works on audience *groups* (recipients sharing zone candidates, country and
 * variant) so a million recipients cost one pass to group them (`groupRecipients`) and then
 * work proportional to the number of groups.
 */
import { DateTime, type IANAZone } from 'luxon';
import type { AudienceGroup, ZoneMethod } from './math-audience';
import {
  civilDateAfter,
  DAY_MS,
  formatCivilDate,
  localPartsOf,
  MINUTE_MS,
  parseCivilDate,
  parseInstant,
  parseMinuteOfDay,
  resolveWallTime,
  ScheduleError,
  toIso,
  zoneNamed,
  type CivilDate,
  type LocalTimeKind,
} from './math-local-time';
import { assertValidWindow, formatClock, type SendingWindowOverrides } from './quiet-hours';
import { allowedUntil, nextAllowedStart, sendWindowsFor, type SendWindows } from './send-windows';
import { assertNever } from './assert-never';

// The schedule API in one place: local time, audience grouping, planning and throughput.
export { parseInstant, resolveLocalTime, ScheduleError, type LocalTimeKind, type ResolvedLocalTime, type ScheduleErrorCode } from './math-local-time';
export { groupRecipients, type AudienceGroup, type GroupedRecipients, type RecipientColumns, type ZoneChoice, type ZoneMethod } from './math-audience';
export { checkThroughput, KALEYRA_GUIDANCE_RATE, type RateLimit, type ThroughputCheck, type WaveThroughput } from './math-throughput';

/** Kaleyra accepts a schedule time at least 15 minutes and at most 3 months ahead. */
export const KALEYRA_MIN_LEAD_MINUTES = 15;
export const KALEYRA_MAX_LEAD_MONTHS = 3;

export type ScheduleTarget =
  { readonly kind: 'local'; readonly localDate: string; readonly localTime: string } | { readonly kind: 'instant'; readonly utc: string };

/** What to do with a wave whose time has passed or is too close to schedule: the user decides. */
export type PassedPolicy = 'skip' | 'send-now' | 'next-day';

export interface PlanInput {
  readonly audience: readonly AudienceGroup[];
  readonly target: ScheduleTarget;
  /** The current instant (ISO). */
  readonly now: string;
  /** Quiet hours: presets per country apply unless overridden; pass `false` to ignore quiet hours. */
  readonly sendingWindows?: SendingWindowOverrides | false;
  /** Promotional messages: each country's legal window applies too, whatever the quiet hours say. */
  readonly promotional?: boolean;
  /** No wave may start after this instant (ISO). */
  readonly windowEnd?: string;
  /** Zone for recipients whose zone is unknown or ambiguous; without it they stay unscheduled. */
  readonly fallbackZone?: string;
  /** Without a policy, waves already past (or under 15 minutes ahead) stay unscheduled for the user to decide. */
  readonly whenPassed?: PassedPolicy;
}

export type WaveAdjustment =
  | { readonly reason: 'quiet-hours'; readonly fromUtc: string; readonly toUtc: string }
  | { readonly reason: 'next-day'; readonly fromUtc: string; readonly toUtc: string }
  | { readonly reason: 'send-now'; readonly fromUtc: string; readonly toUtc: string };

export interface Wave {
  /** Stable id: zone and UTC start. */
  readonly id: string;
  readonly zone: string;
  readonly localDate: string;
  readonly localTime: string;
  readonly utc: string;
  /** `scheduled`: submit now with Kaleyra's `time`; `immediate`: submit without `time` (send now). */
  readonly submit: 'scheduled' | 'immediate';
  /** Whether the local start fell in a DST gap or overlap (see resolveLocalTime). */
  readonly kind: LocalTimeKind;
  readonly recipients: number;
  readonly units: number;
  /** Indexes into `audience`. */
  readonly groups: readonly number[];
  /** Every move away from the requested time, in order, with its reason. */
  readonly adjustments: readonly WaveAdjustment[];
  /** When quiet hours (or the campaign's window end) begin after the start; absent if never. */
  readonly allowedUntil?: string;
}

export type UnscheduledReason = 'zone-unknown' | 'zone-ambiguous' | 'passed' | 'too-soon' | 'skipped' | 'too-far-ahead' | 'after-window-end' | 'never-allowed';

export interface UnscheduledGroup {
  readonly group: number;
  readonly recipients: number;
  readonly reason: UnscheduledReason;
  readonly message: string;
  /** The start the group would have had, when one was computed. */
  readonly utc?: string;
}

export interface MultiOffsetZoneKey {
  readonly zoneKey?: string;
  readonly zones: readonly string[];
  readonly recipients: number;
}

export interface WavePlan {
  readonly waves: Wave[];
  readonly unscheduled: UnscheduledGroup[];
  /** Recipients per zone method, after fallback. */
  readonly recipientsByZoneMethod: Record<ZoneMethod, number>;
  /** Zone candidates (e.g. a phone prefix) whose zones would start at different instants. */
  readonly multiOffsetZoneKeys: MultiOffsetZoneKey[];
}

interface Placement {
  readonly ok: true;
  readonly ms: number;
  readonly kind: LocalTimeKind;
  readonly submit: 'scheduled' | 'immediate';
  readonly adjustments: readonly WaveAdjustment[];
  readonly allowedUntilMs: number | undefined;
}

interface Refusal {
  readonly ok: false;
  readonly reason: Exclude<UnscheduledReason, 'zone-unknown' | 'zone-ambiguous'>;
  readonly message: string;
  readonly ms?: number;
}

interface PlanContext {
  readonly target: ScheduleTarget;
  readonly targetDate: CivilDate | undefined;
  readonly targetMinute: number;
  readonly targetMs: number | undefined;
  readonly nowMs: number;
  readonly earliestScheduledMs: number;
  readonly latestScheduledMs: number;
  readonly windowEndMs: number | undefined;
  readonly whenPassed: PassedPolicy | undefined;
}

export function planWaves(input: PlanInput): WavePlan {
  const nowMs = parseInstant(input.now, 'now');
  const context: PlanContext = {
    target: input.target,
    targetDate: input.target.kind === 'local' ? parseCivilDate(input.target.localDate, 'target.localDate') : undefined,
    targetMinute: input.target.kind === 'local' ? parseMinuteOfDay(input.target.localTime, 'target.localTime') : 0,
    targetMs: input.target.kind === 'instant' ? parseInstant(input.target.utc, 'target.utc') : undefined,
    nowMs,
    earliestScheduledMs: nowMs + KALEYRA_MIN_LEAD_MINUTES * MINUTE_MS,
    latestScheduledMs: DateTime.fromMillis(nowMs, { zone: 'utc' }).plus({ months: KALEYRA_MAX_LEAD_MONTHS }).toMillis(),
    windowEndMs: input.windowEnd === undefined ? undefined : parseInstant(input.windowEnd, 'windowEnd'),
    whenPassed: input.whenPassed,
  };
  if (input.fallbackZone !== undefined) zoneNamed(input.fallbackZone, 'fallbackZone');

  const windowsByCountry = new Map<string | undefined, SendWindows>();
  const windowOf = (country: string | undefined): SendWindows => {
    let windows = windowsByCountry.get(country);
    if (windows === undefined) {
      windows = sendWindowsFor(country, input.sendingWindows === false ? false : (input.sendingWindows ?? {}), input.promotional ?? false);
      windowsByCountry.set(country, windows);
    }
    return windows;
  };
  const windowIds = new Map<string, number>();
  const placements = new Map<string, Placement | Refusal>();
  const placementFor = (zone: string, window: SendWindows): Placement | Refusal => {
    const windowKey = JSON.stringify(window);
    let windowId = windowIds.get(windowKey);
    if (windowId === undefined) {
      for (const ruled of window) assertValidWindow(ruled.window);
      windowId = windowIds.size;
      windowIds.set(windowKey, windowId);
    }
    const key = `${zone}\u0000${windowId}`;
    let placement = placements.get(key);
    if (!placement) {
      placement = place(zoneNamed(zone, 'audience.zones'), window, context);
      placements.set(key, placement);
    }
    return placement;
  };

  const waves = new Map<string, { zone: string; placement: Placement; recipients: number; units: number; groups: number[] }>();
  const unscheduled: UnscheduledGroup[] = [];
  const byMethod: Record<ZoneMethod, number> = { column: 0, prefix: 0, country: 0, fallback: 0, unknown: 0 };
  const multiOffset = new Map<string, { zoneKey?: string; zones: readonly string[]; recipients: number }>();

  input.audience.forEach((group, index) => {
    if (!Number.isSafeInteger(group.recipients) || group.recipients < 0) {
      throw new ScheduleError('SCHEDULE_INVALID_AUDIENCE', `group ${index} has an invalid recipient count`, `audience.${index}`);
    }
    if (group.recipients === 0) return;
    const window = windowOf(group.country);

    let zone: string | undefined;
    let method: ZoneMethod = group.zoneMethod;
    let ambiguous = false;
    if (group.zones.length === 1) zone = group.zones[0];
    else if (group.zones.length > 1) {
      const candidates = group.zones.map((name) => placementFor(name, window));
      const first = candidates[0];
      const agree = candidates.every((candidate) => sameStart(candidate, first));
      if (agree) zone = group.zones[0];
      else {
        ambiguous = true;
        const key = `${group.zoneKey ?? ''}\u0000${group.zones.join(' ')}`;
        const entry = multiOffset.get(key) ?? { ...(group.zoneKey !== undefined ? { zoneKey: group.zoneKey } : {}), zones: group.zones, recipients: 0 };
        entry.recipients += group.recipients;
        multiOffset.set(key, entry);
      }
    }
    if (zone === undefined) {
      if (input.fallbackZone === undefined) {
        byMethod.unknown += group.recipients;
        unscheduled.push({
          group: index,
          recipients: group.recipients,
          reason: ambiguous ? 'zone-ambiguous' : 'zone-unknown',
          message: ambiguous
            ? `These numbers could be in ${group.zones.join(', ')}, which start at different times: choose a fallback zone or add a time-zone column.`
            : 'The time zone of these recipients is unknown: choose a fallback zone or add a time-zone column.',
        });
        return;
      }
      zone = input.fallbackZone;
      method = 'fallback';
    }

    const placement = placementFor(zone, window);
    if (!placement.ok) {
      unscheduled.push({
        group: index,
        recipients: group.recipients,
        reason: placement.reason,
        message: placement.message,
        ...(placement.ms !== undefined ? { utc: toIso(placement.ms) } : {}),
      });
      return;
    }
    byMethod[method] += group.recipients;
    const waveKey = `${zone}@${placement.ms}@${placement.submit}`;
    let wave = waves.get(waveKey);
    if (!wave) {
      wave = { zone, placement, recipients: 0, units: 0, groups: [] };
      waves.set(waveKey, wave);
    }
    wave.recipients += group.recipients;
    wave.units += group.units ?? group.recipients;
    wave.groups.push(index);
  });

  const result: Wave[] = [...waves.values()].map(({ zone, placement, recipients, units, groups }) => {
    const local = localPartsOf(zoneNamed(zone), placement.ms);
    const utc = toIso(placement.ms);
    return {
      id: `${zone}@${utc}`,
      zone,
      localDate: formatCivilDate(local.date),
      localTime: formatClock(local.minute),
      utc,
      submit: placement.submit,
      kind: placement.kind,
      recipients,
      units,
      groups,
      adjustments: placement.adjustments,
      ...(placement.allowedUntilMs !== undefined ? { allowedUntil: toIso(placement.allowedUntilMs) } : {}),
    };
  });
  result.sort((a, b) => (a.utc < b.utc ? -1 : a.utc > b.utc ? 1 : a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
  return {
    waves: result,
    unscheduled,
    recipientsByZoneMethod: byMethod,
    multiOffsetZoneKeys: [...multiOffset.values()],
  };
}

function sameStart(a: Placement | Refusal | undefined, b: Placement | Refusal | undefined): boolean {
  if (!a || !b) return false;
  if (a.ok && b.ok) return a.ms === b.ms && a.submit === b.submit;
  if (!a.ok && !b.ok) return a.reason === b.reason && a.ms === b.ms;
  return false;
}

/** Where one zone's wave lands, given the target, quiet hours, the bounds and the passed-time policy. */
function place(zone: IANAZone, window: SendWindows, context: PlanContext): Placement | Refusal {
  const adjustments: WaveAdjustment[] = [];
  const requested = requestedStart(zone, context, 0);
  let { ms, kind } = requested;
  ({ ms, kind } = respectQuietHours(zone, window, ms, kind, adjustments));
  if (!Number.isFinite(ms)) return neverAllowed();

  let submit: 'scheduled' | 'immediate' = 'scheduled';
  if (ms < context.earliestScheduledMs) {
    const passed = ms < context.nowMs;
    switch (context.whenPassed) {
      case undefined:
        return passed
          ? { ok: false, reason: 'passed', ms, message: 'The local send time has already passed: choose skip, send now or next day.' }
          : {
              ok: false,
              reason: 'too-soon',
              ms,
              message: `The local send time is less than ${KALEYRA_MIN_LEAD_MINUTES} minutes away, too soon to schedule: choose skip, send now or next day.`,
            };
      case 'skip':
        return { ok: false, reason: 'skipped', ms, message: 'Skipped: the local send time had passed or was too close.' };
      case 'send-now': {
        const from = ms;
        ms = context.nowMs;
        kind = 'normal';
        adjustments.push({ reason: 'send-now', fromUtc: toIso(from), toUtc: toIso(ms) });
        ({ ms, kind } = respectQuietHours(zone, window, ms, kind, adjustments));
        if (!Number.isFinite(ms)) return neverAllowed();
        // Still now: submit without a schedule time. Moved by quiet hours: schedule if Kaleyra allows.
        if (ms < context.earliestScheduledMs) submit = 'immediate';
        break;
      }
      case 'next-day': {
        const from = ms;
        const nextDay = requestedStart(zone, context, 1);
        ms = nextDay.ms;
        kind = nextDay.kind;
        adjustments.push({ reason: 'next-day', fromUtc: toIso(from), toUtc: toIso(ms) });
        ({ ms, kind } = respectQuietHours(zone, window, ms, kind, adjustments));
        if (!Number.isFinite(ms)) return neverAllowed();
        if (ms < context.earliestScheduledMs) {
          return { ok: false, reason: 'passed', ms, message: 'Even a day later the send time is too close: choose another date.' };
        }
        break;
      }
      default:
        return assertNever(context.whenPassed);
    }
  }
  if (submit === 'scheduled' && ms > context.latestScheduledMs) {
    return {
      ok: false,
      reason: 'too-far-ahead',
      ms,
      message: `Kaleyra schedules at most ${KALEYRA_MAX_LEAD_MONTHS} months ahead: choose an earlier date.`,
    };
  }
  if (context.windowEndMs !== undefined && ms > context.windowEndMs) {
    return { ok: false, reason: 'after-window-end', ms, message: 'The earliest allowed send time is after the campaign’s window end.' };
  }

  let allowedUntilMs = closingAfter(zone, window, ms);
  if (context.windowEndMs !== undefined) allowedUntilMs = Math.min(allowedUntilMs ?? Number.POSITIVE_INFINITY, context.windowEndMs);
  return { ok: true, ms, kind, submit, adjustments, allowedUntilMs };
}

function neverAllowed(): Refusal {
  return { ok: false, reason: 'never-allowed', message: 'The quiet hours for this destination never allow sending: review them.' };
}

function requestedStart(zone: IANAZone, context: PlanContext, daysLater: number): { ms: number; kind: LocalTimeKind } {
  if (context.targetDate) return resolveWallTime(zone, civilDateAfter(context.targetDate, daysLater), context.targetMinute);
  return { ms: (context.targetMs ?? 0) + daysLater * DAY_MS, kind: 'normal' };
}

/** Moves a start out of quiet hours to the next opening, recording the move; NaN if never allowed. */
function respectQuietHours(
  zone: IANAZone,
  window: SendWindows,
  ms: number,
  kind: LocalTimeKind,
  adjustments: WaveAdjustment[],
): { ms: number; kind: LocalTimeKind } {
  const moved = nextAllowedStart(window, zone, ms);
  if (!moved) return { ms: Number.NaN, kind };
  if (moved.ms === ms) return { ms, kind };
  adjustments.push({ reason: 'quiet-hours', fromUtc: toIso(ms), toUtc: toIso(moved.ms) });
  return moved;
}

function closingAfter(zone: IANAZone, window: SendWindows, ms: number): number | undefined {
  return allowedUntil(window, zone, ms);
}
