import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';

function at(iso: string, zone: string): DateTime<true> {
  const moment = DateTime.fromISO(iso, { zone });
  if (!moment.isValid) throw new Error(`bad test instant ${iso}`);
  return moment;
}
import { periodInput, presetDates } from '../../../renderer/features/spend/spend-period';

describe('spend periods follow the user’s calendar, not UTC’s', () => {
  it('"This month" on the 1st at 00:30 in India is the new month, although UTC is still in the previous one', () => {
    const now = at('2026-12-01T00:30', 'Asia/Kolkata');
    expect(now.toUTC().toISODate()).toBe('2026-11-30');
    expect(presetDates('this-month', now)).toEqual({ fromDate: '2026-12-01', toDate: '2026-12-31' });
    expect(presetDates('last-month', now)).toEqual({ fromDate: '2026-11-01', toDate: '2026-11-30' });
    expect(periodInput(presetDates('this-month', now), 'Asia/Kolkata')).toEqual({
      from: '2026-11-30T18:30:00.000Z',
      to: '2026-12-31T18:30:00.000Z',
      zone: 'Asia/Kolkata',
    });
  });

  it('at 23:30 on the last day in Chicago it is still that month, although UTC has moved on', () => {
    const now = at('2026-02-28T23:30', 'America/Chicago');
    expect(now.toUTC().toISODate()).toBe('2026-03-01');
    expect(presetDates('this-month', now)).toEqual({ fromDate: '2026-02-01', toDate: '2026-02-28' });
    expect(presetDates('last-7-days', now)).toEqual({ fromDate: '2026-02-22', toDate: '2026-02-28' });
    const period = periodInput(presetDates('this-month', now), 'America/Chicago');
    expect(period?.from).toBe('2026-02-01T06:00:00.000Z');
    expect(period?.to).toBe('2026-03-01T06:00:00.000Z');
  });

  it('a month that starts before a DST change still spans whole local days', () => {
    const now = at('2026-03-15T12:00', 'Europe/London');
    const period = periodInput(presetDates('this-month', now), 'Europe/London');
    expect(period?.from).toBe('2026-03-01T00:00:00.000Z');
    expect(period?.to).toBe('2026-03-31T23:00:00.000Z');
  });
});
