import type { CountryCode } from 'libphonenumber-js';
import { MoneyError, parseMajorToMinor } from '../../shared/money';
import {
  emailDomain,
  isFreeMailDomain,
  isKnownCountryCode,
  isValidEmail,
  MAX_ALERT_EMAILS,
  MAX_NAME_LENGTH,
  NAME_PATTERN,
} from '../../shared/subaccount-rules';
import { rbcCodes, sandboxCodes } from '../../shared/kaleyra/errors';
import type { KaleyraErrorCode } from '../../shared/kaleyra/errors';
import { SandboxError } from './errors';

/**
 * Validation rules of the sub-account API, each refusing with its documented code. The patterns
 * (name, e-mail, free-mail domains, countries) are the desktop's own, from shared/, so the form
 * and the API it imitates can never drift apart.
 */
export { isValidEmail, MAX_ALERT_EMAILS, MAX_NAME_LENGTH };
const ALLOWED_CHANNELS = new Set(['sms', 'lookup']);

export function fail(code: KaleyraErrorCode, message: string, field?: string): never {
  throw new SandboxError(400, code, message, field);
}

export function validName(raw: string): string {
  const name = raw.trim();
  if (name.length === 0 || name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name)) {
    fail(sandboxCodes.nameInvalid, `account_name must be 1–${MAX_NAME_LENGTH} letters or digits`, 'account_name');
  }
  return name;
}

export function validBusinessEmail(raw: string, enterpriseDomain: string | null): string {
  const email = raw.trim().toLowerCase();
  if (!isValidEmail(email)) fail(sandboxCodes.emailInvalid, 'email is not a valid e-mail address', 'email');
  const domain = emailDomain(email);
  if (isFreeMailDomain(domain)) fail(sandboxCodes.emailNotBusiness, 'email must be a business address', 'email');
  if (enterpriseDomain !== null && domain !== enterpriseDomain.toLowerCase()) {
    fail(rbcCodes.emailDomainMismatch, `email must use the account's domain ${enterpriseDomain}`, 'email');
  }
  return email;
}

export function validCountry(raw: string | undefined, enabledCountries: ReadonlySet<string>): CountryCode {
  const country = (raw ?? '').trim().toUpperCase();
  if (country === '') fail(rbcCodes.countryRequired, 'country_iso_code is required', 'country_iso_code');
  if (!isKnownCountryCode(country)) fail(rbcCodes.countryInvalid, `${country} is not an ISO 3166 country code`, 'country_iso_code');
  if (!enabledCountries.has(country)) fail(rbcCodes.countryNotSupported, `${country} is not enabled for this account`, 'country_iso_code');
  return country as CountryCode;
}

export function validChannels(raw: string[] | undefined): string[] {
  const channels = (raw ?? ['sms']).map((channel) => channel.trim().toLowerCase());
  if (!channels.includes('sms') || channels.some((channel) => !ALLOWED_CHANNELS.has(channel)) || new Set(channels).size !== channels.length) {
    fail(sandboxCodes.channelsInvalid, 'channels must include "sms" and only SMS-related services ("sms", "lookup")', 'channels');
  }
  return channels;
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** A credit amount in minor units: required (RBC2345), numeric and positive (RBC2334). */
export function validCreditAmount(raw: unknown, currency: string): number {
  if (isBlank(raw)) fail(rbcCodes.creditAmountRequired, 'credit_amount is required for assigned sub-accounts', 'credit_amount');
  const minor = amountOrUndefined(raw, currency);
  if (minor === undefined || minor <= 0) fail(rbcCodes.creditAmountNotNumeric, 'credit_amount must be a positive number', 'credit_amount');
  return minor;
}

/** A monthly usage limit: required (RBC2331), a whole positive number (RBC2332). */
export function validMonthlyLimit(raw: unknown, currency: string): number {
  if (isBlank(raw)) fail(rbcCodes.monthlyLimitRequired, 'monthly_usage_limit is required for shared sub-accounts', 'monthly_usage_limit');
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  if (!/^\d+$/.test(text) || /^0+$/.test(text)) {
    fail(rbcCodes.monthlyLimitInvalid, 'monthly_usage_limit must be a whole number greater than zero', 'monthly_usage_limit');
  }
  const minor = amountOrUndefined(text, currency);
  if (minor === undefined) fail(rbcCodes.monthlyLimitInvalid, 'monthly_usage_limit is too large', 'monthly_usage_limit');
  return minor;
}

/** A signed recharge: numeric, never 0 or -0. */
export function validRechargeAmount(raw: unknown, currency: string, field: string): number {
  if (isBlank(raw)) fail(sandboxCodes.amountInvalid, `${field} is required`, field);
  const minor = amountOrUndefined(raw, currency);
  if (minor === undefined) fail(sandboxCodes.amountInvalid, `${field} must be a number with at most the currency's decimals`, field);
  if (minor === 0) fail(sandboxCodes.amountZero, `${field} must not be zero`, field);
  return minor;
}

export function amountOrUndefined(raw: unknown, currency: string): number | undefined {
  if (typeof raw !== 'number' && typeof raw !== 'string') return undefined;
  try {
    return parseMajorToMinor(raw, currency);
  } catch (error) {
    if (error instanceof MoneyError) return undefined;
    throw error;
  }
}

export interface LowBalanceAlertInput {
  enabled: boolean;
  amount: unknown;
  emails: string[] | undefined;
}

export interface LowBalanceAlert {
  enabled: boolean;
  thresholdMinor: number | null;
  emails: string[];
}

/** Threshold + 1..10 distinct valid e-mails, both required to turn the alert on. */
export function validLowBalanceAlert(input: LowBalanceAlertInput, currency: string): LowBalanceAlert {
  if (!input.enabled) return { enabled: false, thresholdMinor: null, emails: [] };
  if (isBlank(input.amount)) fail(rbcCodes.lowBalanceAlertIncomplete, 'low_balance_alert_amount is required to turn the alert on', 'low_balance_alert_amount');
  const thresholdMinor = amountOrUndefined(input.amount, currency);
  if (thresholdMinor === undefined || thresholdMinor <= 0) {
    fail(rbcCodes.lowBalanceAmountInvalid, 'low_balance_alert_amount must be a positive number', 'low_balance_alert_amount');
  }
  const emails = (input.emails ?? []).map((email) => email.trim().toLowerCase());
  if (emails.length === 0) fail(rbcCodes.lowBalanceEmailsRequired, 'low_balance_alert_emails needs at least one address', 'low_balance_alert_emails');
  if (emails.length > MAX_ALERT_EMAILS) fail(rbcCodes.lowBalanceEmailsTooMany, `at most ${MAX_ALERT_EMAILS} alert e-mails`, 'low_balance_alert_emails');
  const invalid = emails.find((email) => !isValidEmail(email));
  if (invalid !== undefined) fail(rbcCodes.lowBalanceEmailInvalid, `${invalid} is not a valid e-mail address`, 'low_balance_alert_emails');
  if (new Set(emails).size !== emails.length) fail(rbcCodes.lowBalanceEmailsDuplicate, 'alert e-mails must be distinct', 'low_balance_alert_emails');
  return { enabled: true, thresholdMinor, emails };
}

export function isOn(flag: boolean | 0 | 1 | undefined): boolean {
  return flag === true || flag === 1;
}
