/**
 * The platform's sub-account rules, checked by the desktop before anything is sent: the form
 * runs them as the user types and the main process runs them again on what arrives. Each issue
 * carries the code the platform itself answers with (kaleyra-api.md, sandbox/README.md), so the
 * app's refusal and the API's read the same; the API remains the judge when it disagrees.
 *
 * Fields are named as in the `subaccounts.*` calls (shared/calls/subaccounts.ts), amounts are
 * integer minor units; `parseAmountText` turns what a person typed into them.
 */
import { getCountries } from 'libphonenumber-js';
import { rbcCodes, sandboxCodes, type KaleyraErrorCode } from './kaleyra/errors';
import type { CreditType, SubaccountStatus } from './kaleyra/subaccount';
import { formatMoney, minorDigits, MoneyError, parseMajorToMinor } from './money';

export const MAX_NAME_LENGTH = 160;
export const MAX_ALERT_EMAILS = 10;
/** [ours in the sandbox] letters and digits, words separated by single spaces. */
export const NAME_PATTERN = /^[A-Za-z0-9]+(?: [A-Za-z0-9]+)*$/;
const EMAIL_PATTERN = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const MAX_EMAIL_LENGTH = 254;
/** "A business address": the free-mail domains the sandbox refuses. */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'aol.com',
  'icloud.com',
  'proton.me',
  'protonmail.com',
  'rediffmail.com',
]);
const KNOWN_COUNTRIES = new Set<string>(getCountries());

/** The part of an e-mail after its @, lower-cased. */
export const emailDomain = (email: string): string => email.slice(email.indexOf('@') + 1).toLowerCase();
export const isFreeMailDomain = (domain: string): boolean => FREE_MAIL_DOMAINS.has(domain.toLowerCase());
export const isKnownCountryCode = (code: string): boolean => KNOWN_COUNTRIES.has(code);

export type SubaccountField =
  | 'name'
  | 'email'
  | 'country'
  | 'creditType'
  | 'creditAmountMinor'
  | 'monthlyLimitMinor'
  | 'lowBalanceAlert'
  | 'lowBalanceAlert.thresholdMinor'
  | 'lowBalanceAlert.emails'
  | 'amountMinor'
  | 'sid';

export interface RuleIssue {
  field: SubaccountField;
  code: KaleyraErrorCode;
  message: string;
}

export type ParentBilling = 'prepaid' | 'postpaid';

/** What the parent can give: a prepaid balance, or what is left of a postpaid monthly limit. */
export interface ParentFundsForRules {
  billing: ParentBilling;
  currency: string;
  availableMinor: number;
}

export interface LowBalanceAlertDraft {
  thresholdMinor: number | null;
  emails: readonly string[];
}

export interface NewSubaccountDraft {
  name: string;
  email: string;
  country: string;
  creditType: CreditType;
  creditAmountMinor?: number | null;
  monthlyLimitMinor?: number | null;
  lowBalanceAlert?: LowBalanceAlertDraft | null;
}

/** The parent's other sub-accounts as the desktop last saw them (uniqueness is checked against these). */
export interface KnownSubaccount {
  sid: string;
  name: string;
  email: string;
  status: SubaccountStatus;
}

export function allowedCreditTypes(billing: ParentBilling): CreditType[] {
  switch (billing) {
    case 'prepaid':
      return ['assigned'];
    case 'postpaid':
      return ['assigned', 'shared'];
  }
}

const issue = (field: SubaccountField, code: KaleyraErrorCode, message: string): RuleIssue => ({ field, code, message });
const isLive = (known: KnownSubaccount) => known.status !== 'deleted';

export function checkName(raw: string, known: readonly KnownSubaccount[], ownSid: string | null = null): RuleIssue | null {
  const name = raw.trim();
  if (name.length === 0) return issue('name', sandboxCodes.nameInvalid, 'Enter a name for the sub-account.');
  if (name.length > MAX_NAME_LENGTH) return issue('name', sandboxCodes.nameInvalid, `A name has at most ${MAX_NAME_LENGTH} characters.`);
  if (!NAME_PATTERN.test(name)) return issue('name', sandboxCodes.nameInvalid, 'Use only letters and digits (single spaces between words).');
  const lower = name.toLowerCase();
  if (known.some((other) => isLive(other) && other.sid !== ownSid && other.name.toLowerCase() === lower)) {
    return issue('name', sandboxCodes.nameTaken, `A sub-account named ${name} already exists: choose another name.`);
  }
  return null;
}

export function isValidEmail(raw: string): boolean {
  const email = raw.trim();
  return email.length <= MAX_EMAIL_LENGTH && EMAIL_PATTERN.test(email);
}

