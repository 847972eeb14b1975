import { Settings } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignPlan, PlannedWave } from '../../../shared/calls/campaigns';
import { explainWave, formatUtc, sortedWaves } from '../../../renderer/features/campaigns/wave-notes';

// Every instant and wall time below was worked out by hand from the zones' 2026 rules, not by the
// code under test: US DST starts Sun 8 Mar (02:00 → 03:00) and ends Sun 1 Nov; the UK's ends
// Sun 25 Oct (02:00 BST → 01:00 GMT); New South Wales' ends Sun 5 Apr (03:00 AEDT → 02:00 AEST);
// Lord Howe Island moves by half an hour (+10:30 in winter, +11:00 from Sun 4 Oct); India keeps +05:30.

// Weekday and month names are the ones luxon writes in English.
beforeAll(() => {
  Settings.defaultLocale = 'en-US';
});

type WaveFacts = Pick<PlannedWave, 'zone' | 'localDate' | 'localTime' | 'utc'> & Partial<Pick<PlannedWave, 'kind' | 'adjustments'>>;

let nextId = 0;
function wave(facts: WaveFacts): PlannedWave {
  nextId += 1;
  return {
    id: `wave-${nextId}`,
    submit: 'scheduled',
    kind: 'normal',
    recipients: 120,
    units: 240,
    costMinor: 6_000,
    adjustments: [],
    allowedUntil: null,
    lastUtc: facts.utc,
    spreadsPastWindow: false,
    ...facts,
  };
}

describe('explainWave', () => {
  it('a wave at 02:30 on the morning New York springs forward is a gap, sent at the first valid minute', () => {
    const gap = wave({ zone: 'America/New_York', localDate: '2026-03-08', localTime: '02:30', utc: '2026-03-08T07:00:00.000Z', kind: 'gap' });
    expect(explainWave(gap, '2026-03-01T12:00:00.000Z')).toEqual({
      mark: 'dst',
      notes: ['02:30 does not exist on 2026-03-08 in America/New_York (clocks jump forward): sent at the first valid minute.'],
    });
  });

  it('a wave at 01:30 on the night London falls back is an overlap, sent once at the first', () => {
    // 01:30 BST (UTC+1) comes first: 00:30 UTC; the second 01:30 (GMT) would be 01:30 UTC.
    const overlap = wave({ zone: 'Europe/London', localDate: '2026-10-25', localTime: '01:30', utc: '2026-10-25T00:30:00.000Z', kind: 'overlap' });
    expect(explainWave(overlap, '2026-10-20T09:00:00.000Z')).toEqual({
      mark: 'dst',
      notes: ['01:30 happens twice on 2026-10-25 in Europe/London (clocks go back): sent once, at the first.'],
    });
  });

  it('quiet hours that move a Sydney wave across the end of daylight saving show both local times in their own offsets', () => {
    // Asked: Sat 4 Apr 22:00 AEDT (UTC+11) = 11:00 UTC; moved to Mon 6 Apr 08:00 AEST (UTC+10) = Sun 5 Apr 22:00 UTC.
    const moved = wave({
      zone: 'Australia/Sydney',
      localDate: '2026-04-06',
      localTime: '08:00',
      utc: '2026-04-05T22:00:00.000Z',
      adjustments: [{ reason: 'quiet-hours', fromUtc: '2026-04-04T11:00:00.000Z', toUtc: '2026-04-05T22:00:00.000Z' }],
    });
    expect(explainWave(moved, '2026-04-01T00:00:00.000Z')).toEqual({
      mark: 'moved',
      notes: ['Moved by quiet hours from Sat 4 Apr 22:00 to Mon 6 Apr 08:00 local time.'],
    });
  });

  it('a Kolkata wave whose time has passed moves to the next day; one sent now says so; both are marked passed', () => {
    // 10:00 IST (UTC+05:30) on Thu 10 Dec = 04:30 UTC; the next day's 10:00 = Fri 11 Dec 04:30 UTC.
    const nextDay = wave({
      zone: 'Asia/Kolkata',
      localDate: '2026-12-11',
      localTime: '10:00',
      utc: '2026-12-11T04:30:00.000Z',
      adjustments: [{ reason: 'next-day', fromUtc: '2026-12-10T04:30:00.000Z', toUtc: '2026-12-11T04:30:00.000Z' }],
    });
    expect(explainWave(nextDay, '2026-12-10T06:00:00.000Z')).toEqual({
      mark: 'passed',
      notes: ['Already past at Thu 10 Dec 10:00: moved to the next day, Fri 11 Dec 10:00.'],
    });
    const sendNow = wave({
      zone: 'Asia/Dubai',
      localDate: '2026-12-10',
      localTime: '10:07',
      utc: '2026-12-10T06:07:00.000Z',
      adjustments: [{ reason: 'send-now', fromUtc: '2026-12-10T06:00:00.000Z', toUtc: '2026-12-10T06:07:00.000Z' }],
    });
    expect(explainWave(sendNow, '2026-12-10T06:05:00.000Z')).toEqual({
      mark: 'passed',
      notes: ['Already past at Thu 10 Dec 10:00: sent as soon as it is launched.'],
    });
  });

  it('a passed wave outranks quiet hours and a DST gap, and every reason is still listed in order', () => {
    // Asked 01:00 EST on Sun 8 Mar (06:00 UTC), moved by quiet hours to 02:30, which does not exist
    // that night; by launch time that had passed, so it moved to Mon 9 Mar 08:00 EDT (12:00 UTC).
    const busy = wave({
      zone: 'America/New_York',
      localDate: '2026-03-08',
      localTime: '02:30',
      utc: '2026-03-09T12:00:00.000Z',
      kind: 'gap',
      adjustments: [
        { reason: 'quiet-hours', fromUtc: '2026-03-08T06:00:00.000Z', toUtc: '2026-03-08T07:00:00.000Z' },
        { reason: 'next-day', fromUtc: '2026-03-08T07:00:00.000Z', toUtc: '2026-03-09T12:00:00.000Z' },
      ],
    });
    expect(explainWave(busy, '2026-03-08T08:00:00.000Z')).toEqual({
      mark: 'passed',
      notes: [
        'Moved by quiet hours from Sun 8 Mar 01:00 to Sun 8 Mar 03:00 local time.',
        'Already past at Sun 8 Mar 03:00: moved to the next day, Mon 9 Mar 08:00.',
        '02:30 does not exist on 2026-03-08 in America/New_York (clocks jump forward): sent at the first valid minute.',
      ],
    });
    // Quiet hours first, then the gap: the first reason decides the mark.
    const movedIntoGap = wave({ ...busy, utc: '2026-03-08T07:00:00.000Z', adjustments: busy.adjustments.slice(0, 1) });
    expect(explainWave(movedIntoGap, '2026-03-01T00:00:00.000Z').mark).toBe('moved');
  });

  it('warns when the zone changes offset between today and the wave, half-hour shifts included', () => {
    // Chicago: planned in October (CDT, UTC-05:00) for Tue 10 Nov 09:00 CST (UTC-06:00) = 15:00 UTC.
    const chicago = wave({ zone: 'America/Chicago', localDate: '2026-11-10', localTime: '09:00', utc: '2026-11-10T15:00:00.000Z' });
    expect(explainWave(chicago, '2026-10-20T14:00:00.000Z')).toEqual({
      mark: 'dst',
      notes: ['Daylight saving changes before this wave: America/Chicago is UTC-06:00 then (UTC-05:00 today).'],
    });
    // Lord Howe: planned in June (+10:30) for Tue 1 Dec 09:00 (+11:00) = Mon 30 Nov 22:00 UTC.
    const lordHowe = wave({ zone: 'Australia/Lord_Howe', localDate: '2026-12-01', localTime: '09:00', utc: '2026-11-30T22:00:00.000Z' });
    expect(explainWave(lordHowe, '2026-06-15T00:00:00.000Z')).toEqual({
      mark: 'dst',
      notes: ['Daylight saving changes before this wave: Australia/Lord_Howe is UTC+11:00 then (UTC+10:30 today).'],
    });
  });

  it('says nothing about a wave at its asked time in a zone whose offset does not change', () => {
    const kolkata = wave({ zone: 'Asia/Kolkata', localDate: '2026-11-10', localTime: '10:00', utc: '2026-11-10T04:30:00.000Z' });
    // Across the US and UK changes India's offset stays +05:30.
    expect(explainWave(kolkata, '2026-10-20T14:00:00.000Z')).toEqual({ mark: 'normal', notes: [] });
    // A Chicago wave planned on the same side of the change is normal too.
    const chicagoSameSide = wave({ zone: 'America/Chicago', localDate: '2026-12-10', localTime: '09:00', utc: '2026-12-10T15:00:00.000Z' });
    expect(explainWave(chicagoSameSide, '2026-11-20T14:00:00.000Z')).toEqual({ mark: 'normal', notes: [] });
  });
});

