import { describe, expect, it } from 'vitest';
import { rbcCodes, sandboxCodes } from '../../../shared/kaleyra/errors';
import {
  allowedCreditTypes,
  amountFromText,
  callFieldOfWireField,
  checkCreditMove,
  checkNewSubaccount,
  checkSubaccountEdit,
  parseAmountText,
  splitEmails,
  type KnownSubaccount,
  type NewSubaccountDraft,
  type ParentFundsForRules,
} from '../../../shared/subaccount-rules';

const prepaid: ParentFundsForRules = { billing: 'prepaid', currency: 'INR', availableMinor: 7_450_00 };
const postpaid: ParentFundsForRules = { billing: 'postpaid', currency: 'USD', availableMinor: 4_700_00 };
const known: KnownSubaccount[] = [
  { sid: 'P_1', name: 'AcmeNorth', email: 'north@acme-retail.example', status: 'active' },
  { sid: 'P_9', name: 'Gone', email: 'gone@acme-retail.example', status: 'deleted' },
];
const valid: NewSubaccountDraft = { name: 'Acme East', email: 'east@acme-retail.example', country: 'IN', creditType: 'assigned', creditAmountMinor: 1_000_00 };

const codes = (draft: Partial<NewSubaccountDraft>, parent: ParentFundsForRules | null = prepaid) =>
  Object.fromEntries(checkNewSubaccount({ ...valid, ...draft }, { parent, known }).map((issue) => [issue.field, issue.code]));

