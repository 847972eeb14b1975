/**
 * When marketing SMS may reach a person, in their local time.
 *
 * A sending window is the allowed part of the day ("08:00"–"21:00"); everything else is quiet
 * hours. Windows may cross midnight ("20:00"–"02:00"), and some countries forbid whole weekdays.
 * The presets below are a small, deliberately conservative table; the user can override any of
 * them per country or for the whole campaign.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface SendingWindow {
  /** Local "HH:mm" at which sending may start. */
  readonly from: string;
  /** Local "HH:mm" at which quiet hours begin (exclusive). Equal to `from` means all day. */
  readonly until: string;
  /** Local weekdays on which nothing may be sent at all. */
  readonly noSendDays: readonly IsoWeekday[];
}

export interface SendingWindowPreset extends SendingWindow {
  /** Why this preset exists, shown to the user next to it. */
  readonly basis: string;
  /**
   * The window the law sets for promotional messages to this country, or null where no statute
   * sets one (the preset is then practice, which the user may lift). A promotional campaign is held
   * to it whatever its quiet hours say, at planning and again when each request leaves.
   */
  readonly legalPromotional: LegalWindow | null;
}

export interface LegalWindow extends SendingWindow {
  /** The rule, named for the user ("TRAI: …"). */
  readonly basis: string;
}

/**
 * Conservative defaults per destination country. They reflect common regulation or practice
 * for promotional messages and are a starting point, not legal advice.
 */
export const SENDING_WINDOW_PRESETS: Readonly<Record<string, SendingWindowPreset>> = {
  US: {
    from: '08:00',
    until: '21:00',
    noSendDays: [],
    basis: 'TCPA: no marketing calls or texts before 8 am or after 9 pm local time',
    legalPromotional: { from: '08:00', until: '21:00', noSendDays: [], basis: 'TCPA: marketing texts only 8 am–9 pm local time' },
  },
  CA: { from: '08:00', until: '21:00', noSendDays: [], basis: 'Common practice aligned with US rules', legalPromotional: null },
  GB: { from: '08:00', until: '21:00', noSendDays: [], basis: 'Industry code of practice for marketing messages', legalPromotional: null },
  DE: { from: '08:00', until: '21:00', noSendDays: [], basis: 'Common practice; avoid night-time marketing', legalPromotional: null },
  AU: { from: '08:00', until: '21:00', noSendDays: [], basis: 'Common practice under the Spam Act guidance', legalPromotional: null },
  FR: {
    from: '08:00',
    until: '22:00',
    noSendDays: [7],
    basis: 'French rules for marketing SMS: 8 am–10 pm, never on Sundays (public holidays are not modelled)',
    legalPromotional: { from: '08:00', until: '22:00', noSendDays: [7], basis: 'French rules: marketing SMS only 8 am–10 pm, never on Sundays' },
  },
  IN: {
    from: '09:00',
    until: '21:00',
    noSendDays: [],
    basis: 'TRAI: promotional messages only between 9 am and 9 pm',
    legalPromotional: { from: '09:00', until: '21:00', noSendDays: [], basis: 'TRAI: promotional SMS only 9 am–9 pm local time' },
  },
};

/** The law's window for promotional messages to a country, or null where none is known. */
export function legalPromotionalWindowFor(country: string | undefined): LegalWindow | null {
  const code = country?.toUpperCase();
  return code === undefined ? null : (SENDING_WINDOW_PRESETS[code]?.legalPromotional ?? null);
}

/** Applied to countries without a preset unless the user sets one. */
export const DEFAULT_SENDING_WINDOW: SendingWindowPreset = {
  from: '08:00',
  until: '21:00',
  noSendDays: [],
  basis: 'Campaign Desk default: daytime only',
  legalPromotional: null,
};

export interface SendingWindowOverrides {
  /** Replaces the preset for a country; `null` lifts quiet hours there. */
  readonly byCountry?: Readonly<Record<string, SendingWindow | null>>;
  /** For countries with neither an override nor a preset; `null` means no quiet hours. */
  readonly otherwise?: SendingWindow | null;
}

