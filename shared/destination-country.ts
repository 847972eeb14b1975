import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

let countriesByCallingCode: Map<string, CountryCode[]> | null = null;

/** Calling code → the countries that share it (built once: about 245 countries). */
function callingCodes(): Map<string, CountryCode[]> {
  if (countriesByCallingCode) return countriesByCallingCode;
  const map = new Map<string, CountryCode[]>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    const list = map.get(code) ?? [];
    list.push(country);
    map.set(code, list);
  }
  countriesByCallingCode = map;
  return map;
}

/**
 * The country a number is priced in, as the platform prices it: the number's own country, or for
 * shared calling codes (+1, +44) whose number names none (demo and test numbers such as +1 555…),
 * the code's main country, listed first. null when it is not a possible number.
 */
export function destinationCountry(e164: string): string | null {
  const phone = parsePhoneNumberFromString(e164.startsWith('+') ? e164 : `+${e164}`);
  if (!phone || !phone.isPossible()) return null;
  return phone.country ?? phone.getPossibleCountries()[0] ?? null;
}

/**
 * destinationCountry for a number the platform already accepted (so a possible one), without
 * parsing it where its calling code belongs to one country only (+91, +971…): the same answer,
 * about a hundred times faster, for pricing a million messages.
 */
export function destinationCountryOfAccepted(e164: string): string | null {
  const digits = e164.startsWith('+') ? e164.slice(1) : e164;
  const codes = callingCodes();
  for (let length = 1; length <= 3; length++) {
    const countries = codes.get(digits.slice(0, length));
    if (countries === undefined) continue;
    if (countries.length === 1) return countries[0] ?? null;
    break;
  }
  return destinationCountry(e164);
}
