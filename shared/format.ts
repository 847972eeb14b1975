import { DateTime } from 'luxon';
import { displayLocale } from './locale';

/**
 * The one module that turns numbers, amounts and instants into text for people, in the user's
 * locale (see locale.ts). Amounts stay integer minor units until this last step (formatMoney).
 * Display only: never parse any of this back.
 */
export { formatMoney } from './money';
export { displayLocale, setDisplayLocale } from './locale';

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count ("1,000,000" in en-US, "10,00,000" in en-IN, "1.000.000" in de-DE). */
export function formatCount(value: number, locale = displayLocale()): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** A share 0..1 as a percentage with `digits` decimals ("92.5%"). */
export function formatPercent(share: number, digits = 1, locale = displayLocale()): string {
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share);
}

type Instant = string | number;

function toDateTime(instant: Instant, zone: string): DateTime {
  const base = typeof instant === 'number' ? DateTime.fromMillis(instant, { zone: 'utc' }) : DateTime.fromISO(instant, { zone: 'utc' });
  return base.setZone(zone);
}

/** The zone this desktop is in (IANA name). */
export function localZone(): string {
  return DateTime.local().zoneName;
}

/**
 * Date and time in `zone` (the user's own by default) with the zone named: "Dec 2, 2026, 10:15 AM GMT+5:30"
 * style, following the locale's order and clock.
 */
export function formatDateTime(instant: Instant, zone = localZone(), locale = displayLocale()): string {
  const moment = toDateTime(instant, zone);
  if (!moment.isValid) return '—';
  return moment
    .setLocale(locale)
    .toLocaleString({ day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** A short date and time without the year, zone named ("Dec 2, 10:15 AM GMT+5:30"). */
export function formatShortDateTime(instant: Instant, zone = localZone(), locale = displayLocale()): string {
  const moment = toDateTime(instant, zone);
  if (!moment.isValid) return '—';
  return moment.setLocale(locale).toLocaleString({ day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** Time of day in `zone`, zone named ("10:15 AM GMT+5:30"). */
export function formatTime(instant: Instant, zone = localZone(), locale = displayLocale()): string {
  const moment = toDateTime(instant, zone);
  if (!moment.isValid) return '—';
  return moment.setLocale(locale).toLocaleString({ hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
}

/** A calendar date (no time) in `zone` ("Dec 2, 2026"). */
export function formatDate(instant: Instant, zone = localZone(), locale = displayLocale()): string {
  const moment = toDateTime(instant, zone);
  if (!moment.isValid) return '—';
  return moment.setLocale(locale).toLocaleString({ day: 'numeric', month: 'short', year: 'numeric' });
}

/** The same instant in UTC, ISO-like and unambiguous: for tooltips and exports only. */
export function formatUtcInstant(instant: Instant): string {
  const moment = toDateTime(instant, 'utc');
  return moment.isValid ? moment.toFormat("yyyy-LL-dd HH:mm 'UTC'") : '—';
}
