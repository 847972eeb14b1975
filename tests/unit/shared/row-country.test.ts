import { describe, expect, it } from 'vitest';
import { countryOfCallingCode, parseCountryCell } from '../../../shared/country-input';
import { readRowPhone } from '../../../shared/row-phone';
import { suggestMapping } from '../../../electron/core/audiences/file-preview';

describe('a Country cell', () => {
  it.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    ['UK', 'GB'],
    ['GBR', 'GB'],
    ['United Kingdom', 'GB'],
    ['united kingdom ', 'GB'],
    ['Great Britain', 'GB'],
    ['India', 'IN'],
    ['IND', 'IN'],
    ['in', 'IN'],
    ['United Arab Emirates', 'AE'],
    ['U.A.E.', 'AE'],
    ['UAE', 'AE'],
    ['Singapore', 'SG'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['Australia', 'AU'],
    ['Côte d’Ivoire', 'CI'],
    ['Kosovo', 'XK'],
  ])('names a country by ISO code or English name: %s → %s', (cell, code) => {
    expect(parseCountryCell(cell)).toBe(code);
  });

  it.each([
    ['44', 'GB'],
    ['+44', 'GB'],
    ['0044', 'GB'],
    ['+ 91', 'IN'],
    ['971', 'AE'],
    ['65', 'SG'],
    ['1', 'US'],
    ['+61', 'AU'],
  ])('names a country by its dialling code: %s → %s', (cell, code) => {
    expect(parseCountryCell(cell)).toBe(code);
  });

  it('names no country for words, unknown codes and unused dialling codes', () => {
    for (const cell of ['Narnia', 'XX', 'ZZZ', '999', '+0', '']) expect(parseCountryCell(cell)).toBeUndefined();
  });

  it('maps a shared dialling code to its main country', () => {
    expect(countryOfCallingCode('1')).toBe('US');
    expect(countryOfCallingCode('7')).toBe('RU');
    expect(countryOfCallingCode('44')).toBe('GB');
  });
});

describe('a row number read with its country', () => {
  it("reads a national number in the row's country, not the default", () => {
    const uk = readRowPhone('07960 364004', 'United Kingdom', 'IN');
    expect(uk).toMatchObject({ ok: true, countrySource: 'row', phone: { e164: '+447960364004', country: 'GB' } });
    const us = readRowPhone('213.770.0626', '+1', 'IN');
    expect(us).toMatchObject({ ok: true, countrySource: 'row', phone: { e164: '+12137700626', country: 'US' } });
    const ae = readRowPhone('050 123 4567', 'AE', 'IN');
    expect(ae).toMatchObject({ ok: true, countrySource: 'row', phone: { e164: '+971501234567', country: 'AE' } });
  });

  it('uses the default country only for rows without one', () => {
    expect(readRowPhone('98100 12345', '', 'IN')).toMatchObject({ ok: true, countrySource: 'default', phone: { e164: '+919810012345' } });
    expect(readRowPhone('98100 12345', null, 'IN')).toMatchObject({ ok: true, countrySource: 'default', phone: { e164: '+919810012345' } });
  });

  it("keeps a number's own +code whatever the row or the default say", () => {
    expect(readRowPhone('+44 7960 364004', 'IN', 'IN')).toMatchObject({ ok: true, countrySource: 'number', phone: { country: 'GB' } });
    expect(readRowPhone('0044 7960 364004', 'US', 'IN')).toMatchObject({ ok: true, countrySource: 'number', phone: { country: 'GB' } });
    expect(readRowPhone('+65 8123 4567', null, null)).toMatchObject({ ok: true, countrySource: 'number', phone: { country: 'SG' } });
  });

  it("reads a number valid in both countries with the row's country", () => {
    // "98100 12345" is an Indian mobile and also a valid UK number (+44 9810 012345): the row decides.
    expect(readRowPhone('98100 12345', 'GB', 'IN')).toMatchObject({ ok: true, countrySource: 'row', phone: { e164: '+449810012345' } });
    expect(readRowPhone('98100 12345', 'IN', 'GB')).toMatchObject({ ok: true, countrySource: 'row', phone: { country: 'IN', e164: '+919810012345' } });
    // Without a row country, the default decides.
    expect(readRowPhone('98100 12345', '', 'GB')).toMatchObject({ ok: true, countrySource: 'default', phone: { e164: '+449810012345' } });
  });

  it('refuses a number valid in neither, naming both countries', () => {
    const result = readRowPhone('12345', 'GB', 'IN');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('PHONE_INVALID_IN_ROW_COUNTRY');
      expect(result.message).toContain('United Kingdom');
      expect(result.message).toContain('India');
    }
  });

  it('refuses a number that only fits the default when the row names another country (it would change country)', () => {
    // An Indian mobile (+91 63000 12345) that no UK number plan allows.
    const result = readRowPhone('63000 12345', 'United Kingdom', 'IN');
    expect(result).toMatchObject({ ok: false, code: 'PHONE_INVALID_IN_ROW_COUNTRY' });
    if (!result.ok) expect(result.message).toMatch(/would be valid in India/);
  });

  it('refuses a national number whose row names no country we know', () => {
    expect(readRowPhone('07960 364004', 'Narnia', 'GB')).toMatchObject({ ok: false, code: 'COUNTRY_UNKNOWN' });
    // …but a number with its +code does not need the row's country.
    expect(readRowPhone('+447960364004', 'Narnia', 'GB')).toMatchObject({ ok: true, countrySource: 'number' });
  });
});

describe('the Country mapping is suggested from the header', () => {
  it.each(['Country', 'country_code', 'CountryCode', 'ISO', 'iso2', 'CC', 'Nation', 'Dialling code'])('%s', (header) => {
    const mapping = suggestMapping(
      [
        ['Phone', 'Name', header],
        ['07960 364004', 'Ann', 'GB'],
      ],
      3,
    );
    expect(mapping.country).toBe(2);
    expect(mapping.customFields.map((field) => field.column)).not.toContain(2);
  });
});
