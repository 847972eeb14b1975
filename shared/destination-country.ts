import { parsePhoneNumberFromString } from 'libphonenumber-js';

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
