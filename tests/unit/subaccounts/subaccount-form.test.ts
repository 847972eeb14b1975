import { describe, expect, it } from 'vitest';
import type { ParentFunds, SubaccountDetail, SubaccountView } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import { rbcCodes, sandboxCodes } from '../../../shared/kaleyra/errors';
import {
  checkCreateForm,
  checkCreditForm,
  checkEditForm,
  editFormOf,
  emptyCreateForm,
  errorsOf,
  knownOf,
  placeError,
  type CreateForm,
} from '../../../renderer/features/subaccounts/subaccount-form';

const CHECKED_AT = '2026-11-20T09:15:00.000Z';

/** A prepaid parent in India with ₹5,000.00 left, and a postpaid one in the US with $3,000.00 left this month. */
const acmeRetail: ParentFunds = {
  sid: 'HXAP1000001IN',
  billing: 'prepaid',
  currency: 'INR',
  availableMinor: 500_000,
  balanceMinor: 500_000,
  creditLimitMinor: null,
  usedThisMonthMinor: null,
  allowedCreditTypes: ['assigned'],
  checkedAt: CHECKED_AT,
};
const globex: ParentFunds = {
  sid: 'HXAP2000002US',
  billing: 'postpaid',
  currency: 'USD',
  availableMinor: 300_000,
  balanceMinor: null,
  creditLimitMinor: 1_000_000,
  usedThisMonthMinor: 700_000,
  allowedCreditTypes: ['assigned', 'shared'],
  checkedAt: CHECKED_AT,
};

function row(overrides: Partial<SubaccountView> & Pick<SubaccountView, 'sid' | 'name' | 'email'>): SubaccountView {
  return {
    status: 'active',
    creditType: 'assigned',
    channels: ['sms'],
    country: 'IN',
    currency: 'INR',
    balanceMinor: 0,
    monthlyLimitMinor: null,
    usedThisMonthMinor: null,
    syncedAt: CHECKED_AT,
    ...overrides,
  };
}

/** Acme's sub-accounts as the console lists them: one of them deleted (its name and e-mail are free again). */
const acmeRows: SubaccountView[] = [
  row({ sid: 'HXSA1000011IN', name: 'AcmeNorth', email: 'north@acme-retail.in', balanceMinor: 200_000 }),
  row({ sid: 'HXSA1000012IN', name: 'Acme Mumbai', email: 'mumbai@acme-retail.in', balanceMinor: 12_550 }),
  row({ sid: 'HXSA1000013IN', name: 'Acme South', email: 'south@acme-retail.in', status: 'deleted', balanceMinor: null }),
];
const known = knownOf(acmeRows);

const form = (overrides: Partial<CreateForm>): CreateForm => ({ ...emptyCreateForm, ...overrides, alert: { ...emptyCreateForm.alert, ...overrides.alert } });
const fieldsOf = (issues: ReadonlyArray<{ field: string }>) => issues.map((found) => found.field);