describe('sortedWaves and formatUtc', () => {
  it('orders waves by instant, then by zone for waves at the same instant, without touching the plan', () => {
    // 10:00 in Dubai (UTC+4) and 11:30 in Kolkata are both 06:00 UTC; 08:00 London is 08:00 UTC;
    // 09:00 New York (EST) is 14:00 UTC; 09:00 Singapore (UTC+8) is 01:00 UTC.
    const waves = [
      wave({ zone: 'America/New_York', localDate: '2026-12-10', localTime: '09:00', utc: '2026-12-10T14:00:00.000Z' }),
      wave({ zone: 'Asia/Kolkata', localDate: '2026-12-10', localTime: '11:30', utc: '2026-12-10T06:00:00.000Z' }),
      wave({ zone: 'Europe/London', localDate: '2026-12-10', localTime: '08:00', utc: '2026-12-10T08:00:00.000Z' }),
      wave({ zone: 'Asia/Dubai', localDate: '2026-12-10', localTime: '10:00', utc: '2026-12-10T06:00:00.000Z' }),
      wave({ zone: 'Asia/Singapore', localDate: '2026-12-10', localTime: '09:00', utc: '2026-12-10T01:00:00.000Z' }),
    ];
    const plan = { waves } as unknown as CampaignPlan;
    expect(sortedWaves(plan).map((entry) => entry.zone)).toEqual(['Asia/Singapore', 'Asia/Dubai', 'Asia/Kolkata', 'Europe/London', 'America/New_York']);
    expect(plan.waves.map((entry) => entry.zone)).toEqual(['America/New_York', 'Asia/Kolkata', 'Europe/London', 'Asia/Dubai', 'Asia/Singapore']);
  });

  it('writes instants in UTC whatever the zone they came from', () => {
    expect(formatUtc('2026-10-25T00:30:00.000Z')).toBe('Sun 25 Oct 00:30 UTC');
    expect(formatUtc('2026-03-08T02:30:00-05:00')).toBe('Sun 8 Mar 07:30 UTC');
    expect(formatUtc('2026-12-10T11:30:00+05:30')).toBe('Thu 10 Dec 06:00 UTC');
  });
});