/** The window that applies to a destination country (undefined country = unknown). */
export function sendingWindowFor(country: string | undefined, overrides: SendingWindowOverrides = {}): SendingWindow | null {
  const code = country?.toUpperCase();
  if (code !== undefined && overrides.byCountry && code in overrides.byCountry) return overrides.byCountry[code] ?? null;
  if (code !== undefined) {
    const preset = SENDING_WINDOW_PRESETS[code];
    if (preset) return preset;
  }
  return overrides.otherwise === undefined ? DEFAULT_SENDING_WINDOW : overrides.otherwise;
}

export class QuietHoursError extends Error {
  constructor(
    readonly code: 'QUIET_HOURS_INVALID_TIME',
    message: string,
  ) {
    super(message);
    this.name = 'QuietHoursError';
  }
}

const MINUTES_PER_DAY = 24 * 60;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:mm" → minutes after local midnight. */
export function parseClock(text: string): number {
  const match = CLOCK.exec(text);
  if (!match) throw new QuietHoursError('QUIET_HOURS_INVALID_TIME', `"${text}" is not a time of day; use HH:mm, e.g. 08:00`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Minutes after midnight → "HH:mm". */
export function formatClock(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** Whether local minute-of-day `minute` on ISO weekday `weekday` is inside the window. */
export function isInsideWindow(window: SendingWindow | null, weekday: IsoWeekday, minute: number): boolean {
  if (window === null) return true;
  const from = parseClock(window.from);
  const until = parseClock(window.until);
  if (from === until) return !window.noSendDays.includes(weekday);
  if (from < until) return minute >= from && minute < until && !window.noSendDays.includes(weekday);
  // Crossing midnight: the early-morning part belongs to the previous day's window.
  if (minute >= from) return !window.noSendDays.includes(weekday);
  if (minute < until) return !window.noSendDays.includes(previousWeekday(weekday));
  return false;
}

export interface LocalSlot {
  /** Days after the given day (0 = same day). */
  readonly dayOffset: number;
  /** Minute of that day. */
  readonly minute: number;
}

/**
 * The first local moment at or after (weekday, minute) inside the window, as a day offset and
 * minute; undefined when the window never opens (every day forbidden).
 */
export function nextWindowOpening(window: SendingWindow | null, weekday: IsoWeekday, minute: number): LocalSlot | undefined {
  if (isInsideWindow(window, weekday, minute)) return { dayOffset: 0, minute };
  if (window === null) return { dayOffset: 0, minute };
  const from = parseClock(window.from);
  for (let dayOffset = 0; dayOffset <= 7; dayOffset++) {
    const day = addWeekdays(weekday, dayOffset);
    if (window.noSendDays.includes(day)) continue;
    if (dayOffset === 0 && minute > from) {
      // Later today only if the window wraps past midnight into tomorrow: the opening is tomorrow's.
      continue;
    }
    return { dayOffset, minute: from };
  }
  return undefined;
}

/**
 * Minute (relative to the start of the given day, may exceed 1440) at which the window that
 * contains (weekday, minute) closes. Assumes the moment is inside the window.
 */
export function windowCloseAfter(window: SendingWindow | null, weekday: IsoWeekday, minute: number): number | undefined {
  if (window === null) return undefined;
  const from = parseClock(window.from);
  const until = parseClock(window.until);
  if (from === until) {
    // Open all day: it closes at the next forbidden day, if any within a week.
    for (let dayOffset = 1; dayOffset <= 7; dayOffset++) {
      if (window.noSendDays.includes(addWeekdays(weekday, dayOffset))) return dayOffset * MINUTES_PER_DAY;
    }
    return undefined;
  }
  if (from < until) return until;
  return minute >= from ? MINUTES_PER_DAY + until : until;
}

export function addWeekdays(weekday: IsoWeekday, days: number): IsoWeekday {
  return (((((weekday - 1 + days) % 7) + 7) % 7) + 1) as IsoWeekday;
}

function previousWeekday(weekday: IsoWeekday): IsoWeekday {
  return addWeekdays(weekday, -1);
}

/** Checks a window's clock strings up front so planning never fails half-way. */
export function assertValidWindow(window: SendingWindow | null): void {
  if (window === null) return;
  parseClock(window.from);
  parseClock(window.until);
}
