import type { QuietHours, RouteType, ScheduleSpec } from '../../../shared/calls/campaigns';
import { DeskError } from '../../../shared/errors';
import { allocateMinor } from '../../../shared/money';
import { costLinesFromPlan, estimateCost, parseUnitPrice, PricingError, type CostEstimate, type RateCard } from '../../../shared/pricing';
import { quietHoursOverrides } from '../../../shared/send-windows';
import { groupRecipients, planWaves, ScheduleError, type GroupedRecipients, type PassedPolicy, type PlanInput, type WavePlan } from '../../../shared/schedule';
import { batchRequests, type RequestBatch } from '../outbox/request-batches';
import { leftOutReasonOfUnscheduled, type LeftOutReason } from '../../../shared/left-out';
import type { AudienceSnapshot } from './audience-snapshot';
import { recipientsPerRequest, spreadOffsetsMinutes, waveSpread, type WaveSpread } from './throttle-spread';
import { assertNever } from '../../../shared/assert-never';

export interface ScheduleSettings {
  readonly schedule: ScheduleSpec;
  readonly whenPassed: PassedPolicy | null;
  readonly windowEnd: string | null;
  readonly quietHours: QuietHours;
  readonly fallbackZone: string | null;
  /** Messages per clock minute across the whole campaign; null = every wave at once at its start. */
  readonly throttlePerMinute: number | null;
  /** Promotional messages are held to each country's legal window and may not lift quiet hours. */
  readonly routeType: RouteType;
}

/** One API request of a planned wave, with its share of the wave's estimated cost and when it goes. */
export interface PlannedRequest extends RequestBatch {
  readonly costMinor: number;
  /** Whole minutes after the wave's start (the throttle's spread; 0 without one). */
  readonly offsetMinutes: number;
}

export interface PlannedWaveRequests {
  readonly waveIndex: number;
  /** When the wave's first request may go: its instant, or the launch's moment for an immediate wave. */
  readonly startMs: number;
  readonly requests: PlannedRequest[];
  /** When the wave's last request goes, in minutes after its start. */
  readonly lastOffsetMinutes: number;
}

export interface CampaignPlanning {
  readonly snapshot: AudienceSnapshot;
  readonly grouped: GroupedRecipients;
  readonly plan: WavePlan;
  /** Null without a rate card: the plan can still be shown, not launched. */
  readonly estimate: CostEstimate | null;
  readonly costOfWave: ReadonlyMap<string, number>;
  readonly requests: PlannedWaveRequests[];
  /** Per wave (same order as `plan.waves`): when its last request goes and whether that is past its allowed window. */
  readonly spreads: readonly WaveSpread[];
  readonly segments: { readonly min: number; readonly max: number };
  /** Snapshot recipients (by index) the plan could not place in a wave, with why. */
  readonly unplaced: ReadonlyArray<{ readonly member: number; readonly reason: LeftOutReason }>;
}

/**
 * Turns an audience snapshot and the campaign's schedule into waves (shared/schedule), prices
 * them (shared/pricing) and splits each wave into requests. Pure: "now" and the rate card are
 * arguments, nothing is read or written.
 */
export function planCampaign(snapshot: AudienceSnapshot, settings: ScheduleSettings, rateCard: RateCard | null, nowIso: string): CampaignPlanning {
  assertQuietHoursAllowed(settings);
  const grouped = groupRecipients(snapshot.columns);
  const plan = withScheduleErrors(() => planWaves(planInput(grouped, settings, nowIso)));
  const estimate = rateCard === null ? null : withPricingErrors(() => estimateCost(costLinesFromPlan(grouped.groups, plan), rateCard));
  const costOfWave = new Map((estimate?.byWave ?? []).map((wave) => [wave.waveId, wave.cost.minor]));

  const waveOfGroup = new Int32Array(grouped.groups.length).fill(-1);
  plan.waves.forEach((wave, waveIndex) => wave.groups.forEach((group) => (waveOfGroup[group] = waveIndex)));
  const reasonOfGroup = new Map(plan.unscheduled.map((entry) => [entry.group, leftOutReasonOfUnscheduled(entry.reason)]));
  const members: number[][] = plan.waves.map(() => []);
  const unplaced: Array<{ member: number; reason: LeftOutReason }> = [];
  let minSegments = Number.POSITIVE_INFINITY;
  let maxSegments = 0;
  for (let recipient = 0; recipient < snapshot.count; recipient++) {
    const group = grouped.groupOfRecipient[recipient] ?? -1;
    const wave = waveOfGroup[group] ?? -1;
    if (wave < 0) {
      unplaced.push({ member: recipient, reason: reasonOfGroup.get(group) ?? 'zone_unknown' });
      continue;
    }
    members[wave]?.push(recipient);
    const units = snapshot.units[recipient] ?? 0;
    minSegments = Math.min(minSegments, units);
    maxSegments = Math.max(maxSegments, units);
  }

  const exactCost = exactCostOf(snapshot, rateCard);
  const nowMs = Date.parse(nowIso);
  const batchSize = recipientsPerRequest(settings.throttlePerMinute);
  const batchesOfWave = plan.waves.map((_, waveIndex) => batchRequests(members[waveIndex] ?? [], (member) => snapshot.bodies[member] ?? '', batchSize));
  // An immediate wave starts now (its instant may have passed); a scheduled one at its instant.
  const startOfWave = plan.waves.map((wave) => (wave.submit === 'immediate' ? Math.min(nowMs, Date.parse(wave.utc)) : Date.parse(wave.utc)));
  const offsetsOfWave = spreadOffsetsMinutes(
    batchesOfWave.map((batches, waveIndex) => ({ startMs: startOfWave[waveIndex] ?? nowMs, requestSizes: batches.map((batch) => batch.members.length) })),
    settings.throttlePerMinute,
  );
  const requests = plan.waves.map((wave, waveIndex): PlannedWaveRequests => {
    const batches = batchesOfWave[waveIndex] ?? [];
    const weights = batches.map((batch) => batch.members.reduce((sum, member) => sum + exactCost(member), 0n));
    const shares = allocateMinor(costOfWave.get(wave.id) ?? 0, weights);
    const offsets = offsetsOfWave[waveIndex] ?? [];
    return {
      waveIndex,
      startMs: startOfWave[waveIndex] ?? nowMs,
      requests: batches.map((batch, index) => ({ ...batch, costMinor: shares[index] ?? 0, offsetMinutes: offsets[index] ?? 0 })),
      lastOffsetMinutes: Math.max(0, ...offsets),
    };
  });

  const spreads = plan.waves.map((wave, waveIndex) =>
    waveSpread(
      requests[waveIndex]?.startMs ?? nowMs,
      requests[waveIndex]?.lastOffsetMinutes ?? 0,
      wave.allowedUntil === undefined ? undefined : Date.parse(wave.allowedUntil),
    ),
  );

  return {
    snapshot,
    grouped,
    plan,
    estimate,
    costOfWave,
    requests,
    spreads,
    segments: { min: Number.isFinite(minSegments) ? minSegments : 0, max: maxSegments },
    unplaced,
  };
}