describe('sub-account rules (the platform’s codes, checked before sending)', () => {
  it('accept a valid assigned sub-account', () => {
    expect(checkNewSubaccount(valid, { parent: prepaid, known })).toEqual([]);
  });

  it('check names: letters and digits, at most 160, unique among live sub-accounts whatever the case', () => {
    expect(codes({ name: '' })).toEqual({ name: sandboxCodes.nameInvalid });
    expect(codes({ name: 'Acme-East' })).toEqual({ name: sandboxCodes.nameInvalid });
    expect(codes({ name: 'a'.repeat(161) })).toEqual({ name: sandboxCodes.nameInvalid });
    expect(codes({ name: 'a'.repeat(160) })).toEqual({});
    expect(codes({ name: 'acmenorth' })).toEqual({ name: sandboxCodes.nameTaken });
    expect(codes({ name: 'Gone' })).toEqual({});
  });

  it('check e-mails: valid, a business address, not already used', () => {
    expect(codes({ email: 'east@' })).toEqual({ email: sandboxCodes.emailInvalid });
    expect(codes({ email: 'someone@gmail.com' })).toEqual({ email: sandboxCodes.emailNotBusiness });
    expect(codes({ email: 'NORTH@acme-retail.example' })).toEqual({ email: sandboxCodes.emailTaken });
  });

  it('check the country: required and an ISO code', () => {
    expect(codes({ country: '' })).toEqual({ country: rbcCodes.countryRequired });
    expect(codes({ country: 'XX' })).toEqual({ country: rbcCodes.countryInvalid });
    expect(codes({ country: 'gb' })).toEqual({});
  });

  it('let the parent’s billing decide the credit types', () => {
    expect(allowedCreditTypes('prepaid')).toEqual(['assigned']);
    expect(allowedCreditTypes('postpaid')).toEqual(['assigned', 'shared']);
    expect(codes({ creditType: 'shared', creditAmountMinor: undefined, monthlyLimitMinor: 500_00 })).toEqual({
      creditType: rbcCodes.sharedNeedsPostpaidParent,
    });
    expect(codes({ creditType: 'shared', creditAmountMinor: undefined, monthlyLimitMinor: 500_00 }, postpaid)).toEqual({});
  });

  it('require initial credit that the parent covers (prepaid balance, postpaid allowance)', () => {
    expect(codes({ creditAmountMinor: null })).toEqual({ creditAmountMinor: rbcCodes.creditAmountRequired });
    expect(codes({ creditAmountMinor: 0 })).toEqual({ creditAmountMinor: rbcCodes.creditAmountNotNumeric });
    expect(codes({ creditAmountMinor: 7_450_00 })).toEqual({});
    expect(codes({ creditAmountMinor: 7_450_01 })).toEqual({ creditAmountMinor: rbcCodes.prepaidBalanceInsufficient });
    expect(codes({ creditAmountMinor: 4_700_01 }, postpaid)).toEqual({ creditAmountMinor: rbcCodes.postpaidAllowanceInsufficient });
    expect(codes({ creditAmountMinor: 9_999_999_00 }, null)).toEqual({});
    expect(codes({ monthlyLimitMinor: 100_00 })).toEqual({ monthlyLimitMinor: rbcCodes.monthlyLimitNotApplicable });
  });

  it('check the low-balance alert: threshold and 1–10 distinct valid addresses', () => {
    const alert = (thresholdMinor: number | null, emails: string[]) => codes({ lowBalanceAlert: { thresholdMinor, emails } });
    expect(alert(100_00, ['a@acme-retail.example'])).toEqual({});
    expect(alert(null, ['a@acme-retail.example'])).toEqual({ 'lowBalanceAlert.thresholdMinor': rbcCodes.lowBalanceAlertIncomplete });
    expect(alert(-5, ['a@acme-retail.example'])).toEqual({ 'lowBalanceAlert.thresholdMinor': rbcCodes.lowBalanceAmountInvalid });
    expect(alert(100_00, [])).toEqual({ 'lowBalanceAlert.emails': rbcCodes.lowBalanceEmailsRequired });
    expect(
      alert(
        100_00,
        Array.from({ length: 11 }, (_, i) => `a${i}@x.example`),
      ),
    ).toEqual({ 'lowBalanceAlert.emails': rbcCodes.lowBalanceEmailsTooMany });
    expect(alert(100_00, ['nope'])).toEqual({ 'lowBalanceAlert.emails': rbcCodes.lowBalanceEmailInvalid });
    expect(alert(100_00, ['a@x.example', 'A@x.example'])).toEqual({ 'lowBalanceAlert.emails': rbcCodes.lowBalanceEmailsDuplicate });
  });

  it('check shared sub-accounts: a whole monthly limit, no credit, no alert', () => {
    const shared = (draft: Partial<NewSubaccountDraft>) => codes({ creditType: 'shared', creditAmountMinor: undefined, ...draft }, postpaid);
    expect(shared({ monthlyLimitMinor: null })).toEqual({ monthlyLimitMinor: rbcCodes.monthlyLimitRequired });
    expect(shared({ monthlyLimitMinor: 500_50 })).toEqual({ monthlyLimitMinor: rbcCodes.monthlyLimitInvalid });
    expect(shared({ monthlyLimitMinor: 0 })).toEqual({ monthlyLimitMinor: rbcCodes.monthlyLimitInvalid });
    expect(shared({ monthlyLimitMinor: 500_00, creditAmountMinor: 5 })).toEqual({ creditAmountMinor: rbcCodes.creditAmountNotApplicable });
    expect(shared({ monthlyLimitMinor: 500_00, lowBalanceAlert: { thresholdMinor: 1, emails: ['a@x.example'] } })).toEqual({
      lowBalanceAlert: rbcCodes.lowBalanceNotApplicable,
    });
  });

  it('allow only the edits the credit type allows', () => {
    type EditedSubaccount = Parameters<typeof checkSubaccountEdit>[1];
    const assigned: EditedSubaccount = {
      sid: 'P_1',
      name: 'AcmeNorth',
      email: 'north@acme-retail.example',
      status: 'active',
      creditType: 'assigned',
      currency: 'INR',
    };
    const shared: EditedSubaccount = { ...assigned, creditType: 'shared' };
    const edit = (draft: Parameters<typeof checkSubaccountEdit>[0], sub = assigned) => checkSubaccountEdit(draft, sub, known).map((issue) => issue.code);
    expect(edit({ name: 'AcmeNorth' })).toEqual([]);
    expect(edit({})).toEqual([sandboxCodes.invalidBody]);
    expect(edit({ monthlyLimitMinor: 100_00 })).toEqual([rbcCodes.monthlyLimitNotApplicable]);
    expect(edit({ lowBalanceAlert: null }, shared)).toEqual([rbcCodes.lowBalanceNotApplicable]);
    expect(edit({ monthlyLimitMinor: 100_00 }, shared)).toEqual([]);
    expect(edit({ name: 'Gone' })).toEqual([]);
    expect(edit({ name: 'AcmeNorth' }, { ...assigned, sid: 'P_2', name: 'Other' })).toEqual([sandboxCodes.nameTaken]);
  });

  it('keep recharges within what the parent has and withdrawals above zero', () => {
    const sub = { name: 'AcmeNorth', status: 'active' as const, creditType: 'assigned' as const, balanceMinor: 2_000_00, currency: 'INR' };
    expect(checkCreditMove('recharge', 7_450_00, sub, prepaid)).toBeNull();
    expect(checkCreditMove('recharge', 7_450_01, sub, prepaid)?.code).toBe(rbcCodes.prepaidBalanceInsufficient);
    expect(checkCreditMove('recharge', 4_700_01, sub, postpaid)?.code).toBe(rbcCodes.postpaidAllowanceInsufficient);
    expect(checkCreditMove('withdraw', 2_000_00, sub, null)).toBeNull();
    expect(checkCreditMove('withdraw', 2_000_01, sub, null)?.code).toBe(sandboxCodes.withdrawalExceedsBalance);
    expect(checkCreditMove('withdraw', 0, sub, null)?.code).toBe(sandboxCodes.amountZero);
    expect(checkCreditMove('withdraw', -5, sub, null)?.code).toBe(sandboxCodes.amountInvalid);
    expect(checkCreditMove('recharge', 1, { ...sub, creditType: 'shared' }, prepaid)?.code).toBe(rbcCodes.creditAmountNotApplicable);
    expect(checkCreditMove('recharge', 1, { ...sub, status: 'deleted' }, prepaid)?.code).toBe(sandboxCodes.accountDeleted);
  });

  it('read typed amounts exactly, refusing more decimals than the currency has', () => {
    expect(parseAmountText('1,000.50', 'INR')).toEqual({ ok: true, minor: 1_000_50 });
    expect(parseAmountText('  ', 'INR')).toEqual({ ok: false, reason: 'empty' });
    expect(parseAmountText('1.005', 'INR')).toEqual({ ok: false, reason: 'too-precise' });
    expect(parseAmountText('-3', 'INR')).toEqual({ ok: false, reason: 'negative' });
    expect(parseAmountText('ten', 'INR')).toEqual({ ok: false, reason: 'invalid' });
    const codesFor = { empty: rbcCodes.creditAmountRequired, invalid: rbcCodes.creditAmountNotNumeric };
    expect(amountFromText('', 'INR', 'creditAmountMinor', codesFor, 'x').issue?.code).toBe(rbcCodes.creditAmountRequired);
    expect(amountFromText('1e3', 'INR', 'creditAmountMinor', codesFor, 'x').issue?.code).toBe(rbcCodes.creditAmountNotNumeric);
    expect(splitEmails('a@x.example, b@x.example;\nc@x.example')).toEqual(['a@x.example', 'b@x.example', 'c@x.example']);
  });

  it('name API fields as the calls do', () => {
    expect(callFieldOfWireField('account_name')).toBe('name');
    expect(callFieldOfWireField('low_balance_alert_emails')).toBe('lowBalanceAlert.emails');
    expect(callFieldOfWireField('amount')).toBe('amountMinor');
    expect(callFieldOfWireField('something_else')).toBeUndefined();
  });
});
