import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isInsideWindow, sendingWindowFor, type IsoWeekday } from '../../../shared/quiet-hours';
import { checkThroughput, groupRecipients, planWaves, type AudienceGroup, type PlanInput, type ZoneChoice } from '../../../shared/schedule';

const group = (zones: string[], country: string | undefined, recipients: number, extra: Partial<AudienceGroup> = {}): AudienceGroup => ({
  zones,
  zoneMethod: zones.length === 0 ? 'unknown' : 'country',
  ...(country ? { country } : {}),
  recipients,
  ...extra,
});

const TUESDAY = '2026-12-01';
const base = (audience: AudienceGroup[], extra: Partial<PlanInput> = {}): PlanInput => ({
  audience,
  target: { kind: 'local', localDate: TUESDAY, localTime: '10:00' },
  now: '2026-11-20T00:00:00Z',
  ...extra,
});

describe('planWaves', () => {
  it('makes one wave per zone at the local target time', () => {
    const plan = planWaves(
      base([
        group(['Asia/Kolkata'], 'IN', 1000),
        group(['America/New_York'], 'US', 400),
        group(['Asia/Kolkata'], 'IN', 50, { variant: 'hi' }),
        group(['Asia/Kathmandu'], 'NP', 7),
        group(['Pacific/Kiritimati'], 'KI', 3),
        group(['Pacific/Chatham'], 'NZ', 2),
      ]),
    );
    expect(plan.unscheduled).toEqual([]);
    expect(plan.waves.map((wave) => [wave.zone, wave.localDate, wave.localTime, wave.utc, wave.recipients])).toEqual(
      [
        ['Pacific/Kiritimati', TUESDAY, '10:00', '2026-11-30T20:00:00.000Z', 3],
        ['Pacific/Chatham', TUESDAY, '10:00', '2026-11-30T20:15:00.000Z', 2],
        ['Asia/Kolkata', TUESDAY, '10:00', '2026-12-01T04:30:00.000Z', 1050],
        ['Asia/Kathmandu', TUESDAY, '10:00', '2026-12-01T04:15:00.000Z', 7],
        ['America/New_York', TUESDAY, '10:00', '2026-12-01T15:00:00.000Z', 400],
      ].sort((a, b) => String(a[3]).localeCompare(String(b[3]))),
    );
    expect(plan.waves.find((wave) => wave.zone === 'Asia/Kolkata')?.groups).toEqual([0, 2]);
    expect(plan.waves.every((wave) => wave.submit === 'scheduled' && wave.adjustments.length === 0)).toBe(true);
  });

  it('moves a wave out of quiet hours and says so', () => {
    const plan = planWaves(
      base([group(['America/New_York'], 'US', 10), group(['Asia/Kolkata'], 'IN', 10), group(['Europe/Paris'], 'FR', 10)], {
        target: { kind: 'local', localDate: '2026-12-06', localTime: '07:00' }, // a Sunday
      }),
    );
    const byZone = Object.fromEntries(plan.waves.map((wave) => [wave.zone, wave]));
    expect(byZone['America/New_York']).toMatchObject({ localDate: '2026-12-06', localTime: '08:00' });
    expect(byZone['Asia/Kolkata']).toMatchObject({ localDate: '2026-12-06', localTime: '09:00' });
    expect(byZone['Europe/Paris']).toMatchObject({ localDate: '2026-12-07', localTime: '08:00' });
    expect(byZone['Europe/Paris']?.adjustments).toEqual([{ reason: 'quiet-hours', fromUtc: '2026-12-06T06:00:00.000Z', toUtc: '2026-12-07T07:00:00.000Z' }]);
    expect(byZone['America/New_York']?.allowedUntil).toBe('2026-12-07T02:00:00.000Z');
  });

  it('honours overrides and can ignore quiet hours', () => {
    const audience = [group(['America/New_York'], 'US', 10)];
    const target = { kind: 'local', localDate: TUESDAY, localTime: '07:00' } as const;
    expect(planWaves(base(audience, { target, sendingWindows: false })).waves[0]?.localTime).toBe('07:00');
    const override = { byCountry: { US: { from: '06:30', until: '20:00', noSendDays: [] } } };
    expect(planWaves(base(audience, { target, sendingWindows: override })).waves[0]).toMatchObject({
      localTime: '07:00',
      allowedUntil: '2026-12-02T01:00:00.000Z',
    });
  });

  it('splits one instant into zone waves when quiet hours differ', () => {
    const plan = planWaves(
      base([group(['Asia/Kolkata'], 'IN', 5), group(['America/New_York'], 'US', 5)], {
        target: { kind: 'instant', utc: '2026-12-01T11:00:00Z' },
      }),
    );
    expect(plan.waves.map((wave) => [wave.zone, wave.utc, wave.localTime])).toEqual([
      ['Asia/Kolkata', '2026-12-01T11:00:00.000Z', '16:30'],
      ['America/New_York', '2026-12-01T13:00:00.000Z', '08:00'],
    ]);
  });

  it('puts DST-gap starts at the shifted time and marks them', () => {
    const plan = planWaves(
      base([group(['America/New_York'], 'US', 5)], {
        target: { kind: 'local', localDate: '2026-03-08', localTime: '02:30' },
        now: '2026-03-01T00:00:00Z',
        sendingWindows: false,
      }),
    );
    expect(plan.waves[0]).toMatchObject({ kind: 'gap', localTime: '03:30', utc: '2026-03-08T07:30:00.000Z' });
  });

  it('places waves correctly on DST change days in several zones', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kolkata'];
    const audience = zones.map((zone) => group([zone], undefined, 1));
    const days = ['2026-03-08', '2026-03-29', '2026-04-05', '2026-09-06', '2026-10-04', '2026-10-25', '2026-11-01'];
    const seen = new Set<string>();
    for (const localDate of days) {
      for (const localTime of ['00:30', '01:00', '01:30', '02:00', '02:15', '02:30', '03:00', '10:00']) {
        const plan = planWaves(
          base(audience, {
            target: { kind: 'local', localDate, localTime },
            now: new Date(Date.parse(localDate) - 10 * 86_400_000).toISOString(),
            sendingWindows: false,
          }),
        );
        expect(plan.waves).toHaveLength(zones.length);
        for (const wave of plan.waves) {
          seen.add(wave.kind);
          const local = DateTime.fromISO(wave.utc, { zone: wave.zone });
          expect(wave.localTime, `${wave.zone} ${localDate} ${localTime}`).toBe(local.toFormat('HH:mm'));
          if (wave.kind === 'gap') {
            // Later by exactly the size of the jump (60 minutes, 30 on Lord Howe).
            const jump = local.offset - DateTime.fromMillis(local.toMillis() - 6 * 3_600_000, { zone: wave.zone }).offset;
            const shownMinutes = local.hour * 60 + local.minute;
            const askedMinutes = Number(localTime.slice(0, 2)) * 60 + Number(localTime.slice(3));
            expect(shownMinutes - askedMinutes, `${wave.zone} ${localDate} ${localTime}`).toBe(jump);
          } else {
            expect([local.toISODate(), local.toFormat('HH:mm')]).toEqual([localDate, localTime]);
            // In an overlap, the earlier of the two instants.
            if (wave.kind === 'overlap') expect(DateTime.fromMillis(local.toMillis() - 3_600_000, { zone: wave.zone }).toFormat('HH:mm')).not.toBe(localTime);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(['gap', 'normal', 'overlap']);
  });

  describe('waves whose time has passed', () => {
    // 10:00 on 1 Dec has passed in Kiritimati (20:00Z on 30 Nov) but not in New York.
    const audience = [group(['Pacific/Kiritimati'], 'KI', 3), group(['America/New_York'], 'US', 4)];
    const now = '2026-11-30T21:00:00Z';

    it('are left for the user to decide by default', () => {
      const plan = planWaves(base(audience, { now }));
      expect(plan.waves.map((wave) => wave.zone)).toEqual(['America/New_York']);
      expect(plan.unscheduled).toMatchObject([{ group: 0, recipients: 3, reason: 'passed', utc: '2026-11-30T20:00:00.000Z' }]);
    });

    it('can be skipped', () => {
      expect(planWaves(base(audience, { now, whenPassed: 'skip' })).unscheduled).toMatchObject([{ group: 0, reason: 'skipped' }]);
    });

    it('can go the next day at the same local time', () => {
      const wave = planWaves(base(audience, { now, whenPassed: 'next-day' })).waves.find((w) => w.zone === 'Pacific/Kiritimati');
      expect(wave).toMatchObject({ localDate: '2026-12-02', localTime: '10:00', submit: 'scheduled' });
      expect(wave?.adjustments[0]?.reason).toBe('next-day');
    });

    it('can be sent now, unless it is quiet time there', () => {
      const wave = planWaves(base(audience, { now, whenPassed: 'send-now' })).waves.find((w) => w.zone === 'Pacific/Kiritimati');
      expect(wave).toMatchObject({ utc: '2026-11-30T21:00:00.000Z', submit: 'immediate', localTime: '11:00' });
      const late = planWaves(base(audience, { now: '2026-12-01T09:00:00Z', whenPassed: 'send-now' })).waves.find((w) => w.zone === 'Pacific/Kiritimati');
      // 23:00 in Kiritimati: moved to 08:00 the next morning and scheduled.
      expect(late).toMatchObject({ localDate: '2026-12-02', localTime: '08:00', submit: 'scheduled' });
      expect(late?.adjustments.map((adjustment) => adjustment.reason)).toEqual(['send-now', 'quiet-hours']);
    });

    it('include starts less than 15 minutes ahead', () => {
      const plan = planWaves(base([group(['Asia/Kolkata'], 'IN', 1)], { now: '2026-12-01T04:20:00Z' }));
      expect(plan.unscheduled).toMatchObject([{ reason: 'too-soon' }]);
    });
  });

  it('refuses starts beyond three months and after the window end', () => {
    expect(planWaves(base([group(['Asia/Kolkata'], 'IN', 1)], { now: '2026-08-31T00:00:00Z' })).unscheduled).toMatchObject([{ reason: 'too-far-ahead' }]);
    expect(planWaves(base([group(['Asia/Kolkata'], 'IN', 1)], { now: '2026-09-01T05:00:00Z' })).waves).toHaveLength(1);
    const plan = planWaves(base([group(['Asia/Kolkata'], 'IN', 1), group(['America/New_York'], 'US', 2)], { windowEnd: '2026-12-01T12:00:00Z' }));
    expect(plan.waves[0]).toMatchObject({ zone: 'Asia/Kolkata', allowedUntil: '2026-12-01T12:00:00.000Z' });
    expect(plan.unscheduled).toMatchObject([{ group: 1, reason: 'after-window-end' }]);
  });

  it('sends unknown and multi-offset zones to the fallback or to unscheduled, and reports methods', () => {
    const audience = [
      group([], undefined, 7),
      group(['America/New_York', 'America/Chicago'], 'US', 5, { zoneMethod: 'prefix', zoneKey: '+1907' }),
      group(['America/New_York', 'America/Toronto'], 'US', 4, { zoneMethod: 'prefix', zoneKey: '+1' }),
      group(['Asia/Kolkata'], 'IN', 9, { zoneMethod: 'column' }),
    ];
    const unresolved = planWaves(base(audience));
    expect(unresolved.unscheduled.map((entry) => entry.reason)).toEqual(['zone-unknown', 'zone-ambiguous']);
    expect(unresolved.multiOffsetZoneKeys).toEqual([{ zoneKey: '+1907', zones: ['America/New_York', 'America/Chicago'], recipients: 5 }]);
    expect(unresolved.recipientsByZoneMethod).toEqual({ column: 9, prefix: 4, country: 0, fallback: 0, unknown: 12 });

    const resolved = planWaves(base(audience, { fallbackZone: 'Asia/Kolkata' }));
    expect(resolved.unscheduled).toEqual([]);
    expect(resolved.recipientsByZoneMethod).toEqual({ column: 9, prefix: 4, country: 0, fallback: 12, unknown: 0 });
    expect(resolved.waves.find((wave) => wave.zone === 'Asia/Kolkata')?.recipients).toBe(21);
  });

  it('keeps every recipient, within Kaleyra’s bounds and quiet hours, for random audiences', () => {
    const zones = [
      'Asia/Kolkata',
      'America/New_York',
      'Europe/Paris',
      'Pacific/Kiritimati',
      'Pacific/Apia',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'America/St_Johns',
    ];
    const countries = ['IN', 'US', 'FR', 'KI', 'WS', 'NP', 'AU', 'CA'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1, max: zones.length - 1 }), fc.integer({ min: 0, max: 1000 })), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 95 }),
        fc.integer({ min: 0, max: 24 * 90 }),
        fc.constantFrom(undefined, 'skip', 'send-now', 'next-day'),
        (rows, dayOffset, quarter, nowHours, whenPassed) => {
          const audience = rows.map(([zone, recipients]) =>
            zone < 0 ? group([], undefined, recipients) : group([zones[zone] ?? 'UTC'], countries[zone], recipients),
          );
          const nowMs = Date.UTC(2026, 0, 1) + nowHours * 3_600_000;
          const localDate = new Date(Date.UTC(2026, 0, 1 + dayOffset)).toISOString().slice(0, 10);
          const localTime = `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
          const plan = planWaves({
            audience,
            target: { kind: 'local', localDate, localTime },
            now: new Date(nowMs).toISOString(),
            ...(whenPassed ? { whenPassed } : {}),
          });
          const total = audience.reduce((sum, entry) => sum + entry.recipients, 0);
          const placed = plan.waves.reduce((sum, wave) => sum + wave.recipients, 0);
          const left = plan.unscheduled.reduce((sum, entry) => sum + entry.recipients, 0);
          expect(placed + left).toBe(total);
          const latest = DateTime.fromMillis(nowMs, { zone: 'utc' }).plus({ months: 3 }).toMillis();
          for (const wave of plan.waves) {
            const start = Date.parse(wave.utc);
            if (wave.submit === 'scheduled') {
              expect(start).toBeGreaterThanOrEqual(nowMs + 15 * 60_000);
              expect(start).toBeLessThanOrEqual(latest);
            } else {
              expect(start).toBe(nowMs);
            }
            const local = DateTime.fromMillis(start, { zone: wave.zone });
            expect(wave.localDate).toBe(local.toISODate());
            expect(wave.localTime).toBe(local.toFormat('HH:mm'));
            const country = countries[zones.indexOf(wave.zone)];
            expect(isInsideWindow(sendingWindowFor(country), local.weekday as IsoWeekday, local.hour * 60 + local.minute)).toBe(true);
            if (wave.adjustments.length === 0 && wave.kind === 'normal') {
              expect([wave.localDate, wave.localTime]).toEqual([localDate, localTime]);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('groupRecipients', () => {
  it('groups columns by zone choice, country and variant, summing units', () => {
    const zoneChoices: ZoneChoice[] = [
      { zones: ['Asia/Kolkata'], zoneMethod: 'country' },
      { zones: ['America/New_York'], zoneMethod: 'prefix', zoneKey: '+1212' },
    ];
    const { groups, groupOfRecipient } = groupRecipients({
      count: 6,
      zoneChoice: [0, 0, 1, -1, 0, 1],
      zoneChoices,
      country: [0, 0, 1, -1, 0, 1],
      countries: ['IN', 'US'],
      variant: [0, 1, 0, 0, 0, 0],
      variants: ['en', 'hi'],
      units: [1, 2, 1, 3, 2, 1],
    });
    expect(groups).toEqual([
      { zones: ['Asia/Kolkata'], zoneMethod: 'country', country: 'IN', variant: 'en', recipients: 2, units: 3 },
      { zones: ['Asia/Kolkata'], zoneMethod: 'country', country: 'IN', variant: 'hi', recipients: 1, units: 2 },
      { zones: ['America/New_York'], zoneMethod: 'prefix', zoneKey: '+1212', country: 'US', variant: 'en', recipients: 2, units: 2 },
      { zones: [], zoneMethod: 'unknown', variant: 'en', recipients: 1, units: 3 },
    ]);
    expect([...groupOfRecipient]).toEqual([0, 1, 2, 3, 0, 2]);
  });

  it('loses no recipient or unit on random columns', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1, max: 3 }), fc.integer({ min: -1, max: 2 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 9 })), {
          maxLength: 300,
        }),
        (rows) => {
          const { groups, groupOfRecipient } = groupRecipients({
            count: rows.length,
            zoneChoice: rows.map((row) => row[0]),
            zoneChoices: [0, 1, 2, 3].map((index) => ({ zones: [`Etc/GMT-${index}`], zoneMethod: 'column' as const })),
            country: rows.map((row) => row[1]),
            countries: ['IN', 'US', 'FR'],
            variant: rows.map((row) => row[2]),
            variants: ['a', 'b', 'c'],
            units: rows.map((row) => row[3]),
          });
          expect(groups.reduce((sum, entry) => sum + entry.recipients, 0)).toBe(rows.length);
          expect(groups.reduce((sum, entry) => sum + (entry.units ?? 0), 0)).toBe(rows.reduce((sum, row) => sum + row[3], 0));
          rows.forEach((row, index) => {
            const assigned = groups[groupOfRecipient[index] ?? -1];
            expect(assigned?.zones).toEqual(row[0] < 0 ? [] : [`Etc/GMT-${row[0]}`]);
            expect(assigned?.country).toBe(row[1] < 0 ? undefined : ['IN', 'US', 'FR'][row[1]]);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('checkThroughput', () => {
  it('says which waves overflow their window and by how much', () => {
    const waves = [
      { id: 'a', utc: '2026-12-01T10:00:00.000Z', recipients: 100_000, allowedUntil: '2026-12-01T10:05:00.000Z' },
      { id: 'b', utc: '2026-12-01T10:05:00.000Z', recipients: 50_000, allowedUntil: '2026-12-01T11:00:00.000Z' },
      { id: 'c', utc: '2026-12-01T12:00:00.000Z', recipients: 10 },
    ];
    const check = checkThroughput(waves, { messages: 50_000, perMinutes: 5 });
    expect(check.fits).toBe(false);
    expect(check.waves).toEqual([
      {
        waveId: 'a',
        startsAt: '2026-12-01T10:00:00.000Z',
        finishesAt: '2026-12-01T10:10:00.000Z',
        allowedUntil: '2026-12-01T10:05:00.000Z',
        overflowMinutes: 5,
        recipientsOverflowing: 50_000,
      },
      // b waits for a to drain (shared account rate) but still fits.
      {
        waveId: 'b',
        startsAt: '2026-12-01T10:10:00.000Z',
        finishesAt: '2026-12-01T10:15:00.000Z',
        allowedUntil: '2026-12-01T11:00:00.000Z',
        overflowMinutes: 0,
        recipientsOverflowing: 0,
      },
      { waveId: 'c', startsAt: '2026-12-01T12:00:00.000Z', finishesAt: '2026-12-01T12:00:00.060Z', overflowMinutes: 0, recipientsOverflowing: 0 },
    ]);
    expect(check.overflowing.map((entry) => entry.waveId)).toEqual(['a']);
    expect(checkThroughput(waves.slice(1), { messages: 50_000, perMinutes: 5 }).fits).toBe(true);
  });

  it('rejects a rate that allows nothing', () => {
    expect(() => checkThroughput([], { messages: 0, perMinutes: 5 })).toThrow(/at least one message/);
  });
});
