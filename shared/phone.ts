/**
 * Phone numbers: any human format in, E.164 plus country and candidate time zones out.
 *
 * Validity comes from libphonenumber-js's full ("max") metadata, so a number that merely has a
 * plausible length is still refused. Zones come from libphonenumber's own prefix → zone map
 * (generated into shared/data/phone-zones.ts), narrowed to the number's country, falling back
 * to the country's zones; names are canonical IANA names.
 */
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max';
import { getTimezone } from 'countries-and-timezones';
import { IANAZone } from 'luxon';
import { COUNTRY_ZONE_SETS, PREFIX_ZONE_SETS, ZONE_SETS } from './data/phone-zones';
import type { ZoneChoice } from './math-audience';
import { assertNever } from './assert-never';

/** How a number's zones were found: a specific number prefix, only its country, or nothing. */
export type PhoneZoneSource = 'prefix' | 'country' | 'none';

export type PhoneErrorCode =
  | 'PHONE_EMPTY'
  | 'PHONE_NOT_A_NUMBER'
  | 'PHONE_NEEDS_COUNTRY'
  | 'PHONE_TOO_SHORT'
  | 'PHONE_TOO_LONG'
  | 'PHONE_INVALID_LENGTH'
  | 'PHONE_INVALID'
  | 'PHONE_UNKNOWN_DEFAULT_COUNTRY';

export interface NormalizedPhone {
  readonly ok: true;
  /** "+919812345678" */
  readonly e164: string;
  /** ISO 3166-1 alpha-2 ("IN"), or "001" for non-geographic numbers (+800, +882…). */
  readonly country: string;
  /** Canonical IANA zones the number can be in; empty when nothing is known. Shared: do not mutate. */
  readonly zones: readonly string[];
  readonly zoneSource: PhoneZoneSource;
}

export interface PhoneRejection {
  readonly ok: false;
  readonly code: PhoneErrorCode;
  readonly message: string;
}

export type PhoneResult = NormalizedPhone | PhoneRejection;

/** Region code libphonenumber uses for numbers that belong to no country. */
export const NON_GEOGRAPHIC_REGION = '001';

export function normalizePhone(input: string, defaultCountry?: string): PhoneResult {
  const text = input.trim();
  if (text === '') return reject('PHONE_EMPTY', 'The phone number is empty.');

  let country: CountryCode | undefined;
  if (defaultCountry !== undefined && defaultCountry !== '') {
    const upper = defaultCountry.toUpperCase();
    if (!isSupportedCountry(upper)) {
      return reject('PHONE_UNKNOWN_DEFAULT_COUNTRY', `"${defaultCountry}" is not a country code we know; choose a default country such as IN or US.`);
    }
    country = upper;
  }

  // Try the "00" reading first when it applies: it is what people mean almost everywhere, and
  // it spares a second parse for the common case.
  const parsed = parseWithInternationalZeros(text, country) ?? parseValid(text, country);
  if (!parsed) return explainInvalid(text, input, country);

  const e164 = parsed.number;
  const region = parsed.country ?? NON_GEOGRAPHIC_REGION;
  const { zones, source } = zonesForNumber(e164, region);
  return { ok: true, e164, country: region, zones, zoneSource: source };
}

