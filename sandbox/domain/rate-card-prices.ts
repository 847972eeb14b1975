import { COUNTRY_ZONE_SETS, ZONE_SETS } from '../../shared/data/phone-zones';
import type { RateCardEntry } from '../store/rate-card-repository';

/**
 * A price for every country the phone-zone data covers, so that no destination an audience can
 * hold is a dead end in the sandbox. Countries a seed names keep their price; the others get a
 * plausible A2P price per SMS segment for their region (US cents, converted for other currencies),
 * in the range real aggregators charge.
 */
const REGION_PRICE_US_CENTS: Readonly<Record<string, number>> = {
  America: 4,
  Europe: 7,
  Asia: 5,
  Africa: 9,
  Australia: 4,
  Pacific: 8,
  Atlantic: 8,
  Indian: 8,
};
const DEFAULT_PRICE_US_CENTS = 8;
/** Minor units of the currency per US cent: paise per cent at a round rate. */
const MINOR_PER_US_CENT: Readonly<Record<string, number>> = { USD: 1, INR: 85 };

/** The region most of a country's zones are in ("Australia/Brisbane …" → "Australia"; Macquarie Island does not make Australia Antarctic). */
function regionOf(zoneSetIndex: number): string {
  const counts = new Map<string, number>();
  for (const zone of (ZONE_SETS[zoneSetIndex] ?? '').split(' ')) {
    const region = zone.split('/')[0] ?? '';
    counts.set(region, (counts.get(region) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
}

export function completeRateCard(explicit: readonly RateCardEntry[], currency: string): RateCardEntry[] {
  const perCent = MINOR_PER_US_CENT[currency] ?? 1;
  const priced = new Map(explicit.map((entry) => [entry.country, entry.priceMinor]));
  for (let index = 0; index < COUNTRY_ZONE_SETS.length; index += 2) {
    const country = String(COUNTRY_ZONE_SETS[index]);
    if (priced.has(country)) continue;
    const cents = REGION_PRICE_US_CENTS[regionOf(Number(COUNTRY_ZONE_SETS[index + 1]))] ?? DEFAULT_PRICE_US_CENTS;
    priced.set(country, cents * perCent);
  }
  return [...priced.entries()].map(([country, priceMinor]) => ({ country, priceMinor }));
}