function planInput(grouped: GroupedRecipients, settings: ScheduleSettings, nowIso: string): PlanInput {
  const { schedule } = settings;
  const base = {
    audience: grouped.groups,
    now: nowIso,
    sendingWindows: quietHoursOverrides(settings.quietHours),
    promotional: settings.routeType === 'promotional',
    ...(settings.windowEnd !== null ? { windowEnd: settings.windowEnd } : {}),
    ...(settings.fallbackZone !== null ? { fallbackZone: settings.fallbackZone } : {}),
  };
  switch (schedule.kind) {
    case 'local':
      return { ...base, target: { kind: 'local', localDate: schedule.localDate, localTime: schedule.localTime }, ...passed(settings.whenPassed) };
    case 'instant':
      return { ...base, target: { kind: 'instant', utc: schedule.utc }, ...passed(settings.whenPassed) };
    case 'now':
      // "Now" is an instant already passed by the time it is planned: send it, within quiet hours.
      return { ...base, target: { kind: 'instant', utc: nowIso }, whenPassed: 'send-now' };
    default:
      return assertNever(schedule);
  }
}

function passed(policy: PassedPolicy | null): { whenPassed?: PassedPolicy } {
  return policy === null ? {} : { whenPassed: policy };
}

/** "No quiet hours" is for transactional messages only: a promotional campaign is refused before anything is planned. */
export function assertQuietHoursAllowed(settings: Pick<ScheduleSettings, 'routeType' | 'quietHours'>): void {
  if (settings.routeType === 'promotional' && settings.quietHours.mode === 'off') {
    throw new DeskError(
      'CAMPAIGN_INCOMPLETE',
      'Promotional messages must respect quiet hours. Choose the country presets or your own hours, or send this as a transactional message if it is one.',
      { field: 'quietHours' },
    );
  }
}

/** Each recipient's exact cost in 10^-scale major units, the weights that split a wave's cost. */
function exactCostOf(snapshot: AudienceSnapshot, rateCard: RateCard | null): (member: number) => bigint {
  if (rateCard === null) return () => 0n;
  const prices = Object.entries(rateCard.unitPrices).map(([country, text]) => [country.toUpperCase(), parseUnitPrice(text, rateCard.currency)] as const);
  const scale = prices.reduce((max, [, price]) => Math.max(max, price.scale), 0);
  const atScale = new Map(prices.map(([country, price]) => [country, price.numerator * 10n ** BigInt(scale - price.scale)]));
  const { country, countries } = snapshot.columns;
  const priceOfCountry = (countries ?? []).map((code) => atScale.get(code.toUpperCase()) ?? 0n);
  return (member) => {
    const index = country?.[member] ?? -1;
    const price = index >= 0 ? (priceOfCountry[index] ?? 0n) : 0n;
    return price * BigInt(snapshot.units[member] ?? 0);
  };
}

function withScheduleErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScheduleError) throw new DeskError('VALIDATION_FAILED', error.message, { field: error.field ?? 'schedule' });
    throw error;
  }
}

function withPricingErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PricingError) throw new DeskError('API_BAD_RESPONSE', `The rate card could not be used: ${error.message}`, { field: 'rateCard' });
    throw error;
  }
}
