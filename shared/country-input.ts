/**
 * A row's Country cell as people write it — an ISO code ("GB", "gbr"), an English name ("United
 * Kingdom", "UK", "U.A.E."), or a dialling code ("44", "+44", "0044") — read as an ISO 3166
 * alpha-2 code the phone parser understands.
 */
import { getAllCountries } from 'countries-and-timezones';
import { getCountries, isSupportedCountry } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';

export { COUNTRY_SOURCES, COUNTRY_SOURCE_LABELS, type CountrySource } from './country-source';

/** Names people and CRMs use that are not the English short name countries-and-timezones carries. */
const EXTRA_NAMES: Readonly<Record<string, string>> = {
  uk: 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  usa: 'US',
  'united states': 'US',
  us: 'US',
  'united states of america': 'US',
  america: 'US',
  uae: 'AE',
  emirates: 'AE',
  'the netherlands': 'NL',
  holland: 'NL',
  'south korea': 'KR',
  korea: 'KR',
  'republic of korea': 'KR',
  'north korea': 'KP',
  russia: 'RU',
  'russian federation': 'RU',
  vietnam: 'VN',
  'viet nam': 'VN',
  'czech republic': 'CZ',
  czechia: 'CZ',
  'ivory coast': 'CI',
  "cote d'ivoire": 'CI',
  'cote divoire': 'CI',
  'hong kong sar': 'HK',
  macau: 'MO',
  bharat: 'IN',
  // Countries libphonenumber knows that countries-and-timezones does not name.
  kosovo: 'XK',
  'ascension island': 'AC',
  'tristan da cunha': 'TA',
  ksa: 'SA',
};

function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[.’]/g, '')
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const countryOfName = new Map<string, string>();
const countryOfAlpha3 = new Map<string, string>();
for (const country of Object.values(getAllCountries())) {
  countryOfName.set(nameKey(country.name), country.id);
}
for (const [name, code] of Object.entries(EXTRA_NAMES)) countryOfName.set(nameKey(name), code);
for (const [alpha3, alpha2] of Object.entries(ALPHA3())) countryOfAlpha3.set(alpha3, alpha2);

/** ISO 3166 alpha-3 → alpha-2 for the countries libphonenumber knows: CRMs export "GBR", "IND", "ARE". */
function ALPHA3(): Record<string, string> {
  return {
    AFG: 'AF',
    ARE: 'AE',
    ARG: 'AR',
    AUS: 'AU',
    AUT: 'AT',
    BEL: 'BE',
    BGD: 'BD',
    BHR: 'BH',
    BRA: 'BR',
    CAN: 'CA',
    CHE: 'CH',
    CHL: 'CL',
    CHN: 'CN',
    COL: 'CO',
    CZE: 'CZ',
    DEU: 'DE',
    DNK: 'DK',
    EGY: 'EG',
    ESP: 'ES',
    FIN: 'FI',
    FRA: 'FR',
    GBR: 'GB',
    GRC: 'GR',
    HKG: 'HK',
    HUN: 'HU',
    IDN: 'ID',
    IND: 'IN',
    IRL: 'IE',
    ISR: 'IL',
    ITA: 'IT',
    JPN: 'JP',
    KEN: 'KE',
    KOR: 'KR',
    KWT: 'KW',
    LKA: 'LK',
    MEX: 'MX',
    MYS: 'MY',
    NGA: 'NG',
    NLD: 'NL',
    NOR: 'NO',
    NPL: 'NP',
    NZL: 'NZ',
    OMN: 'OM',
    PAK: 'PK',
    PER: 'PE',
    PHL: 'PH',
    POL: 'PL',
    PRT: 'PT',
    QAT: 'QA',
    ROU: 'RO',
    RUS: 'RU',
    SAU: 'SA',
    SGP: 'SG',
    SWE: 'SE',
    THA: 'TH',
    TUR: 'TR',
    TWN: 'TW',
    UKR: 'UA',
    USA: 'US',
    VNM: 'VN',
    ZAF: 'ZA',
  };
}

const callingCodes = (metadata as { country_calling_codes: Record<string, string[]> }).country_calling_codes;

/** The main country of a dialling code ("44" → GB, "1" → US, "61" → AU), or undefined. */
export function countryOfCallingCode(code: string): string | undefined {
  return callingCodes[code]?.[0];
}

/**
 * The ISO alpha-2 country a cell names, or undefined when it names none we know. Digits are a
 * dialling code; two letters an ISO code; three letters an alpha-3 code or a name ("UAE").
 */
export function parseCountryCell(cell: string): string | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  const dialling = /^(?:\+|00)?\s*(\d{1,4})$/.exec(text);
  if (dialling) return countryOfCallingCode(String(Number(dialling[1])));
  if (/^[A-Za-z]{2}$/.test(text)) {
    const upper = text.toUpperCase();
    if (upper === 'UK') return 'GB';
    return isSupportedCountry(upper) ? upper : undefined;
  }
  const key = nameKey(text);
  if (/^[A-Za-z]{3}$/.test(text)) {
    const named = countryOfName.get(key);
    if (named !== undefined) return named;
    return countryOfAlpha3.get(text.toUpperCase());
  }
  const named = countryOfName.get(key) ?? countryOfName.get(key.replace(/^the /, ''));
  return named !== undefined && isSupportedCountry(named) ? named : undefined;
}

/** Every country the phone parser supports: what a Country cell may resolve to. */
export const SUPPORTED_COUNTRIES: readonly string[] = getCountries();

/** The English name of a country code, for messages ("GB" → "United Kingdom"). */
export function countryName(code: string): string {
  return Object.hasOwn(nameByCode, code) ? (nameByCode[code] ?? code) : code;
}
const nameByCode: Record<string, string> = Object.fromEntries(Object.values(getAllCountries()).map((country) => [country.id, country.name]));