export function checkEmail(raw: string, known: readonly KnownSubaccount[]): RuleIssue | null {
  const email = raw.trim().toLowerCase();
  if (email.length === 0) return issue('email', sandboxCodes.emailInvalid, 'Enter the business e-mail of the sub-account’s owner.');
  if (!isValidEmail(email)) return issue('email', sandboxCodes.emailInvalid, `${raw.trim()} is not a valid e-mail address.`);
  const domain = emailDomain(email);
  if (isFreeMailDomain(domain)) return issue('email', sandboxCodes.emailNotBusiness, `Use a business address: ${domain} is a free-mail provider.`);
  if (known.some((other) => isLive(other) && other.email.toLowerCase() === email)) {
    return issue('email', sandboxCodes.emailTaken, 'Another sub-account already uses this e-mail.');
  }
  return null;
}

export function checkCountry(raw: string): RuleIssue | null {
  const country = raw.trim().toUpperCase();
  if (country === '') return issue('country', rbcCodes.countryRequired, 'Choose the sub-account’s country.');
  if (!isKnownCountryCode(country)) return issue('country', rbcCodes.countryInvalid, `${country} is not an ISO 3166 country code.`);
  return null;
}

export function checkCreditType(creditType: CreditType, billing: ParentBilling): RuleIssue | null {
  if (allowedCreditTypes(billing).includes(creditType)) return null;
  return issue(
    'creditType',
    rbcCodes.sharedNeedsPostpaidParent,
    'Shared usage needs a postpaid parent account; this parent is prepaid, so choose Assigned budget.',
  );
}

/** Funding from the parent: a prepaid balance or a postpaid parent's remaining monthly allowance must cover it. */
export function checkParentCovers(amountMinor: number, parent: ParentFundsForRules, field: SubaccountField): RuleIssue | null {
  if (amountMinor <= parent.availableMinor) return null;
  const available = formatMoney(parent.availableMinor, parent.currency);
  switch (parent.billing) {
    case 'prepaid':
      return issue(field, rbcCodes.prepaidBalanceInsufficient, `More than the parent’s balance: at most ${available} is available.`);
    case 'postpaid':
      return issue(
        field,
        rbcCodes.postpaidAllowanceInsufficient,
        `More than the parent’s remaining monthly allowance: at most ${available} is left this month.`,
      );
  }
}

export function checkInitialCredit(amountMinor: number | null | undefined, parent: ParentFundsForRules | null): RuleIssue | null {
  if (amountMinor === null || amountMinor === undefined) {
    return issue('creditAmountMinor', rbcCodes.creditAmountRequired, 'Enter the initial credit: an assigned sub-account starts with a budget.');
  }
  if (amountMinor <= 0) return issue('creditAmountMinor', rbcCodes.creditAmountNotNumeric, 'The initial credit must be a positive amount.');
  return parent ? checkParentCovers(amountMinor, parent, 'creditAmountMinor') : null;
}

export function checkMonthlyLimit(amountMinor: number | null | undefined, currency: string): RuleIssue | null {
  if (amountMinor === null || amountMinor === undefined) {
    return issue('monthlyLimitMinor', rbcCodes.monthlyLimitRequired, 'Enter the monthly usage limit of the shared sub-account.');
  }
  const unit = 10 ** minorDigits(currency);
  if (amountMinor <= 0 || amountMinor % unit !== 0) {
    return issue('monthlyLimitMinor', rbcCodes.monthlyLimitInvalid, 'The monthly usage limit is a whole amount greater than zero (no decimals).');
  }
  return null;
}

/** Both a threshold and 1–10 distinct valid addresses turn the alert on. */
export function checkLowBalanceAlert(alert: LowBalanceAlertDraft): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (alert.thresholdMinor === null) {
    issues.push(issue('lowBalanceAlert.thresholdMinor', rbcCodes.lowBalanceAlertIncomplete, 'Enter the balance below which the alert is sent.'));
  } else if (alert.thresholdMinor <= 0) {
    issues.push(issue('lowBalanceAlert.thresholdMinor', rbcCodes.lowBalanceAmountInvalid, 'The alert threshold must be a positive amount.'));
  }
  const emails = alert.emails.map((email) => email.trim().toLowerCase());
  const invalid = emails.find((email) => !isValidEmail(email));
  if (emails.length === 0) {
    issues.push(issue('lowBalanceAlert.emails', rbcCodes.lowBalanceEmailsRequired, 'Enter at least one address to send the alert to.'));
  } else if (emails.length > MAX_ALERT_EMAILS) {
    issues.push(issue('lowBalanceAlert.emails', rbcCodes.lowBalanceEmailsTooMany, `At most ${MAX_ALERT_EMAILS} alert addresses (${emails.length} entered).`));
  } else if (invalid !== undefined) {
    issues.push(issue('lowBalanceAlert.emails', rbcCodes.lowBalanceEmailInvalid, `${invalid} is not a valid e-mail address.`));
  } else if (new Set(emails).size !== emails.length) {
    issues.push(issue('lowBalanceAlert.emails', rbcCodes.lowBalanceEmailsDuplicate, 'Each alert address may appear only once.'));
  }
  return issues;
}

