import type { CallInput } from '../../../shared/contract';
import type { ParentFunds } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import { rbcCodes, sandboxCodes } from '../../../shared/kaleyra/errors';
import type { CreditType } from '../../../shared/kaleyra/subaccount';
import { minorToMajorString } from '../../../shared/money';
import {
  amountFromText,
  checkCreditMove,
  checkNewSubaccount,
  checkSubaccountEdit,
  splitEmails,
  type CreditDirection,
  type KnownSubaccount,
  type LowBalanceAlertDraft,
  type RuleIssue,
  type SubaccountField,
} from '../../../shared/subaccount-rules';
import type { SubaccountDetail, SubaccountView } from '../../../shared/calls/subaccounts';
import { refusalOf, type Refusal } from '../../lib/error-message';

/** Digits only matter for parsing; every currency Kaleyra bills in has two. */
export const PARSING_FALLBACK_CURRENCY = 'USD';

/** A field's message and the platform's code (the shape `Field` shows; a `.ts` type, so the form logic is testable under Node). */
export type FieldErrors = Partial<Record<SubaccountField | 'confirmName', Refusal>>;

export interface AlertForm {
  on: boolean;
  threshold: string;
  emails: string;
}

export interface CreateForm {
  name: string;
  email: string;
  country: string;
  creditType: CreditType;
  creditAmount: string;
  monthlyLimit: string;
  alert: AlertForm;
  invite: boolean;
}

export const emptyCreateForm: CreateForm = {
  name: '',
  email: '',
  country: '',
  creditType: 'assigned',
  creditAmount: '',
  monthlyLimit: '',
  alert: { on: false, threshold: '', emails: '' },
  invite: false,
};

function alertFromForm(alert: AlertForm, currency: string): { draft: LowBalanceAlertDraft | null; issues: RuleIssue[] } {
  if (!alert.on) return { draft: null, issues: [] };
  const threshold = amountFromText(
    alert.threshold,
    currency,
    'lowBalanceAlert.thresholdMinor',
    { empty: rbcCodes.lowBalanceAlertIncomplete, invalid: rbcCodes.lowBalanceAmountInvalid },
    'Enter the balance below which the alert is sent.',
  );
  return { draft: { thresholdMinor: threshold.minor, emails: splitEmails(alert.emails) }, issues: threshold.issue ? [threshold.issue] : [] };
}

function monthlyLimitFromText(text: string, currency: string): { minor: number | null; issue: RuleIssue | null } {
  // The platform wants a whole number: "500.50" is refused, not rounded.
  if (/[.]/.test(text.trim().replace(/\.0+$/, ''))) {
    return {
      minor: null,
      issue: {
        field: 'monthlyLimitMinor',
        code: rbcCodes.monthlyLimitInvalid,
        message: 'The monthly usage limit is a whole amount greater than zero (no decimals).',
      },
    };
  }
  return amountFromText(
    text,
    currency,
    'monthlyLimitMinor',
    { empty: rbcCodes.monthlyLimitRequired, invalid: rbcCodes.monthlyLimitInvalid },
    'Enter the monthly usage limit of the shared sub-account.',
  );
}

/** The form as the `subaccounts.create` call's input, and every rule it breaks (at most one per field). */
export function checkCreateForm(
  form: CreateForm,
  parent: ParentFunds | null,
  known: readonly KnownSubaccount[],
): { input: CallInput<'subaccounts.create'>; issues: RuleIssue[] } {
  const currency = parent?.currency ?? PARSING_FALLBACK_CURRENCY;
  const parseIssues: RuleIssue[] = [];
  const input: CallInput<'subaccounts.create'> = {
    name: form.name,
    email: form.email,
    country: form.country,
    creditType: form.creditType,
    invite: form.invite,
  };
  switch (form.creditType) {
    case 'assigned': {
      const credit = amountFromText(
        form.creditAmount,
        currency,
        'creditAmountMinor',
        { empty: rbcCodes.creditAmountRequired, invalid: rbcCodes.creditAmountNotNumeric },
        'Enter the initial credit: an assigned sub-account starts with a budget.',
      );
      if (credit.issue) parseIssues.push(credit.issue);
      if (credit.minor !== null) input.creditAmountMinor = credit.minor;
      const alert = alertFromForm(form.alert, currency);
      parseIssues.push(...alert.issues);
      if (alert.draft) input.lowBalanceAlert = { thresholdMinor: alert.draft.thresholdMinor, emails: [...alert.draft.emails] };
      break;
    }
    case 'shared': {
      const limit = monthlyLimitFromText(form.monthlyLimit, currency);
      if (limit.issue) parseIssues.push(limit.issue);
      if (limit.minor !== null) input.monthlyLimitMinor = limit.minor;
      break;
    }
  }
  const ruleIssues = checkNewSubaccount(
    { ...input, creditAmountMinor: input.creditAmountMinor ?? null, monthlyLimitMinor: input.monthlyLimitMinor ?? null },
    { parent, known },
  );
  return { input, issues: mergeIssues(parseIssues, ruleIssues) };
}

