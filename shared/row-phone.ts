/**
 * One row's number read in the right country: its own +code first, else the row's Country cell,
 * else the default country. A row that names a country is never read with the default: that is
 * how a UK number became an Indian one.
 */
import { countryName, parseCountryCell } from './country-input';
import type { CountrySource } from './country-source';
import { normalizePhone, type NormalizedPhone, type PhoneRejection } from './phone';

export type RowPhoneErrorCode = 'COUNTRY_UNKNOWN' | 'PHONE_INVALID_IN_ROW_COUNTRY';

export interface RowPhone {
  readonly ok: true;
  readonly phone: NormalizedPhone;
  readonly countrySource: CountrySource;
}

export type RowPhoneResult = RowPhone | PhoneRejection | { readonly ok: false; readonly code: RowPhoneErrorCode; readonly message: string };

/** A number written with its calling code ("+44…", "0044…") reads the same in every country. */
function withOwnCode(raw: string): NormalizedPhone | undefined {
  const text = raw.trim();
  if (!/^[\s(]*(\+|00)/.test(text)) return undefined;
  const parsed = normalizePhone(text);
  return parsed.ok ? parsed : undefined;
}

export function readRowPhone(raw: string, countryCell: string | null, defaultCountry: string | null): RowPhoneResult {
  const own = withOwnCode(raw);
  if (own) return { ok: true, phone: own, countrySource: 'number' };

  const cell = countryCell?.trim() ?? '';
  if (cell === '') {
    const parsed = normalizePhone(raw, defaultCountry ?? undefined);
    return parsed.ok ? { ok: true, phone: parsed, countrySource: defaultCountry === null ? 'number' : 'default' } : parsed;
  }

  const rowCountry = parseCountryCell(cell);
  if (rowCountry === undefined) {
    return {
      ok: false,
      code: 'COUNTRY_UNKNOWN',
      message:
        `The row's Country "${cell}" is not a country we know: ` +
        'write an ISO code (GB), an English name (United Kingdom) or a dialling code (+44), or write the number with its +code.',
    };
  }
  const parsed = normalizePhone(raw, rowCountry);
  if (parsed.ok) return { ok: true, phone: parsed, countrySource: 'row' };

  const shown = raw.trim();
  const where = `${countryName(rowCountry)} (the row's Country column)`;
  if (defaultCountry !== null && defaultCountry !== rowCountry && normalizePhone(raw, defaultCountry).ok) {
    return {
      ok: false,
      code: 'PHONE_INVALID_IN_ROW_COUNTRY',
      message:
        `"${shown}" is not a valid number in ${where}. It would be valid in ${countryName(defaultCountry)} (the default country): ` +
        "correct the row's Country, or write the number with its +code.",
    };
  }
  const alsoDefault = defaultCountry !== null && defaultCountry !== rowCountry ? ` nor in ${countryName(defaultCountry)} (the default country)` : '';
  return {
    ok: false,
    code: 'PHONE_INVALID_IN_ROW_COUNTRY',
    message: `"${shown}" is not a valid number in ${where}${alsoDefault}: check the digits and the row's Country.`,
  };
}
