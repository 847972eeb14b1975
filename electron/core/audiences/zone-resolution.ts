import { getAllTimezones } from 'countries-and-timezones';
import { zonesForCountry, type NormalizedPhone } from '../../../shared/phone';

export type ResolvedZoneSource = 'column' | 'prefix' | 'country' | 'unknown';

export interface ResolvedZone {
  /** Canonical IANA name, or null when unknown or ambiguous. */
  zone: string | null;
  source: ResolvedZoneSource;
  /** Where the zone is ambiguous: the zones it could be. */
  candidates: readonly string[] | null;
}

const canonicalByLowerName = new Map<string, string>();
for (const zone of Object.values(getAllTimezones({ deprecated: true }))) {
  canonicalByLowerName.set(zone.name.toLowerCase(), zone.aliasOf ?? zone.name);
}

/** A zone column's value as a canonical IANA name ("asia/calcutta" → "Asia/Kolkata"), or null. */
export function canonicalZone(value: string): string | null {
  const name = value.trim();
  if (name === '') return null;
  const canonical = canonicalByLowerName.get(name.toLowerCase());
  if (canonical === undefined) return null;
  // An alias may point at another alias; follow the chain (bounded) to the end.
  let current = canonical;
  for (let hops = 0; hops < 4; hops++) {
    const next = canonicalByLowerName.get(current.toLowerCase());
    if (next === undefined || next === current) break;
    current = next;
  }
  return current;
}

/**
 * A recipient's zone, in this order: a valid zone column; the number's prefix when it maps to
 * exactly one zone; the country's zones (one is the zone, several are candidates); else unknown.
 */
export function resolveZone(phone: NormalizedPhone, zoneColumn: string | null): ResolvedZone {
  if (zoneColumn !== null) {
    const zone = canonicalZone(zoneColumn);
    if (zone !== null) return { zone, source: 'column', candidates: null };
  }
  if (phone.zoneSource === 'prefix' && phone.zones.length === 1) {
    return { zone: phone.zones[0] ?? null, source: 'prefix', candidates: null };
  }
  // A country the zone dataset does not list (Kosovo) still has the zones its calling code maps to.
  const listed = zonesForCountry(phone.country);
  const countryZones = listed.length > 0 ? listed : phone.zones;
  if (countryZones.length === 1) return { zone: countryZones[0] ?? null, source: 'country', candidates: null };
  if (countryZones.length > 1) {
    // The prefix may already narrow the country's zones down to a few: offer those.
    const candidates = phone.zoneSource === 'prefix' && phone.zones.length > 1 ? phone.zones : countryZones;
    return { zone: null, source: 'unknown', candidates };
  }
  return { zone: null, source: 'unknown', candidates: null };
}
