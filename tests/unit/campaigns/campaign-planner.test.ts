import { describe, expect, it } from 'vitest';
import type { AudienceSnapshot } from '../../../electron/core/campaigns/audience-snapshot';
import { planCampaign } from '../../../electron/core/campaigns/campaign-planner';

const NOW = '2026-03-01T00:00:00.000Z';

/** 230 recipients: 150 in India (Kolkata), 60 in the US (New York), 20 whose zone is unknown. */
function snapshot(): AudienceSnapshot {
  const count = 230;
  const zoneOf = (i: number) => (i < 150 ? 0 : i < 210 ? 1 : -1);
  const bodies = Array.from({ length: count }, (_, i) => (i < 150 && i % 50 === 0 ? `Hi person ${i}` : 'Sale today'));
  return {
    count,
    rowNumbers: Int32Array.from({ length: count }, (_, i) => i + 1),
    phones: Array.from({ length: count }, (_, i) => `+9198100${String(i).padStart(5, '0')}`),
    bodies,
    units: Int32Array.from({ length: count }, (_, i) => (i % 7 === 0 ? 2 : 1)),
    columns: {
      count,
      zoneChoice: Int32Array.from({ length: count }, (_, i) => zoneOf(i)),
      zoneChoices: [
        { zones: ['Asia/Kolkata'], zoneMethod: 'column' },
        { zones: ['America/New_York'], zoneMethod: 'prefix' },
      ],
      country: Int32Array.from({ length: count }, (_, i) => (i < 150 ? 0 : 1)),
      countries: ['IN', 'US'],
      variant: new Int32Array(count),
      variants: ['en'],
      units: Int32Array.from({ length: count }, (_, i) => (i % 7 === 0 ? 2 : 1)),
    },
    variants: ['en'],
    withoutVariant: 0,
    excluded: { suppressed: 0, recentlyMessaged: 0, noPrice: 0 },
    leftOut: [],
  };
}

const settings = {
  schedule: { kind: 'local' as const, localDate: '2026-03-02', localTime: '10:00' },
  whenPassed: null,
  windowEnd: null,
  quietHours: { mode: 'off' as const },
  routeType: 'transactional' as const,
  fallbackZone: null,
  throttlePerMinute: null,
};
const card = { currency: 'INR', unitPrices: { IN: '0.25', US: '0.6' } };

describe('campaign planner', () => {
  it('splits waves into requests whose reserved shares add up to the estimate exactly', () => {
    const planning = planCampaign(snapshot(), settings, card, NOW);
    expect(planning.plan.waves.map((wave) => [wave.zone, wave.utc, wave.recipients])).toEqual([
      ['Asia/Kolkata', '2026-03-02T04:30:00.000Z', 150],
      ['America/New_York', '2026-03-02T15:00:00.000Z', 60],
    ]);
    expect(planning.plan.unscheduled).toMatchObject([{ reason: 'zone-unknown', recipients: 20 }]);
    const requests = planning.requests.flatMap((wave) => wave.requests);
    // India: 3 personalised singles + 147 identical (2 requests); US: 60 identical (1 request).
    expect(requests.map((request) => request.members.length)).toEqual([1, 100, 47, 1, 1, 60]);
    const total = requests.reduce((sum, request) => sum + request.costMinor, 0);
    expect(total).toBe(planning.estimate?.total.minor);
    expect(planning.segments).toEqual({ min: 1, max: 2 });
  });

  it('uses the fallback zone for unknown recipients when one is chosen', () => {
    const planning = planCampaign(snapshot(), { ...settings, fallbackZone: 'Asia/Kolkata' }, card, NOW);
    expect(planning.plan.unscheduled).toEqual([]);
    expect(planning.plan.waves.map((wave) => wave.recipients)).toEqual([170, 60]);
  });

  it('plans without a rate card (offline): waves but no costs', () => {
    const planning = planCampaign(snapshot(), settings, null, NOW);
    expect(planning.estimate).toBeNull();
    expect(planning.requests.flatMap((wave) => wave.requests).every((request) => request.costMinor === 0)).toBe(true);
  });

  it('turns a schedule error into a message about the field', () => {
    expect(() => planCampaign(snapshot(), { ...settings, fallbackZone: 'Mars/Olympus' }, card, NOW)).toThrow(/IANA/);
  });
});