describe('checkCreateForm', () => {
  it('turns a form typed the way people type it into the call input, with nothing to fix', () => {
    const typed = form({
      name: '  Acme West ',
      email: ' Priya.Raman@Acme-Retail.IN ',
      country: 'in',
      creditAmount: ' 1,250.50 ',
      alert: { on: true, threshold: '200', emails: 'ops@acme-retail.in; finance@acme-retail.in,\n  priya.raman@acme-retail.in ' },
    });
    const { input, issues } = checkCreateForm(typed, acmeRetail, known);
    expect(issues).toEqual([]);
    expect(input).toEqual({
      name: '  Acme West ',
      email: ' Priya.Raman@Acme-Retail.IN ',
      country: 'in',
      creditType: 'assigned',
      invite: false,
      creditAmountMinor: 125_050,
      lowBalanceAlert: { thresholdMinor: 20_000, emails: ['ops@acme-retail.in', 'finance@acme-retail.in', 'priya.raman@acme-retail.in'] },
    });
  });

  it('refuses a taken name whatever its case, free mail, an unknown country and more than the parent has, one issue per field', () => {
    const { issues } = checkCreateForm(form({ name: 'acmenorth', email: 'acme.north@GMAIL.com', country: 'XK1', creditAmount: '5000.01' }), acmeRetail, known);
    expect(issues).toEqual([
      expect.objectContaining({ field: 'name', code: sandboxCodes.nameTaken }),
      { field: 'email', code: sandboxCodes.emailNotBusiness, message: 'Use a business address: gmail.com is a free-mail provider.' },
      expect.objectContaining({ field: 'country', code: rbcCodes.countryInvalid }),
      expect.objectContaining({ field: 'creditAmountMinor', code: rbcCodes.prepaidBalanceInsufficient }),
    ]);
    // Exactly what the parent has is fine; a deleted sub-account's name and address can be used again.
    expect(
      checkCreateForm(form({ name: 'Acme South', email: 'south@acme-retail.in', country: 'IN', creditAmount: '5,000' }), acmeRetail, known).issues,
    ).toEqual([]);
  });

  it('explains each kind of unreadable amount once, on the field it belongs to', () => {
    const base = { name: 'Acme Pune', email: 'pune@acme-retail.in', country: 'IN' };
    const creditIssue = (creditAmount: string) => {
      const { input, issues } = checkCreateForm(form({ ...base, creditAmount }), acmeRetail, known);
      expect(input.creditAmountMinor).toBeUndefined();
      expect(fieldsOf(issues)).toEqual(['creditAmountMinor']);
      return issues[0];
    };
    expect(creditIssue('')).toMatchObject({
      code: rbcCodes.creditAmountRequired,
      message: 'Enter the initial credit: an assigned sub-account starts with a budget.',
    });
    expect(creditIssue('12.345')).toMatchObject({ code: rbcCodes.creditAmountNotNumeric, message: 'INR amounts have at most 2 decimal places.' });
    expect(creditIssue('-50')).toMatchObject({ code: rbcCodes.creditAmountNotNumeric, message: 'Enter a positive amount.' });
    expect(creditIssue(' ₹ 500 ')).toMatchObject({ code: rbcCodes.creditAmountNotNumeric, message: '“₹ 500” is not an amount.' });
  });

  it('checks a switched-on alert: threshold and 1–10 distinct valid addresses', () => {
    const base = { name: 'Acme Pune', email: 'pune@acme-retail.in', country: 'IN', creditAmount: '1000' };
    const alertIssues = (threshold: string, emails: string) =>
      checkCreateForm(form({ ...base, alert: { on: true, threshold, emails } }), acmeRetail, known).issues;
    expect(alertIssues('', 'ops@acme-retail.in')).toEqual([
      expect.objectContaining({ field: 'lowBalanceAlert.thresholdMinor', code: rbcCodes.lowBalanceAlertIncomplete }),
    ]);
    expect(alertIssues('100', 'ops@acme-retail.in, OPS@Acme-Retail.in')).toEqual([
      expect.objectContaining({ field: 'lowBalanceAlert.emails', code: rbcCodes.lowBalanceEmailsDuplicate }),
    ]);
    expect(alertIssues('100', 'ops@acme-retail.in; finance at acme')).toEqual([
      expect.objectContaining({ field: 'lowBalanceAlert.emails', code: rbcCodes.lowBalanceEmailInvalid }),
    ]);
    const eleven = Array.from({ length: 11 }, (_, index) => `team${index + 1}@acme-retail.in`).join('\n');
    expect(alertIssues('100', eleven)).toEqual([
      expect.objectContaining({ field: 'lowBalanceAlert.emails', code: rbcCodes.lowBalanceEmailsTooMany, message: 'At most 10 alert addresses (11 entered).' }),
    ]);
    expect(alertIssues('100', ' ;, ')).toEqual([expect.objectContaining({ field: 'lowBalanceAlert.emails', code: rbcCodes.lowBalanceEmailsRequired })]);
    // Switched off, whatever was left in its fields is ignored.
    const off = checkCreateForm(form({ ...base, alert: { on: false, threshold: 'abc', emails: 'not an address' } }), acmeRetail, known);
    expect(off.issues).toEqual([]);
    expect(off.input.lowBalanceAlert).toBeUndefined();
  });

  it('a shared sub-account needs a postpaid parent and a whole monthly limit; leftovers of the assigned fields are dropped', () => {
    const shared = {
      name: 'Globex Berlin',
      email: 'berlin@globex-corp.de',
      country: 'de',
      creditType: 'shared' as const,
      creditAmount: '999',
      alert: { on: true, threshold: '5', emails: 'x@globex-corp.de' },
    };
    for (const [typed, minor] of [
      ['1500', 150_000],
      ['1,500', 150_000],
      ['1500.00', 150_000],
      [' 2 000 ', 200_000],
    ] as const) {
      const { input, issues } = checkCreateForm(form({ ...shared, monthlyLimit: typed }), globex, []);
      expect(issues, typed).toEqual([]);
      expect(input, typed).toEqual({
        name: 'Globex Berlin',
        email: 'berlin@globex-corp.de',
        country: 'de',
        creditType: 'shared',
        invite: false,
        monthlyLimitMinor: minor,
      });
    }
    expect(checkCreateForm(form({ ...shared, monthlyLimit: '1500.50' }), globex, []).issues).toEqual([
      { field: 'monthlyLimitMinor', code: rbcCodes.monthlyLimitInvalid, message: 'The monthly usage limit is a whole amount greater than zero (no decimals).' },
    ]);
    expect(checkCreateForm(form({ ...shared, monthlyLimit: '' }), globex, []).issues).toEqual([
      expect.objectContaining({ field: 'monthlyLimitMinor', code: rbcCodes.monthlyLimitRequired }),
    ]);
    // A prepaid parent cannot have one at all.
    expect(checkCreateForm(form({ ...shared, monthlyLimit: '1500' }), acmeRetail, []).issues).toEqual([
      expect.objectContaining({ field: 'creditType', code: rbcCodes.sharedNeedsPostpaidParent }),
    ]);
  });

  it('reads amounts in the parent’s currency (yen have no decimals) and waits for the parent before the rules that need it', () => {
    const tokyo = { ...globex, currency: 'JPY', availableMinor: 80_000 };
    const base = { name: 'Globex Tokyo', email: 'tokyo@globex-corp.jp', country: 'JP' };
    expect(checkCreateForm(form({ ...base, creditAmount: '50,000' }), tokyo, []).input.creditAmountMinor).toBe(50_000);
    expect(checkCreateForm(form({ ...base, creditAmount: '50000.5' }), tokyo, []).issues).toEqual([
      expect.objectContaining({ field: 'creditAmountMinor', message: 'JPY amounts have at most 0 decimal places.' }),
    ]);
    expect(checkCreateForm(form({ ...base, creditAmount: '90000' }), tokyo, []).issues).toEqual([
      expect.objectContaining({ field: 'creditAmountMinor', code: rbcCodes.postpaidAllowanceInsufficient }),
    ]);
    // Billing not known yet: no credit-type or funds rule, amounts read with two decimals.
    const unknownParent = checkCreateForm(form({ ...base, creditType: 'shared', monthlyLimit: '700' }), null, []);
    expect(unknownParent.issues).toEqual([]);
    expect(unknownParent.input.monthlyLimitMinor).toBe(70_000);
  });
});

