import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { destinationCountry, destinationCountryOfAccepted } from '../../../shared/destination-country';

describe('destination country of a number the platform accepted', () => {
  it('equals the full parse (the sandbox rule) for numbers of single- and shared-code countries', () => {
    const codes = ['1', '7', '44', '91', '971', '65', '49', '61', '262', '590', '599', '86', '234', '52'];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.stringMatching(/^[1-9][0-9]{7,10}$/), (code, national) => {
        const e164 = `+${code}${national}`;
        if (destinationCountry(e164) === null) return;
        expect(destinationCountryOfAccepted(e164)).toBe(destinationCountry(e164));
      }),
      { numRuns: 2_000 },
    );
  });

  it('names the country of shared calling codes from the whole number', () => {
    expect(destinationCountryOfAccepted('+14165550123')).toBe(destinationCountry('+14165550123'));
    expect(destinationCountryOfAccepted('+16135550123')).toBe(destinationCountry('+16135550123'));
    expect(destinationCountryOfAccepted('+447781123456')).toBe('GG');
    expect(destinationCountryOfAccepted('+919812345678')).toBe('IN');
  });
});
