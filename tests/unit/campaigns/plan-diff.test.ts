import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { CampaignPlan, PlannedWave } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { describePlanDiff, diffPlans } from '../../../renderer/features/campaigns/plan-diff';

const CAMPAIGN = '5d7e8f90-1a2b-4c3d-9e8f-0a1b2c3d4e5f';
const money = (minor: number) => formatMoney(minor, 'INR', 'en-US');

/** Five zones with 2 recipients each, one unit at ₹0.25; `quiet` = the country's window start, or null. */
const ZONES: { zone: string; quietFrom: string | null }[] = [
  { zone: 'Asia/Kolkata', quietFrom: '09:00' },
  { zone: 'America/New_York', quietFrom: '08:00' },
  { zone: 'Europe/London', quietFrom: '08:00' },
  { zone: 'Asia/Singapore', quietFrom: '08:00' },
  { zone: 'Asia/Dubai', quietFrom: null },
];

/** The plan at `localTime` on 2026-12-10 in every zone; with quiet hours on, a wave before its window opens moves to it. */
function planAt(localTime: string, quietHours: boolean): CampaignPlan {
  const waves: PlannedWave[] = ZONES.map(({ zone, quietFrom }, index) => {
    const asked = DateTime.fromISO(`2026-12-10T${localTime}`, { zone });
    const moved = quietHours && quietFrom !== null && localTime < quietFrom;
    const at = moved ? DateTime.fromISO(`2026-12-10T${quietFrom}`, { zone }) : asked;
    const utc = at.toUTC().toISO() ?? '';
    return {
      id: `w${index}`,
      zone,
      localDate: '2026-12-10',
      localTime: at.toFormat('HH:mm'),
      utc,
      submit: 'scheduled',
      kind: 'normal',
      recipients: 2,
      units: 2,
      costMinor: 50,
      adjustments: moved ? [{ reason: 'quiet-hours', fromUtc: asked.toUTC().toISO() ?? '', toUtc: utc }] : [],
      allowedUntil: null,
      lastUtc: utc,
      spreadsPastWindow: false,
    };
  });
  return {
    campaignId: CAMPAIGN,
    generatedAt: new Date().toISOString(),
    currency: 'INR',
    funds: { source: 'live', asOf: null },
    waves,
    unscheduled: [],
    estimate: { totalMinor: 250, recipients: 10, units: 10, byCountry: [], byVariant: [], unpriced: [] },
    budget: null,
    excluded: { suppressed: 0, recentlyMessaged: 0, noPrice: 0 },
    accounting: { fileRows: 10, inWaves: 10, leftOut: [] },
    requests: 5,
    segments: { min: 1, max: 1 },
  };
}

describe('what changed between two plans', () => {
  it('counts the waves quiet hours actually moved, and drops them all when quiet hours go off', () => {
    const before = planAt('10:00', true);
    const early = planAt('07:00', true);
    const earlier = diffPlans(before, early);
    // Kolkata, New York, London and Singapore open later than 07:00: four waves moved, not eight.
    expect(earlier.movedByQuietHours).toEqual({ before: 0, after: 4 });
    expect(earlier.retimed.map((wave) => wave.zone).sort()).toEqual(['America/New_York', 'Asia/Dubai', 'Asia/Kolkata', 'Asia/Singapore', 'Europe/London']);
    expect(describePlanDiff(earlier, money)).toContain('moved by quiet hours 0 → 4');

    const off = diffPlans(early, planAt('07:00', false));
    expect(off.identical).toBe(false);
    expect(off.movedByQuietHours).toEqual({ before: 4, after: 0 });
    expect(off.retimed).toHaveLength(4);
    const kolkata = off.retimed.find((wave) => wave.zone === 'Asia/Kolkata');
    expect(kolkata?.before.localTime).toBe('09:00');
    expect(kolkata?.after.localTime).toBe('07:00');
    expect(describePlanDiff(off, money)).toContain('moved by quiet hours 4 → 0');
    expect(describePlanDiff(off, money)).toContain('4 waves retimed');
  });

  it('says nothing changed when the plan is the same, not the last difference again', () => {
    const same = diffPlans(planAt('07:00', false), planAt('07:00', false));
    expect(same.identical).toBe(true);
    expect(describePlanDiff(same, money)).toBe('Nothing changed in the plan.');
  });

  it('reports waves added and removed, recipients and cost', () => {
    const full = planAt('10:00', true);
    const fewer: CampaignPlan = {
      ...full,
      waves: full.waves.filter((wave) => wave.zone !== 'Asia/Dubai'),
      unscheduled: [{ reason: 'zone-unknown', recipients: 2, message: 'no zone', utc: null }],
      estimate: { ...full.estimate, totalMinor: 200, recipients: 8, units: 8 },
    };
    const diff = diffPlans(full, fewer);
    expect(diff.removed.map((wave) => wave.zone)).toEqual(['Asia/Dubai']);
    expect(diff.added).toEqual([]);
    expect(diff.retimed).toEqual([]);
    const text = describePlanDiff(diff, money);
    expect(text).toContain('1 wave removed (Asia/Dubai)');
    expect(text).toContain('recipients 10 → 8');
    expect(text).toContain('not scheduled 0 → 2');
    expect(text).toContain('cost ₹2.50 → ₹2.00');
    expect(describePlanDiff(diffPlans(fewer, full), money)).toContain('1 wave added (Asia/Dubai)');
  });
});