describe('editFormOf and checkEditForm', () => {
  const mumbai: SubaccountDetail = { ...acmeRows[1]!, lowBalanceAlert: { thresholdMinor: 50_000, emails: ['ops@acme-retail.in', 'finance@acme-retail.in'] } };
  const globexBerlin: SubaccountDetail = {
    ...row({ sid: 'HXSA2000021DE', name: 'Globex Berlin', email: 'berlin@globex-corp.de', country: 'DE', currency: 'USD' }),
    creditType: 'shared',
    balanceMinor: null,
    monthlyLimitMinor: 200_000,
    usedThisMonthMinor: 31_400,
    lowBalanceAlert: null,
  };

  it('fills the form with what the account has, in major units', () => {
    expect(editFormOf(mumbai)).toEqual({
      name: 'Acme Mumbai',
      monthlyLimit: '',
      alert: { on: true, threshold: '500.00', emails: 'ops@acme-retail.in, finance@acme-retail.in' },
    });
    expect(editFormOf(globexBerlin)).toEqual({ name: 'Globex Berlin', monthlyLimit: '2000', alert: { on: false, threshold: '', emails: '' } });
  });

  it('sends only what changed; stray spaces around an unchanged name are not a change', () => {
    const untouched = { ...editFormOf(mumbai), name: '  Acme Mumbai ' };
    const nothing = checkEditForm(untouched, mumbai, known);
    expect(nothing.input).toEqual({ sid: mumbai.sid });
    expect(nothing.issues).toEqual([
      expect.objectContaining({ field: 'name', code: sandboxCodes.invalidBody, message: 'Nothing to save: change at least one field.' }),
    ]);

    const renamedAndNewAddress = checkEditForm(
      { ...editFormOf(mumbai), name: 'Acme Mumbai West', alert: { on: true, threshold: '750', emails: 'ops@acme-retail.in\nwest@acme-retail.in' } },
      mumbai,
      known,
    );
    expect(renamedAndNewAddress.issues).toEqual([]);
    expect(renamedAndNewAddress.input).toEqual({
      sid: mumbai.sid,
      name: 'Acme Mumbai West',
      lowBalanceAlert: { thresholdMinor: 75_000, emails: ['ops@acme-retail.in', 'west@acme-retail.in'] },
    });

    const alertOff = checkEditForm({ ...editFormOf(mumbai), alert: { on: false, threshold: '500.00', emails: '' } }, mumbai, known);
    expect(alertOff.input).toEqual({ sid: mumbai.sid, lowBalanceAlert: null });
  });

  it('lets an account change the case of its own name, never take another account’s', () => {
    expect(checkEditForm({ ...editFormOf(mumbai), name: 'ACME MUMBAI' }, mumbai, known)).toEqual({
      input: { sid: mumbai.sid, name: 'ACME MUMBAI' },
      issues: [],
    });
    expect(checkEditForm({ ...editFormOf(mumbai), name: 'Acmenorth' }, mumbai, known).issues).toEqual([
      expect.objectContaining({ field: 'name', code: sandboxCodes.nameTaken }),
    ]);
  });

  it('changes a shared account’s monthly limit only to a whole amount', () => {
    expect(checkEditForm({ ...editFormOf(globexBerlin), monthlyLimit: '2,500' }, globexBerlin, []).input).toEqual({
      sid: globexBerlin.sid,
      monthlyLimitMinor: 250_000,
    });
    const decimals = checkEditForm({ ...editFormOf(globexBerlin), monthlyLimit: '2500.75' }, globexBerlin, []);
    expect(decimals.input).toEqual({ sid: globexBerlin.sid });
    expect(decimals.issues).toEqual([expect.objectContaining({ field: 'monthlyLimitMinor', code: rbcCodes.monthlyLimitInvalid })]);
  });
});