export interface EditForm {
  name: string;
  monthlyLimit: string;
  alert: AlertForm;
}

export function editFormOf(detail: SubaccountDetail): EditForm {
  const currency = detail.currency ?? PARSING_FALLBACK_CURRENCY;
  const threshold = detail.lowBalanceAlert?.thresholdMinor ?? null;
  return {
    name: detail.name,
    monthlyLimit: detail.monthlyLimitMinor === null ? '' : majorText(detail.monthlyLimitMinor, currency, { whole: true }),
    alert: {
      on: detail.lowBalanceAlert !== null,
      threshold: threshold === null ? '' : majorText(threshold, currency),
      emails: detail.lowBalanceAlert?.emails.join(', ') ?? '',
    },
  };
}

/** Only what changed goes to the API, and only fields the credit type allows. */
export function checkEditForm(
  form: EditForm,
  original: SubaccountDetail,
  known: readonly KnownSubaccount[],
): { input: CallInput<'subaccounts.edit'>; issues: RuleIssue[] } {
  const currency = original.currency ?? PARSING_FALLBACK_CURRENCY;
  const before = editFormOf(original);
  const parseIssues: RuleIssue[] = [];
  const input: CallInput<'subaccounts.edit'> = { sid: original.sid };
  if (form.name.trim() !== original.name) input.name = form.name;
  switch (original.creditType) {
    case 'assigned': {
      const alertChanged =
        form.alert.on !== before.alert.on || (form.alert.on && (form.alert.threshold !== before.alert.threshold || form.alert.emails !== before.alert.emails));
      if (alertChanged) {
        const alert = alertFromForm(form.alert, currency);
        parseIssues.push(...alert.issues);
        input.lowBalanceAlert = alert.draft ? { thresholdMinor: alert.draft.thresholdMinor, emails: [...alert.draft.emails] } : null;
      }
      break;
    }
    case 'shared':
      if (form.monthlyLimit !== before.monthlyLimit) {
        const limit = monthlyLimitFromText(form.monthlyLimit, currency);
        if (limit.issue) parseIssues.push(limit.issue);
        else if (limit.minor !== null) input.monthlyLimitMinor = limit.minor;
      }
      break;
  }
  const { sid: _sid, ...edit } = input;
  // A field typed but unreadable is a change too: its own issue says what to fix, not "nothing to save".
  const ruleIssues = checkSubaccountEdit(edit, { ...original, currency }, known).filter(
    (found) => parseIssues.length === 0 || found.code !== sandboxCodes.invalidBody,
  );
  return { input, issues: mergeIssues(parseIssues, ruleIssues) };
}

/** An amount of credit to move as the user typed it; the platform has one code for a missing or unreadable one. */
export function creditAmountFromText(text: string, currency: string, whenEmpty: string) {
  return amountFromText(text, currency, 'amountMinor', { empty: sandboxCodes.amountInvalid, invalid: sandboxCodes.amountInvalid }, whenEmpty);
}

export function checkCreditForm(
  direction: CreditDirection,
  amountText: string,
  subaccount: SubaccountView,
  parent: ParentFunds | null,
): { amountMinor: number | null; issue: RuleIssue | null } {
  const currency = subaccount.currency ?? parent?.currency ?? PARSING_FALLBACK_CURRENCY;
  const parsed = creditAmountFromText(amountText, currency, 'Enter an amount.');
  if (parsed.issue) return { amountMinor: null, issue: parsed.issue };
  return { amountMinor: parsed.minor, issue: checkCreditMove(direction, parsed.minor, { ...subaccount, currency }, parent) };
}

export function errorsOf(issues: readonly RuleIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const found of issues) errors[found.field] ??= { message: found.message, code: found.code };
  return errors;
}

/**
 * An answer from the main side: a refusal that names a field lands on it (the platform's code
 * with it); anything else is a message for the whole dialog.
 */
export function placeError(error: unknown, fields: readonly string[]): { fieldErrors: FieldErrors; banner: Refusal | null } {
  if (error instanceof DeskError && error.details.field && fields.includes(error.details.field)) {
    const field = error.details.field as SubaccountField;
    return { fieldErrors: { [field]: refusalOf(error) }, banner: null };
  }
  return { fieldErrors: {}, banner: refusalOf(error) };
}

export function knownOf(rows: readonly SubaccountView[]): KnownSubaccount[] {
  return rows.map(({ sid, name, email, status }) => ({ sid, name, email, status }));
}

function majorText(minor: number, currency: string, { whole = false }: { whole?: boolean } = {}): string {
  const text = minorToMajorString(minor, currency);
  return whole ? text.replace(/\.0+$/, '') : text;
}

function mergeIssues(first: readonly RuleIssue[], second: readonly RuleIssue[]): RuleIssue[] {
  const fields = new Set(first.map((found) => found.field));
  return [...first, ...second.filter((found) => !fields.has(found.field))];
}