/**
 * Every rule of "add sub-account", at most one issue per field. `parent` is null while the
 * parent's billing is not known yet: the rules that need it wait for it.
 */
export function checkNewSubaccount(draft: NewSubaccountDraft, context: { parent: ParentFundsForRules | null; known: readonly KnownSubaccount[] }): RuleIssue[] {
  const { parent, known } = context;
  const issues: Array<RuleIssue | null> = [checkName(draft.name, known), checkEmail(draft.email, known), checkCountry(draft.country)];
  if (parent) issues.push(checkCreditType(draft.creditType, parent.billing));
  switch (draft.creditType) {
    case 'assigned':
      if (draft.monthlyLimitMinor !== undefined && draft.monthlyLimitMinor !== null) {
        issues.push(issue('monthlyLimitMinor', rbcCodes.monthlyLimitNotApplicable, 'A monthly usage limit applies to shared sub-accounts only.'));
      }
      issues.push(checkInitialCredit(draft.creditAmountMinor, parent));
      if (draft.lowBalanceAlert) issues.push(...checkLowBalanceAlert(draft.lowBalanceAlert));
      break;
    case 'shared':
      if (draft.creditAmountMinor !== undefined && draft.creditAmountMinor !== null) {
        issues.push(
          issue('creditAmountMinor', rbcCodes.creditAmountNotApplicable, 'A shared sub-account has no credit of its own: it uses the parent’s monthly limit.'),
        );
      }
      if (draft.lowBalanceAlert) {
        issues.push(issue('lowBalanceAlert', rbcCodes.lowBalanceNotApplicable, 'Low-balance alerts apply to assigned sub-accounts only.'));
      }
      if (parent) issues.push(checkMonthlyLimit(draft.monthlyLimitMinor, parent.currency));
      break;
  }
  return firstPerField(issues);
}

export interface SubaccountEditDraft {
  name?: string;
  monthlyLimitMinor?: number;
  /** null turns the alert off. */
  lowBalanceAlert?: LowBalanceAlertDraft | null;
}

/** The edit API changes the name, plus the low-balance alert (assigned) or the monthly limit (shared). */
export function checkSubaccountEdit(
  edit: SubaccountEditDraft,
  subaccount: KnownSubaccount & { creditType: CreditType; currency: string },
  known: readonly KnownSubaccount[],
): RuleIssue[] {
  const issues: Array<RuleIssue | null> = [];
  if (subaccount.status === 'deleted') issues.push(issue('sid', sandboxCodes.accountDeleted, `${subaccount.name} is deleted and can no longer change.`));
  if (edit.name === undefined && edit.monthlyLimitMinor === undefined && edit.lowBalanceAlert === undefined) {
    issues.push(issue('name', sandboxCodes.invalidBody, 'Nothing to save: change at least one field.'));
  }
  if (edit.name !== undefined) issues.push(checkName(edit.name, known, subaccount.sid));
  switch (subaccount.creditType) {
    case 'assigned':
      if (edit.monthlyLimitMinor !== undefined) {
        issues.push(issue('monthlyLimitMinor', rbcCodes.monthlyLimitNotApplicable, 'A monthly usage limit applies to shared sub-accounts only.'));
      }
      if (edit.lowBalanceAlert) issues.push(...checkLowBalanceAlert(edit.lowBalanceAlert));
      break;
    case 'shared':
      if (edit.lowBalanceAlert !== undefined) {
        issues.push(issue('lowBalanceAlert', rbcCodes.lowBalanceNotApplicable, 'Low-balance alerts apply to assigned sub-accounts only.'));
      }
      if (edit.monthlyLimitMinor !== undefined) issues.push(checkMonthlyLimit(edit.monthlyLimitMinor, subaccount.currency));
      break;
  }
  return firstPerField(issues);
}

export type CreditDirection = 'recharge' | 'withdraw';

/**
 * Recharges come out of what the parent has; withdrawals never take a sub-account below zero.
 * Only assigned sub-accounts hold credit.
 */