describe('checkCreditForm', () => {
  const mumbai = acmeRows[1]!;

  it('recharges from what the parent has and withdraws no more than the account holds', () => {
    expect(checkCreditForm('recharge', '1,000', mumbai, acmeRetail)).toEqual({ amountMinor: 100_000, issue: null });
    expect(checkCreditForm('recharge', '5000.50', mumbai, acmeRetail)).toEqual({
      amountMinor: 500_050,
      issue: expect.objectContaining({ code: rbcCodes.prepaidBalanceInsufficient }),
    });
    // Mumbai holds ₹125.50.
    expect(checkCreditForm('withdraw', '125.50', mumbai, acmeRetail)).toEqual({ amountMinor: 12_550, issue: null });
    expect(checkCreditForm('withdraw', '125.51', mumbai, acmeRetail).issue).toMatchObject({
      field: 'amountMinor',
      code: sandboxCodes.withdrawalExceedsBalance,
    });
  });

  it('refuses nothing typed, zero and a shared account, each with its reason', () => {
    expect(checkCreditForm('recharge', '  ', mumbai, acmeRetail)).toEqual({
      amountMinor: null,
      issue: expect.objectContaining({ message: 'Enter an amount.' }),
    });
    expect(checkCreditForm('recharge', '0.00', mumbai, acmeRetail).issue).toMatchObject({ code: sandboxCodes.amountZero });
    const shared = row({
      sid: 'HXSA2000021DE',
      name: 'Globex Berlin',
      email: 'berlin@globex-corp.de',
      creditType: 'shared',
      currency: 'USD',
      balanceMinor: null,
    });
    expect(checkCreditForm('recharge', '100', shared, globex).issue).toMatchObject({ code: rbcCodes.creditAmountNotApplicable });
  });
});

describe('errorsOf, placeError and knownOf', () => {
  it('keeps the first issue of each field, with its code for the Details disclosure', () => {
    const errors = errorsOf([
      { field: 'email', code: sandboxCodes.emailInvalid, message: 'first' },
      { field: 'email', code: sandboxCodes.emailTaken, message: 'second' },
      { field: 'name', code: sandboxCodes.nameInvalid, message: 'name' },
    ]);
    expect(errors).toEqual({ email: { message: 'first', code: sandboxCodes.emailInvalid }, name: { message: 'name', code: sandboxCodes.nameInvalid } });
  });

  it('puts an API refusal on the field it names when the dialog has that field, else above the form, without codes in the text', () => {
    const onEmail = new DeskError('RULE_VIOLATED', 'SBX-EMAIL-TAKEN: Another sub-account already uses this e-mail.', {
      field: 'email',
      apiCode: 'SBX-EMAIL-TAKEN',
    });
    expect(placeError(onEmail, ['name', 'email'])).toEqual({
      fieldErrors: { email: { message: 'Another sub-account already uses this e-mail.', code: 'SBX-EMAIL-TAKEN' } },
      banner: null,
    });
    expect(placeError(onEmail, ['amountMinor'])).toEqual({
      fieldErrors: {},
      banner: { message: 'Another sub-account already uses this e-mail.', code: 'SBX-EMAIL-TAKEN' },
    });
    expect(placeError(new Error('socket hang up'), ['name']).banner?.message).not.toContain('socket');
  });

  it('keeps only what the uniqueness rules need', () => {
    expect(knownOf(acmeRows)).toEqual([
      { sid: 'HXSA1000011IN', name: 'AcmeNorth', email: 'north@acme-retail.in', status: 'active' },
      { sid: 'HXSA1000012IN', name: 'Acme Mumbai', email: 'mumbai@acme-retail.in', status: 'active' },
      { sid: 'HXSA1000013IN', name: 'Acme South', email: 'south@acme-retail.in', status: 'deleted' },
    ]);
  });
});
