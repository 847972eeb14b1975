import { describe, expect, it } from 'vitest';
import {
  canonicalZone,
  crossCheck,
  EXPLAINED_EXCEPTIONS,
  geocodedPrefixes,
  isExplained,
  referencePrefixZones,
  sameClock,
} from '../../../build/scripts/phone-zone-crosscheck';
import { PREFIX_ZONE_SETS, ZONE_SETS } from '../../../shared/data/phone-zones';
import { normalizePhone } from '../../../shared/phone';

/** The generated table as it ships: longest prefix wins, zones as listed (not yet narrowed to a country). */
function shippedTable(): (digits: string) => readonly string[] | null {
  const sets = ZONE_SETS.map((set) => set.split(' '));
  const table = new Map<string, readonly string[]>();
  let longest = 0;
  for (let index = 0; index < PREFIX_ZONE_SETS.length; index += 2) {
    const prefix = String(PREFIX_ZONE_SETS[index]);
    table.set(prefix, sets[Number(PREFIX_ZONE_SETS[index + 1])] ?? []);
    longest = Math.max(longest, prefix.length);
  }
  return (digits) => {
    for (let length = Math.min(longest, digits.length); length > 0; length--) {
      const zones = table.get(digits.slice(0, length));
      if (zones) return zones;
    }
    return null;
  };
}

const zonesOf = (number: string) => {
  const result = normalizePhone(number);
  if (!result.ok) throw new Error(`${number} should be valid`);
  return result.zones;
};

describe('the prefix → zone table against the geocoder and a place → zone dataset', () => {
  it('agrees on every prefix the geocoder places, but for the explained exceptions', { timeout: 120_000 }, () => {
    const geocoded = geocodedPrefixes();
    // The cross-check must actually judge something: most placed prefixes resolve to one clock.
    expect(geocoded.filter((entry) => entry.zone !== null).length).toBeGreaterThan(100_000);
    const disagreements = crossCheck(shippedTable(), geocoded);
    const unexplained = disagreements.filter((disagreement) => !isExplained(disagreement));
    expect(unexplained.slice(0, 20)).toEqual([]);
    expect(unexplained.length).toBe(0);
    // The same check fails on the uncorrected reference table (Queensland on Sydney time among others).
    const reference = referencePrefixZones();
    const referenceLookup = (digits: string) => {
      for (let length = digits.length; length > 0; length--) {
        const zones = reference[digits.slice(0, length)];
        if (zones !== undefined) return zones.split('&').map(canonicalZone);
      }
      return null;
    };
    const referenceWrong = crossCheck(referenceLookup, geocoded).filter((disagreement) => !isExplained(disagreement));
    expect(referenceWrong.some((d) => d.digits.startsWith('617') && d.placeZone === 'Australia/Brisbane')).toBe(true);
    // Every exception in the allow-list still explains something (no stale entries).
    for (const exception of EXPLAINED_EXCEPTIONS) {
      expect(
        disagreements.some((d) => d.digits.startsWith(exception.callingCode) && d.placeZone === exception.placeZone),
        exception.why,
      ).toBe(true);
    }
  });

  it('puts Queensland (+61 7) on Brisbane time, and the New South Wales places under +61 7 on Sydney time', () => {
    expect(zonesOf('+61 7 4051 2345')).toEqual(['Australia/Brisbane']); // Cairns
    expect(zonesOf('+61 7 5532 1234')).toEqual(['Australia/Brisbane']); // Southport
    expect(zonesOf('+61 7 4982 1234')).toEqual(['Australia/Brisbane']); // Emerald
    expect(zonesOf('+61 7 3221 1234')).toEqual(['Australia/Brisbane']); // Brisbane
    expect(zonesOf('+61 7 5536 1234')).toEqual(['Australia/Sydney']); // Tweed Heads, NSW
    expect(zonesOf('+61 2 9250 7111')).toEqual(['Australia/Sydney']);
  });

  it('leaves truly ambiguous prefixes ambiguous, with every candidate', () => {
    expect(zonesOf('+61 8 9021 1234').length).toBeGreaterThan(1);
  });

  it('treats zones that keep the same clock as agreeing, and others not', () => {
    expect(sameClock('America/Detroit', 'America/New_York')).toBe(true);
    expect(sameClock('Australia/Brisbane', 'Australia/Sydney')).toBe(false);
  });
});
