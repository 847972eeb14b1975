import type { CampaignPlan, PlannedWave } from '../../../shared/calls/campaigns';

/** A wave that exists in both plans for the same zone but leaves at another time. */
export interface RetimedWave {
  zone: string;
  before: Pick<PlannedWave, 'localDate' | 'localTime' | 'utc'>;
  after: Pick<PlannedWave, 'localDate' | 'localTime' | 'utc'>;
}

interface Figure {
  before: number;
  after: number;
}

/** The true difference between two plans of the same campaign, wave by wave. */
export interface PlanDiff {
  identical: boolean;
  waves: Figure;
  /** Waves whose time quiet hours changed (a quiet-hours adjustment), in each plan. */
  movedByQuietHours: Figure;
  recipients: Figure;
  unscheduled: Figure;
  costMinor: Figure;
  retimed: RetimedWave[];
  /** Zones (with their local start) that only the new plan sends to, and only the old one. */
  added: PlannedWave[];
  removed: PlannedWave[];
}

const byTime = (a: PlannedWave, b: PlannedWave) =>
  a.utc.localeCompare(b.utc) || a.localDate.localeCompare(b.localDate) || a.localTime.localeCompare(b.localTime);

function groupByZone(waves: readonly PlannedWave[]): Map<string, PlannedWave[]> {
  const zones = new Map<string, PlannedWave[]>();
  for (const wave of [...waves].sort(byTime)) {
    const list = zones.get(wave.zone);
    if (list) list.push(wave);
    else zones.set(wave.zone, [wave]);
  }
  return zones;
}

const movedByQuietHours = (plan: CampaignPlan) =>
  plan.waves.filter((wave) => wave.adjustments.some((adjustment) => adjustment.reason === 'quiet-hours')).length;
const unscheduledOf = (plan: CampaignPlan) => plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0);
const figure = (before: number, after: number): Figure => ({ before, after });

/**
 * Compares the previous plan with the current one. Waves are paired per zone in time order (a
 * zone has one wave per local start), so "1 hour later" reads as every wave retimed, not as
 * waves removed and added.
 */
export function diffPlans(previous: CampaignPlan, current: CampaignPlan): PlanDiff {
  const before = groupByZone(previous.waves);
  const after = groupByZone(current.waves);
  const retimed: RetimedWave[] = [];
  const added: PlannedWave[] = [];
  const removed: PlannedWave[] = [];
  let sameWaves = true;
  for (const zone of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(zone) ?? [];
    const fresh = after.get(zone) ?? [];
    for (let index = 0; index < Math.max(old.length, fresh.length); index += 1) {
      const was = old[index];
      const now = fresh[index];
      if (was && now) {
        if (was.utc !== now.utc || was.localDate !== now.localDate || was.localTime !== now.localTime) {
          retimed.push({
            zone,
            before: { localDate: was.localDate, localTime: was.localTime, utc: was.utc },
            after: { localDate: now.localDate, localTime: now.localTime, utc: now.utc },
          });
        }
        if (JSON.stringify(was) !== JSON.stringify(now)) sameWaves = false;
      } else if (now) {
        added.push(now);
        sameWaves = false;
      } else if (was) {
        removed.push(was);
        sameWaves = false;
      }
    }
  }
  const diff: PlanDiff = {
    identical: false,
    waves: figure(previous.waves.length, current.waves.length),
    movedByQuietHours: figure(movedByQuietHours(previous), movedByQuietHours(current)),
    recipients: figure(previous.estimate.recipients, current.estimate.recipients),
    unscheduled: figure(unscheduledOf(previous), unscheduledOf(current)),
    costMinor: figure(previous.estimate.totalMinor, current.estimate.totalMinor),
    retimed,
    added,
    removed,
  };
  const figuresSame = [diff.waves, diff.movedByQuietHours, diff.recipients, diff.unscheduled, diff.costMinor].every((entry) => entry.before === entry.after);
  diff.identical = sameWaves && figuresSame;
  return diff;
}

/** The difference in one or a few sentences, naming only what changed. */
export function describePlanDiff(diff: PlanDiff, money: (minor: number) => string): string {
  if (diff.identical) return 'Nothing changed in the plan.';
  const parts: string[] = [];
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const change = (label: string, entry: Figure, show: (n: number) => string = String) => {
    if (entry.before !== entry.after) parts.push(`${label} ${show(entry.before)} → ${show(entry.after)}`);
  };
  if (diff.retimed.length > 0) {
    const sample = diff.retimed
      .slice(0, 3)
      .map(
        (wave) =>
          `${wave.zone} ${wave.before.localDate === wave.after.localDate ? wave.before.localTime : `${wave.before.localDate} ${wave.before.localTime}`} → ` +
          `${wave.before.localDate === wave.after.localDate ? wave.after.localTime : `${wave.after.localDate} ${wave.after.localTime}`}`,
      );
    parts.push(`${count(diff.retimed.length, 'wave')} retimed (${sample.join(', ')}${diff.retimed.length > 3 ? ', …' : ''}, local times)`);
  }
  if (diff.added.length > 0) parts.push(`${count(diff.added.length, 'wave')} added (${[...new Set(diff.added.map((wave) => wave.zone))].join(', ')})`);
  if (diff.removed.length > 0) parts.push(`${count(diff.removed.length, 'wave')} removed (${[...new Set(diff.removed.map((wave) => wave.zone))].join(', ')})`);
  change('waves', diff.waves);
  change('moved by quiet hours', diff.movedByQuietHours);
  change('recipients', diff.recipients);
  change('not scheduled', diff.unscheduled);
  change('cost', diff.costMinor, money);
  // Only per-wave details changed (units, a spread): say so rather than nothing.
  if (parts.length === 0) parts.push('wave details (units, cost or spread) changed');
  return `${parts.join('; ')}.`;
}
