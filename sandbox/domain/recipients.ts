import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { destinationCountry } from '../../shared/destination-country';

export type RecipientCheck = { kind: 'valid'; e164: string; country: string } | { kind: 'invalid'; raw: string };

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
  // The app prices from the same rule (documented spend computed from statuses).
  const country = destinationCountry(phone.number);
  if (!country) return { kind: 'invalid', raw };
  return { kind: 'valid', e164: phone.number, country };
}

export function splitRecipients(to: string | string[]): string[] {
  const parts = Array.isArray(to) ? to : to.split(',');
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}