export function checkCreditMove(
  direction: CreditDirection,
  amountMinor: number | null,
  subaccount: { name: string; status: SubaccountStatus; creditType: CreditType; balanceMinor: number | null; currency: string },
  parent: ParentFundsForRules | null,
): RuleIssue | null {
  if (subaccount.status === 'deleted') return issue('sid', sandboxCodes.accountDeleted, `${subaccount.name} is deleted: its balance went back to the parent.`);
  if (subaccount.creditType !== 'assigned') {
    return issue(
      'amountMinor',
      rbcCodes.creditAmountNotApplicable,
      'A shared sub-account has no balance to recharge or withdraw: change its monthly limit instead.',
    );
  }
  if (amountMinor === null) return issue('amountMinor', sandboxCodes.amountInvalid, 'Enter an amount.');
  if (amountMinor === 0) return issue('amountMinor', sandboxCodes.amountZero, 'The amount must not be zero.');
  if (amountMinor < 0) return issue('amountMinor', sandboxCodes.amountInvalid, 'Enter a positive amount; choose Withdraw to take credit back.');
  switch (direction) {
    case 'recharge':
      return parent ? checkParentCovers(amountMinor, parent, 'amountMinor') : null;
    case 'withdraw': {
      const balance = subaccount.balanceMinor ?? 0;
      if (amountMinor <= balance) return null;
      return issue(
        'amountMinor',
        sandboxCodes.withdrawalExceedsBalance,
        `${subaccount.name} has only ${formatMoney(Math.max(0, balance), subaccount.currency)}: a withdrawal cannot take it below zero.`,
      );
    }
  }
}

export type AmountText = { ok: true; minor: number } | { ok: false; reason: 'empty' | 'invalid' | 'too-precise' | 'negative' };

/** What a person typed ("1,000.50", "250") as minor units of `currency`; group separators allowed. */
export function parseAmountText(text: string, currency: string): AmountText {
  const cleaned = text.trim().replace(/[,\s_]/g, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };
  if (cleaned.startsWith('-')) return { ok: false, reason: 'negative' };
  try {
    return { ok: true, minor: parseMajorToMinor(cleaned, currency) };
  } catch (error) {
    if (!(error instanceof MoneyError)) throw error;
    return { ok: false, reason: error.code === 'MONEY_TOO_PRECISE' ? 'too-precise' : 'invalid' };
  }
}

/** Amount text for a field: a parse failure becomes that field's issue, with that field's code. */
export function amountFromText(
  text: string,
  currency: string,
  field: SubaccountField,
  codes: { empty: KaleyraErrorCode; invalid: KaleyraErrorCode },
  emptyMessage: string,
): { minor: number | null; issue: RuleIssue | null } {
  const parsed = parseAmountText(text, currency);
  if (parsed.ok) return { minor: parsed.minor, issue: null };
  switch (parsed.reason) {
    case 'empty':
      return { minor: null, issue: issue(field, codes.empty, emptyMessage) };
    case 'too-precise':
      return { minor: null, issue: issue(field, codes.invalid, `${currency} amounts have at most ${minorDigits(currency)} decimal places.`) };
    case 'negative':
      return { minor: null, issue: issue(field, codes.invalid, 'Enter a positive amount.') };
    case 'invalid':
      return { minor: null, issue: issue(field, codes.invalid, `“${text.trim()}” is not an amount.`) };
  }
}

/** Alert recipients typed as one text: commas, semicolons, spaces or new lines separate them. */
export function splitEmails(text: string): string[] {
  return text.split(/[\s,;]+/).filter((part) => part.length > 0);
}

/**
 * The API names fields as its wire does; the desktop names them as its calls do, so an API
 * refusal lands on the field the person filled in.
 */
const WIRE_TO_CALL_FIELD: Readonly<Record<string, SubaccountField>> = {
  account_name: 'name',
  email: 'email',
  country_iso_code: 'country',
  subaccount_credit_type: 'creditType',
  credit_amount: 'creditAmountMinor',
  monthly_usage_limit: 'monthlyLimitMinor',
  low_balance_alert: 'lowBalanceAlert',
  low_balance_alert_amount: 'lowBalanceAlert.thresholdMinor',
  low_balance_alert_emails: 'lowBalanceAlert.emails',
  amount: 'amountMinor',
  subSid: 'sid',
};

export function callFieldOfWireField(wireField: string | undefined): SubaccountField | undefined {
  return wireField === undefined ? undefined : WIRE_TO_CALL_FIELD[wireField];
}

function firstPerField(issues: ReadonlyArray<RuleIssue | null>): RuleIssue[] {
  const seen = new Set<SubaccountField>();
  const result: RuleIssue[] = [];
  for (const found of issues) {
    if (!found || seen.has(found.field)) continue;
    seen.add(found.field);
    result.push(found);
  }
  return result;
}
