import { describe, expect, it } from 'vitest';
import { normalizePhone, type NormalizedPhone } from '../../../shared/phone';
import { canonicalZone, resolveZone } from '../../../electron/core/audiences/zone-resolution';

function phone(input: string, country?: string): NormalizedPhone {
  const result = normalizePhone(input, country);
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('zone resolution', () => {
  it('canonicalises zone names, case-insensitively, and refuses what is not a zone', () => {
    expect(canonicalZone('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZone(' europe/berlin ')).toBe('Europe/Berlin');
    expect(canonicalZone('US/Eastern')).toBe('America/New_York');
    expect(canonicalZone('Mars/Olympus')).toBeNull();
    expect(canonicalZone('')).toBeNull();
  });

  it('a valid zone column wins over everything else', () => {
    expect(resolveZone(phone('+12125550100'), 'Asia/Calcutta')).toEqual({ zone: 'Asia/Kolkata', source: 'column', candidates: null });
  });

  it('an invalid zone column falls back to the phone prefix when it maps to one zone', () => {
    expect(resolveZone(phone('+12125550100'), 'somewhere')).toEqual({ zone: 'America/New_York', source: 'prefix', candidates: null });
  });

  it('then the country: one zone is the zone, several are candidates', () => {
    expect(resolveZone(phone('9810000001', 'IN'), null)).toEqual({ zone: 'Asia/Kolkata', source: 'country', candidates: null });
    const germany = resolveZone(phone('+4915112345678'), null);
    expect(germany).toEqual({ zone: null, source: 'unknown', candidates: ['Europe/Berlin', 'Europe/Zurich'] });
    const tollFree = resolveZone(phone('+18885551234'), null);
    expect(tollFree.zone).toBeNull();
    expect(tollFree.candidates).toContain('America/Chicago');
  });

  it('else unknown, without candidates', () => {
    expect(resolveZone(phone('+80012345678'), null)).toEqual({ zone: null, source: 'unknown', candidates: null });
  });
});
