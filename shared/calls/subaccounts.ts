import { z } from 'zod';
import { creditType, subaccountStatus } from '../kaleyra/subaccount';
import { isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';

/** Integer minor units (paise, cents). Signs and ranges are the platform rules' business, not the schema's. */
const minorAmount = z.number().int().safe();
const subaccountSid = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_]+$/, 'A SID has only letters, digits and _');
const emailText = z.string().max(320);

export const subaccountView = z.strictObject({
  sid: z.string(),
  name: z.string(),
  email: z.string(),
  status: subaccountStatus,
  creditType: creditType,
  channels: z.array(z.string()),
  country: z.string().nullable(),
  currency: z.string().nullable(),
  /** Assigned sub-accounts: their own balance, in minor units. */
  balanceMinor: z.number().int().nullable(),
  /** Shared sub-accounts: the monthly usage cap and what was used this month, in minor units. */
  monthlyLimitMinor: z.number().int().nullable(),
  usedThisMonthMinor: z.number().int().nullable(),
  syncedAt: isoInstant,
});
export type SubaccountView = z.infer<typeof subaccountView>;

export const lowBalanceAlertView = z.strictObject({ thresholdMinor: minorAmount.nullable(), emails: z.array(z.string()) });

/** One sub-account as the API answers for it alone: the list's fields plus what only edit needs. */
export const subaccountDetail = subaccountView.extend({
  /** null when the alert is off. */
  lowBalanceAlert: lowBalanceAlertView.nullable(),
});
export type SubaccountDetail = z.infer<typeof subaccountDetail>;

export const parentBilling = z.enum(['prepaid', 'postpaid']);

/** What the parent can give its sub-accounts right now, as the API reported it. */
export const parentFunds = z.strictObject({
  sid: z.string(),
  billing: parentBilling,
  currency: z.string(),
  /** Prepaid: the balance. Postpaid: what is left of this month's credit limit. */
  availableMinor: minorAmount,
  balanceMinor: minorAmount.nullable(),
  creditLimitMinor: minorAmount.nullable(),
  usedThisMonthMinor: minorAmount.nullable(),
  allowedCreditTypes: z.array(creditType),
  checkedAt: isoInstant,
});
export type ParentFunds = z.infer<typeof parentFunds>;

const lowBalanceAlertInput = z.strictObject({ thresholdMinor: minorAmount.nullable(), emails: z.array(emailText).max(50) });

export const creditHistoryKind = z.enum(['initial_credit', 'recharge', 'withdrawal', 'deletion_return', 'observed']);
export type CreditHistoryKind = z.infer<typeof creditHistoryKind>;

/** One credit movement: positive funds the sub-account, negative went back to the parent. */
export const creditHistoryEntry = z.strictObject({
  id: z.number().int(),
  sid: z.string(),
  subaccountName: z.string(),
  kind: creditHistoryKind,
  amountMinor: minorAmount,
  currency: z.string(),
  /** The sub-account's balance right after, when known. */
  balanceAfterMinor: minorAmount.nullable(),
  /** `desktop`: this desktop made it. `pull`: seen in a sync (spend, refunds, another desktop). */
  source: z.enum(['desktop', 'pull']),
  at: isoInstant,
});
export type CreditHistoryEntry = z.infer<typeof creditHistoryEntry>;

const sidInput = z.strictObject({ sid: subaccountSid });
const creditMoveInput = z.strictObject({ sid: subaccountSid, amountMinor: minorAmount });

export const subaccountCalls = {
  'subaccounts.list': defineCall({
    input: z.strictObject({
      search: z.string().max(200).optional(),
      status: subaccountStatus.optional(),
    }),
    output: z.array(subaccountView),
    access: 'parent-only',
  }),
  /** null when the API offers no billing figures (the path is the sandbox's; a real account may lack it). */
  'subaccounts.parentFunds': defineCall({ input: z.strictObject({}), output: parentFunds.nullable(), access: 'parent-only' }),
  /** Every platform rule is checked before anything is sent (RULE_VIOLATED with the platform's code). */
  'subaccounts.create': defineCall({
    input: z.strictObject({
      name: z.string().max(400),
      email: emailText,
      country: z.string().max(8),
      creditType,
      /** Send the owner an invitation; the account stays `invited` until it is accepted. */
      invite: z.boolean().default(false),
      creditAmountMinor: minorAmount.optional(),
      monthlyLimitMinor: minorAmount.optional(),
      lowBalanceAlert: lowBalanceAlertInput.optional(),
    }),
    output: subaccountDetail,
    access: 'parent-only',
  }),
  'subaccounts.get': defineCall({ input: sidInput, output: subaccountDetail, access: 'parent-only' }),
  /** Only what the platform lets change: the name, plus the alert (assigned) or the monthly limit (shared). */
  'subaccounts.edit': defineCall({
    input: z.strictObject({
      sid: subaccountSid,
      name: z.string().max(400).optional(),
      monthlyLimitMinor: minorAmount.optional(),
      /** null turns the low-balance alert off. */
      lowBalanceAlert: lowBalanceAlertInput.nullable().optional(),
    }),
    output: subaccountDetail,
    access: 'parent-only',
  }),
  'subaccounts.recharge': defineCall({ input: creditMoveInput, output: subaccountDetail, access: 'parent-only' }),
  'subaccounts.withdraw': defineCall({ input: creditMoveInput, output: subaccountDetail, access: 'parent-only' }),
  'subaccounts.suspend': defineCall({ input: sidInput, output: subaccountDetail, access: 'parent-only' }),
  'subaccounts.activate': defineCall({ input: sidInput, output: subaccountDetail, access: 'parent-only' }),
  /** `confirmName` must repeat the sub-account's name: the main side checks it too. */
  'subaccounts.delete': defineCall({
    input: z.strictObject({ sid: subaccountSid, confirmName: z.string().max(400) }),
    output: z.strictObject({
      subaccount: subaccountDetail,
      /** The balance the platform returned to the parent (0 for shared sub-accounts). */
      returnedToParentMinor: minorAmount,
      /** The API's own words about the deletion. */
      apiMessage: z.string(),
    }),
    access: 'parent-only',
  }),
  /** Newest first; `from` inclusive, `to` exclusive. */
  'subaccounts.creditHistory': defineCall({
    input: z.strictObject({
      from: isoInstant.optional(),
      to: isoInstant.optional(),
      sid: subaccountSid.optional(),
      limit: z.number().int().min(1).max(10_000).default(2_000),
    }),
    output: z.strictObject({ entries: z.array(creditHistoryEntry), truncated: z.boolean() }),
    access: 'parent-only',
  }),
};

export const subaccountEvents = {
  'subaccounts.changed': z.strictObject({ profileId }),
};

export const subaccountsFeature = defineFeature({ calls: subaccountCalls, events: subaccountEvents });