function parseValid(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(text, country);
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * "00" is the international prefix almost everywhere, but libphonenumber only reads it as one
 * for a default country that uses it; people paste "0049…" whatever the default is.
 */
function parseWithInternationalZeros(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  const match = /^[\s(]*00\s*([1-9][\d\s().-]*)$/.exec(text);
  if (!match) return undefined;
  return parseValid(`+${match[1] ?? ''}`, country);
}

function explainInvalid(text: string, input: string, country: CountryCode | undefined): PhoneRejection {
  const shown = input.trim();
  const reason = validatePhoneNumberLength(text, country);
  switch (reason) {
    case 'NOT_A_NUMBER':
      return reject('PHONE_NOT_A_NUMBER', `"${shown}" does not look like a phone number.`);
    case 'INVALID_COUNTRY':
      return reject('PHONE_NEEDS_COUNTRY', `"${shown}" has no country code: write it as +<country code><number> or choose a default country.`);
    case 'TOO_SHORT':
      return reject('PHONE_TOO_SHORT', `"${shown}" is too short for a phone number${countrySuffix(country)}.`);
    case 'TOO_LONG':
      return reject('PHONE_TOO_LONG', `"${shown}" is too long for a phone number${countrySuffix(country)}.`);
    case 'INVALID_LENGTH':
      return reject('PHONE_INVALID_LENGTH', `"${shown}" has a length no number${countrySuffix(country)} has.`);
    case undefined:
      return reject('PHONE_INVALID', `"${shown}" is not a valid phone number${countrySuffix(country)}; check the digits.`);
    default:
      return assertNever(reason);
  }
}

function countrySuffix(country: CountryCode | undefined): string {
  return country ? ` (default country ${country})` : '';
}

function reject(code: PhoneErrorCode, message: string): PhoneRejection {
  return { ok: false, code, message };
}

// ---------------------------------------------------------------------------------------------
// Zones

const EMPTY_ZONES: readonly string[] = Object.freeze([]);
const zoneSets: readonly (readonly string[])[] = ZONE_SETS.map((set) => Object.freeze(set.split(' ')));

const prefixZoneSet = new Map<string, number>();
let longestPrefix = 0;
for (let index = 0; index < PREFIX_ZONE_SETS.length; index += 2) {
  const prefix = String(PREFIX_ZONE_SETS[index]);
  prefixZoneSet.set(prefix, Number(PREFIX_ZONE_SETS[index + 1]));
  longestPrefix = Math.max(longestPrefix, prefix.length);
}

const countryZoneSet = new Map<string, number>();
for (let index = 0; index < COUNTRY_ZONE_SETS.length; index += 2) {
  countryZoneSet.set(String(COUNTRY_ZONE_SETS[index]), Number(COUNTRY_ZONE_SETS[index + 1]));
}

/** The canonical IANA zones of a country (ISO 3166 alpha-2), or an empty list. */
export function zonesForCountry(country: string): readonly string[] {
  const index = countryZoneSet.get(country.toUpperCase());
  return index === undefined ? EMPTY_ZONES : (zoneSets[index] ?? EMPTY_ZONES);
}

const narrowedCache = new Map<number, readonly string[]>();

/**
 * Zones for an E.164 number: the longest known prefix, narrowed to the country's zones (a
 * shared calling code such as +1 spans many countries); the country's zones when no prefix
 * is known or the two disagree.
 */
export function zonesForNumber(e164: string, country: string): { zones: readonly string[]; source: PhoneZoneSource } {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  const countryIndex = countryZoneSet.get(country);
  const countryZones = countryIndex === undefined ? EMPTY_ZONES : (zoneSets[countryIndex] ?? EMPTY_ZONES);

  for (let length = Math.min(longestPrefix, digits.length); length > 0; length--) {
    const prefixIndex = prefixZoneSet.get(digits.slice(0, length));
    if (prefixIndex === undefined) continue;
    const zones = narrowToCountry(prefixIndex, countryIndex, countryZones);
    if (zones.length === 0) break;
    // A prefix no longer than a calling code says no more than the country does.
    const source: PhoneZoneSource = length > callingCodeLength(digits) && zones !== countryZones ? 'prefix' : 'country';
    return { zones, source };
  }
  return countryZones.length > 0 ? { zones: countryZones, source: 'country' } : { zones: EMPTY_ZONES, source: 'none' };
}

function narrowToCountry(prefixIndex: number, countryIndex: number | undefined, countryZones: readonly string[]): readonly string[] {
  const prefixZones = zoneSets[prefixIndex] ?? EMPTY_ZONES;
  if (countryIndex === undefined) return prefixZones;
  if (countryIndex === prefixIndex) return countryZones;
  const key = prefixIndex * 65536 + countryIndex;
  let narrowed = narrowedCache.get(key);
  if (narrowed === undefined) {
    const inCountry = prefixZones.filter((zone) => countryZones.includes(zone));
    narrowed = Object.freeze(inCountry.length > 0 ? inCountry : countryZones.length > 0 ? [...countryZones] : [...prefixZones]);
    if (narrowed.length === countryZones.length) narrowed = countryZones;
    narrowedCache.set(key, narrowed);
  }
  return narrowed;
}

/** Country calling codes are prefix-free: 1, 7, 20, 27, 30…, 2xx, 3xx… (ITU E.164). */
function callingCodeLength(digits: string): number {
  const first = digits.charCodeAt(0) - 48;
  if (first === 1 || first === 7) return 1;
  const two = Number(digits.slice(0, 2));
  if (ONE_OF_TWO_DIGIT_CODES.has(two)) return 2;
  return 3;
}

const ONE_OF_TWO_DIGIT_CODES = new Set([
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91,
  92, 93, 94, 95, 98,
]);

// ---------------------------------------------------------------------------------------------
// A recipient's zone, with how it was found

/**
 * The canonical IANA name for a zone name or alias ("Asia/Calcutta" → "Asia/Kolkata"), or
 * undefined when the name is not a zone.
 */
export function canonicalZoneName(name: string): string | undefined {
  const trimmed = name.trim();
  const info = getTimezone(trimmed);
  if (info) return info.aliasOf ?? info.name;
  // Names unknown to the alias table but valid for the time library (e.g. "UTC", "Etc/GMT-5").
  return IANAZone.isValidZone(trimmed) ? trimmed : undefined;
}

/**
 * Where a recipient's zones come from, in order of trust: a zone column, the phone prefix when it
 * is specific, the phone's country, else unknown. An unusable column value is reported, never
 * silently replaced by a guess.
 */
export function zoneChoiceFor(phone: NormalizedPhone, columnZone?: string): ZoneChoice {
  if (columnZone !== undefined && columnZone.trim() !== '') {
    const zone = canonicalZoneName(columnZone);
    return zone
      ? { zones: [zone], zoneMethod: 'column', zoneKey: columnZone.trim() }
      : { zones: [], zoneMethod: 'unknown', zoneKey: `unknown time zone "${columnZone.trim()}"` };
  }
  switch (phone.zoneSource) {
    case 'prefix':
      return { zones: phone.zones, zoneMethod: 'prefix', zoneKey: prefixKey(phone) };
    case 'country':
      return { zones: phone.zones, zoneMethod: 'country', zoneKey: phone.country };
    case 'none':
      return { zones: [], zoneMethod: 'unknown', zoneKey: phone.country };
    default:
      return assertNever(phone.zoneSource);
  }
}

/** The prefix that decided the zones, e.g. "+1907", for reports. */
function prefixKey(phone: NormalizedPhone): string {
  const digits = phone.e164.slice(1);
  for (let length = Math.min(longestPrefix, digits.length); length > 0; length--) {
    if (prefixZoneSet.has(digits.slice(0, length))) return `+${digits.slice(0, length)}`;
  }
  return phone.country;
}
