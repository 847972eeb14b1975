import type { RecipientColumns, ZoneChoice } from '../../../shared/schedule';
import type { Random } from '../../support/random';

/** 40 zones across 20 countries, including half-hour, 45-minute and date-line zones. */
const ZONES: readonly (readonly [zone: string, country: string])[] = [
  ['Asia/Kolkata', 'IN'],
  ['America/New_York', 'US'],
  ['America/Chicago', 'US'],
  ['America/Denver', 'US'],
  ['America/Los_Angeles', 'US'],
  ['America/Anchorage', 'US'],
  ['Pacific/Honolulu', 'US'],
  ['America/Phoenix', 'US'],
  ['Europe/London', 'GB'],
  ['Europe/Berlin', 'DE'],
  ['Europe/Paris', 'FR'],
  ['Australia/Sydney', 'AU'],
  ['Australia/Adelaide', 'AU'],
  ['Australia/Perth', 'AU'],
  ['Australia/Lord_Howe', 'AU'],
  ['America/Toronto', 'CA'],
  ['America/Vancouver', 'CA'],
  ['America/St_Johns', 'CA'],
  ['America/Halifax', 'CA'],
  ['America/Sao_Paulo', 'BR'],
  ['America/Manaus', 'BR'],
  ['America/Mexico_City', 'MX'],
  ['America/Tijuana', 'MX'],
  ['Asia/Jakarta', 'ID'],
  ['Asia/Makassar', 'ID'],
  ['Asia/Jayapura', 'ID'],
  ['Africa/Lagos', 'NG'],
  ['Asia/Dubai', 'AE'],
  ['Asia/Riyadh', 'SA'],
  ['Asia/Singapore', 'SG'],
  ['Asia/Tokyo', 'JP'],
  ['Africa/Johannesburg', 'ZA'],
  ['Europe/Madrid', 'ES'],
  ['Atlantic/Canary', 'ES'],
  ['Europe/Rome', 'IT'],
  ['Asia/Kathmandu', 'NP'],
  ['Pacific/Kiritimati', 'KI'],
  ['Pacific/Tarawa', 'KI'],
  ['Pacific/Apia', 'WS'],
  ['Pacific/Chatham', 'NZ'],
];

export const BENCH_RATE_CARD = {
  currency: 'INR',
  unitPrices: {
    IN: '0.12',
    US: '0.6475',
    GB: '3.1',
    DE: '6.25',
    FR: '5.9',
    AU: '3.35',
    CA: '0.71',
    BR: '1.75',
    MX: '1.3',
    ID: '2.85',
    NG: '2.2',
    AE: '1.95',
    SA: '2.4',
    SG: '2.6',
    JP: '5.4',
    ZA: '1.4',
    ES: '5.2',
    IT: '5.6',
    NP: '1.6',
  },
} as const;

/**
 * A million-recipient audience as columns: zone choice (a few recipients have several candidate
 * zones or none), country, variant (3 languages) and each personalised message's units.
 */
export function generateAudience(random: Random, count: number): RecipientColumns {
  const countries = [...new Set(ZONES.map(([, country]) => country))];
  const zoneChoices: ZoneChoice[] = ZONES.map(([zone]) => ({ zones: [zone], zoneMethod: 'prefix' as const }));
  zoneChoices.push({ zones: ['America/New_York', 'America/Chicago'], zoneMethod: 'prefix', zoneKey: '+1 (shared prefix)' });
  const zoneChoice = new Int32Array(count);
  const country = new Int32Array(count);
  const variant = new Int32Array(count);
  const units = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const roll = random.next();
    const choice = roll < 0.01 ? -1 : roll < 0.02 ? ZONES.length : random.int(ZONES.length);
    zoneChoice[row] = choice;
    const zoneCountry = choice >= 0 && choice < ZONES.length ? ZONES[choice]?.[1] : 'US';
    country[row] = choice < 0 ? -1 : countries.indexOf(zoneCountry ?? 'US');
    variant[row] = random.int(3);
    units[row] = 1 + (random.next() < 0.3 ? 1 : 0) + (random.next() < 0.05 ? 1 : 0);
  }
  return { count, zoneChoice, zoneChoices, country, countries, variant, variants: ['en', 'hi', 'es'], units };
}
