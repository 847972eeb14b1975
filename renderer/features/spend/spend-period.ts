import { DateTime } from 'luxon';

export type PeriodPreset = 'this-month' | 'last-month' | 'last-7-days' | 'last-30-days' | 'custom';

export const periodPresetLabels: Record<PeriodPreset, string> = {
  'this-month': 'This month',
  'last-month': 'Last month',
  'last-7-days': 'Last 7 days',
  'last-30-days': 'Last 30 days',
  custom: 'Custom dates',
};

/** Calendar dates (yyyy-mm-dd) in the viewer's zone; `toDate` is the last day included. */
export interface PeriodDates {
  fromDate: string;
  toDate: string;
}

export function presetDates(preset: Exclude<PeriodPreset, 'custom'>, now = DateTime.local()): PeriodDates {
  const today = now.startOf('day');
  const dates = (from: DateTime, to: DateTime): PeriodDates => ({ fromDate: from.toISODate() ?? '', toDate: to.toISODate() ?? '' });
  switch (preset) {
    case 'this-month':
      return dates(today.startOf('month'), today.endOf('month'));
    case 'last-month': {
      const last = today.minus({ months: 1 });
      return dates(last.startOf('month'), last.endOf('month'));
    }
    case 'last-7-days':
      return dates(today.minus({ days: 6 }), today);
    case 'last-30-days':
      return dates(today.minus({ days: 29 }), today);
  }
}

/** The call's period: the first day's start to the day after the last, in the viewer's zone, as UTC instants. */
export function periodInput(dates: PeriodDates, zone = DateTime.local().zoneName): { from: string; to: string; zone: string } | null {
  const from = DateTime.fromISO(dates.fromDate, { zone }).startOf('day');
  const to = DateTime.fromISO(dates.toDate, { zone }).startOf('day').plus({ days: 1 });
  if (!from.isValid || !to.isValid || to <= from) return null;
  return { from: from.toUTC().toISO() ?? '', to: to.toUTC().toISO() ?? '', zone };
}
