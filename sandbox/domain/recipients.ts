import { parsePhoneNumberFromString } from 'libphonenumber-js';

export type RecipientCheck =
  | { kind: 'valid'; e164: string; country: string }
  | { kind: 'invalid'; raw: string };

const DIALABLE = /^\+?[0-9]{6,15}$/;

/**
 * `to` entries are E.164; a missing leading "+" is tolerated (Kaleyra accepts country code +
 * number). A number that is not a possible number is INV-MOB-PATTRN.
 */
export function checkRecipient(raw: string): RecipientCheck {
  const compact = raw.replace(/[\s-]/g, '');
  if (!DIALABLE.test(compact)) return { kind: 'invalid', raw };
  const phone = parsePhoneNumberFromString(compact.startsWith('+') ? compact : `+${compact}`);
  if (!phone || !phone.isPossible()) return { kind: 'invalid', raw };
  // Shared calling codes (+1, +44) name a country only for valid numbers; demo and test numbers
  // (+1 555…) then count as the code's main country, listed first.
  const country = phone.country ?? phone.getPossibleCountries()[0];
  if (!country) return { kind: 'invalid', raw };
  return { kind: 'valid', e164: phone.number, country };
}

export function splitRecipients(to: string | string[]): string[] {
  const parts = Array.isArray(to) ? to : to.split(',');
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}
