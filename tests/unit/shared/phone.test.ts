import { getTimezone } from 'countries-and-timezones';
import fc from 'fast-check';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ZONE_SETS } from '../../../shared/data/phone-zones';
import { canonicalZoneName, normalizePhone, zoneChoiceFor, zonesForCountry, zonesForNumber } from '../../../shared/phone';

function expectOk(input: string, defaultCountry?: string) {
  const result = normalizePhone(input, defaultCountry);
  if (!result.ok) throw new Error(`${input}: ${result.code} ${result.message}`);
  return result;
}

function expectRejected(input: string, defaultCountry?: string) {
  const result = normalizePhone(input, defaultCountry);
  if (result.ok) throw new Error(`${input} was accepted as ${result.e164}`);
  return result;
}

describe('normalizePhone formats', () => {
  it('reads international, 00, national and punctuated forms of the same number alike', () => {
    for (const input of ['+91 98123 45678', '+91-98123-45678', '0091 98123 45678', '(+91) 9812345678', '+919812345678']) {
      expect(expectOk(input).e164, input).toBe('+919812345678');
    }
    for (const input of ['98123 45678', '098123-45678', '+91 98123 45678']) {
      expect(expectOk(input, 'IN').e164, input).toBe('+919812345678');
    }
    expect(expectOk('(212) 555-0123', 'us')).toMatchObject({ e164: '+12125550123', country: 'US' });
    expect(expectOk('0049 30 12345678', 'US').e164).toBe('+493012345678');
    // The country's own international prefix still works (011 from the US).
    expect(expectOk('011 44 20 7946 0958', 'US').e164).toBe('+442079460958');
  });

  it('normalises every country’s example mobile number in every common format', () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example?.isValid()) continue;
      const formats = [example.number, example.formatInternational(), example.number.replace('+', '00'), example.getURI().replace('tel:', '')];
      for (const format of formats) expect(expectOk(format).e164, `${country} ${format}`).toBe(example.number);
      const national = expectOk(example.formatNational(), country);
      expect(national.e164, `${country} national`).toBe(example.number);
      // Countries sharing a plan (AX and FI, GG and GB…) resolve to the one libphonenumber picks.
      expect(national.country, `${country} national`).toBe(parsePhoneNumberFromString(example.number)?.country);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('accepts exactly what libphonenumber-js (max) calls valid', () => {
    fc.assert(
      fc.property(fc.constantFrom('1', '44', '49', '91', '33', '61', '7', '86', '971', '55'), fc.stringMatching(/^\d{4,12}$/), (code, rest) => {
        const input = `+${code}${rest}`;
        const library = parsePhoneNumberFromString(input);
        const result = normalizePhone(input);
        expect(result.ok).toBe(library?.isValid() ?? false);
        if (result.ok) expect(result.e164).toBe(library?.number);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normalizePhone rejections', () => {
  it.each([
    ['', undefined, 'PHONE_EMPTY'],
    ['   ', undefined, 'PHONE_EMPTY'],
    ['call me', undefined, 'PHONE_NOT_A_NUMBER'],
    ['9812345678', undefined, 'PHONE_NEEDS_COUNTRY'],
    ['+91 98123', undefined, 'PHONE_TOO_SHORT'],
    ['+49 30 1234567890123456', undefined, 'PHONE_TOO_LONG'],
    ['+1 555 555 5555', undefined, 'PHONE_INVALID'],
    ['98123 45678', 'XX', 'PHONE_UNKNOWN_DEFAULT_COUNTRY'],
  ] as const)('%j (default %s) → %s', (input, country, code) => {
    const result = expectRejected(input, country);
    expect(result.code).toBe(code);
    expect(result.message.length).toBeGreaterThan(20);
  });
});

describe('zones', () => {
  it('uses canonical IANA names that the time library knows', () => {
    const names = new Set(ZONE_SETS.flatMap((set) => set.split(' ')));
    expect(names.size).toBeGreaterThan(200);
    for (const name of names) {
      expect(getTimezone(name)?.aliasOf ?? null, name).toBeNull();
      expect(IANAZone.isValidZone(name), name).toBe(true);
    }
    expect(names.has('Asia/Calcutta')).toBe(false);
    expect(expectOk('+91 98123 45678').zones).toEqual(['Asia/Kolkata']);
  });

  it('narrows by prefix when the prefix is specific', () => {
    expect(expectOk('+1 212 555 0123')).toMatchObject({ zones: ['America/New_York'], zoneSource: 'prefix' });
    expect(expectOk('+1 310 555 0123')).toMatchObject({ zones: ['America/Los_Angeles'], zoneSource: 'prefix' });
    expect(expectOk('+61 2 9876 5432')).toMatchObject({ zones: ['Australia/Sydney'], zoneSource: 'prefix' });
    const alaska = expectOk('+1 907 555 0123');
    expect(alaska.zones.length).toBeGreaterThan(1);
    expect(alaska.zones).toContain('America/Anchorage');
  });

  it('falls back to the country’s zones, several when the country spans offsets', () => {
    expect(expectOk('+33 6 12 34 56 78')).toMatchObject({ zones: ['Europe/Paris'], zoneSource: 'country' });
    const kiribati = expectOk('+686 7312 3456');
    expect(kiribati.zones).toContain('Pacific/Kiritimati');
    expect(kiribati.zones).toContain('Pacific/Tarawa');
    expect(expectOk('+685 72 12345').zones).toEqual(['Pacific/Apia']);
    expect(zonesForCountry('in')).toEqual(['Asia/Kolkata']);
    expect(zonesForCountry('ZZ')).toEqual([]);
  });

  it('never claims a zone outside the number’s country when the country has zones', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example?.country) continue;
      const { zones } = zonesForNumber(example.number, example.country);
      const countryZones = zonesForCountry(example.country);
      if (countryZones.length > 0) for (const zone of zones) expect(countryZones, `${country} ${zone}`).toContain(zone);
    }
  });

  it('returns no zones for non-geographic numbers', () => {
    expect(expectOk('+800 1234 5678')).toMatchObject({ country: '001', zones: [], zoneSource: 'none' });
  });
});

describe('zoneChoiceFor', () => {
  it('prefers a zone column, canonicalised', () => {
    const phone = expectOk('+1 212 555 0123');
    expect(zoneChoiceFor(phone, 'Asia/Calcutta')).toEqual({ zones: ['Asia/Kolkata'], zoneMethod: 'column', zoneKey: 'Asia/Calcutta' });
    expect(zoneChoiceFor(phone, ' Europe/Kiev ')).toMatchObject({ zones: ['Europe/Kyiv'], zoneMethod: 'column' });
    expect(zoneChoiceFor(phone, 'Mars/Base')).toEqual({ zones: [], zoneMethod: 'unknown', zoneKey: 'unknown time zone "Mars/Base"' });
  });

  it('falls back to the phone prefix, then the country, then unknown', () => {
    expect(zoneChoiceFor(expectOk('+1 907 555 0123'))).toMatchObject({ zoneMethod: 'prefix', zoneKey: '+1907' });
    expect(zoneChoiceFor(expectOk('+1 212 555 0123'), '')).toEqual({ zones: ['America/New_York'], zoneMethod: 'prefix', zoneKey: '+1212' });
    expect(zoneChoiceFor(expectOk('+91 98123 45678'))).toEqual({ zones: ['Asia/Kolkata'], zoneMethod: 'country', zoneKey: 'IN' });
    expect(zoneChoiceFor(expectOk('+800 1234 5678'))).toEqual({ zones: [], zoneMethod: 'unknown', zoneKey: '001' });
  });

  it('canonicalises zone names and rejects non-zones', () => {
    expect(canonicalZoneName('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalZoneName('Asia/Calcutta')).toBe('Asia/Kolkata');
    expect(canonicalZoneName('UTC')).toBe('Etc/UTC');
    expect(canonicalZoneName('India')).toBeUndefined();
  });
});
