import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { planWaves, resolveLocalTime, ScheduleError } from '../../../shared/schedule';

const MINUTE = 60_000;

/**
 * Brute-force oracle: every UTC instant whose wall time in `zone` is the requested one, found
 * by trying every offset from −12:00 to +14:00 in 15-minute steps.
 */
function instantsWithWallTime(zoneName: string, date: string, time: string): number[] {
  const zone = IANAZone.create(zoneName);
  const wall = Date.parse(`${date}T${time}:00Z`);
  const found: number[] = [];
  for (let offset = -12 * 60; offset <= 14 * 60; offset += 15) {
    const candidate = wall - offset * MINUTE;
    if (zone.offset(candidate) === offset) found.push(candidate);
  }
  return found.sort((a, b) => a - b);
}

const ZONES = [
  'Asia/Kolkata',
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Paris',
  'Australia/Sydney',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Apia',
  'America/Santiago',
  'Africa/Casablanca',
];

describe('resolveLocalTime', () => {
  it.each([
    ['Asia/Kolkata', '2026-12-01', '10:00', '2026-12-01T04:30:00.000Z', 'normal'],
    ['Asia/Kathmandu', '2026-12-01', '10:00', '2026-12-01T04:15:00.000Z', 'normal'],
    ['Pacific/Chatham', '2026-07-01', '10:00', '2026-06-30T21:15:00.000Z', 'normal'],
    ['Pacific/Kiritimati', '2026-12-01', '10:00', '2026-11-30T20:00:00.000Z', 'normal'],
    ['Pacific/Apia', '2026-12-01', '10:00', '2026-11-30T21:00:00.000Z', 'normal'],
    // Spring forward: 02:30 does not exist and is read with the old offset (lands at 03:30).
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'gap'],
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:30:00.000Z', 'gap'],
    ['Australia/Sydney', '2026-10-04', '02:30', '2026-10-03T16:30:00.000Z', 'gap'],
    // Lord Howe moves by 30 minutes only.
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:45:00.000Z', 'gap'],
    // Samoa skipped 30 December 2011 entirely when it crossed the date line.
    ['Pacific/Apia', '2011-12-30', '10:00', '2011-12-30T20:00:00.000Z', 'gap'],
    // Fall back: 01:30 happens twice; the earlier (daylight) instant wins.
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'overlap'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'overlap'],
    ['Australia/Sydney', '2026-04-05', '02:30', '2026-04-04T15:30:00.000Z', 'overlap'],
  ] as const)('%s %s %s → %s (%s)', (zone, date, time, utc, kind) => {
    expect(resolveLocalTime(zone, date, time)).toEqual({ utc, kind });
  });

  it('agrees with a brute-force search on every zone, date and time', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 24 * 4 - 1 }),
        (zone, day, quarter) => {
          const date = day.toISOString().slice(0, 10);
          const time = `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
          const result = resolveLocalTime(zone, date, time);
          const instants = instantsWithWallTime(zone, date, time);
          const ms = Date.parse(result.utc);
          if (instants.length === 0) {
            expect(result.kind).toBe('gap');
            // Read with the offset before the change: the wall time moves forward by the gap.
            const offsetBefore = IANAZone.create(zone).offset(ms - 1 - 6 * 60 * MINUTE);
            const offsetAfter = IANAZone.create(zone).offset(ms);
            const local = DateTime.fromMillis(ms, { zone });
            const requested = DateTime.fromISO(`${date}T${time}`, { zone: 'utc' });
            const shownAsUtc = DateTime.fromObject(
              { year: local.year, month: local.month, day: local.day, hour: local.hour, minute: local.minute },
              { zone: 'utc' },
            );
            expect(shownAsUtc.diff(requested, 'minutes').minutes).toBe(offsetAfter - offsetBefore);
          } else {
            expect(result.kind).toBe(instants.length > 1 ? 'overlap' : 'normal');
            expect(ms).toBe(instants[0]);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('finds every DST gap and overlap of 2026 in several zones', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago']) {
      const kinds = new Set<string>();
      for (let day = 0; day < 365; day++) {
        const date = new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);
        for (const time of ['00:00', '00:30', '01:00', '01:30', '02:00', '02:15', '02:30', '02:45', '03:00', '23:30']) {
          kinds.add(resolveLocalTime(zone, date, time).kind);
        }
      }
      expect([...kinds].sort(), zone).toEqual(['gap', 'normal', 'overlap']);
    }
    const kolkata = new Set<string>();
    for (let day = 0; day < 365; day++) {
      kolkata.add(resolveLocalTime('Asia/Kolkata', new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10), '02:30').kind);
    }
    expect([...kolkata]).toEqual(['normal']);
  });

  it('rejects unknown zones and malformed dates or times with a code', () => {
    const codeOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error instanceof ScheduleError ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => resolveLocalTime('Mars/Olympus', '2026-12-01', '10:00'))).toBe('SCHEDULE_INVALID_ZONE');
    expect(codeOf(() => resolveLocalTime('Asia/Kolkata', '2026-02-30', '10:00'))).toBe('SCHEDULE_INVALID_DATE');
    expect(codeOf(() => resolveLocalTime('Asia/Kolkata', '1/12/2026', '10:00'))).toBe('SCHEDULE_INVALID_DATE');
    expect(codeOf(() => resolveLocalTime('Asia/Kolkata', '2026-12-01', '24:00'))).toBe('SCHEDULE_INVALID_TIME');
    expect(codeOf(() => resolveLocalTime('Asia/Kolkata', '2026-12-01', '9:00'))).toBe('SCHEDULE_INVALID_TIME');
  });
});

describe('independence from the machine', () => {
  const originalZone = process.env['TZ'];
  afterEach(() => {
    vi.useRealTimers();
    if (originalZone === undefined) delete process.env['TZ'];
    else process.env['TZ'] = originalZone;
  });

  const sample = () => [
    resolveLocalTime('America/New_York', '2026-03-08', '02:30'),
    resolveLocalTime('Europe/London', '2026-10-25', '01:30'),
    resolveLocalTime('Pacific/Kiritimati', '2026-12-01', '10:00'),
    planWaves({
      audience: [{ zones: ['Asia/Kolkata'], zoneMethod: 'country', country: 'IN', recipients: 3 }],
      target: { kind: 'local', localDate: '2026-12-01', localTime: '07:00' },
      now: '2026-11-20T00:00:00Z',
    }).waves,
  ];

  it('gives the same answers whatever the machine’s zone and clock say', () => {
    const reference = sample();
    for (const zone of ['Pacific/Kiritimati', 'America/St_Johns', 'Asia/Kathmandu', 'UTC']) {
      process.env['TZ'] = zone;
      // The process really runs in that zone now (getTimezoneOffset is minus the UTC offset).
      expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset() + IANAZone.create(zone).offset(Date.UTC(2026, 0, 1)), zone).toBe(0);
      expect(sample(), zone).toEqual(reference);
    }
    vi.useFakeTimers();
    for (const now of ['2001-01-01T00:00:00Z', '2026-03-08T07:00:00Z', '2099-12-31T23:59:00Z']) {
      vi.setSystemTime(new Date(now));
      expect(sample(), now).toEqual(reference);
    }
  });
});
