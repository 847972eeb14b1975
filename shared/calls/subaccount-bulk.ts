import { z } from 'zod';
import { subaccountFilter } from './console-pages';
import { defineCall, defineFeature } from './define';

const subaccountSid = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_]+$/, 'A SID has only letters, digits and _');

/** What a bulk action does to each chosen sub-account. */
export const bulkActionKind = z.enum(['recharge', 'suspend', 'activate']);
export type BulkActionKind = z.infer<typeof bulkActionKind>;

/**
 * How one account fared: `done` (now, or by an earlier attempt of the same action: `repeated`),
 * `refused` (the API or a platform rule said no; safe to try again), `unknown` (an earlier attempt
 * may have reached the API: never sent again, check the account first), `skipped` (nothing to do,
 * e.g. already suspended).
 */
export const bulkOutcome = z.enum(['done', 'refused', 'unknown', 'skipped']);
export type BulkOutcome = z.infer<typeof bulkOutcome>;

export const bulkActionInput = z
  .strictObject({
    /** Chosen by the client once per confirmed action and reused on retry: an account already done is never done twice. */
    operationId: z.string().uuid(),
    action: bulkActionKind,
    /** The accounts chosen one by one, or (instead) `matching`. */
    sids: z.array(subaccountSid).min(1).max(20_000).optional(),
    /** Every sub-account matching the list's filters (not deleted), less `exceptSids`: the core resolves them from its store. */
    matching: z.strictObject({ ...subaccountFilter.shape, exceptSids: z.array(subaccountSid).max(20_000).default([]) }).optional(),
    /** Recharge only: the amount for each account, in minor units. */
    amountMinor: z.number().int().safe().positive().optional(),
  })
  .refine((input) => (input.action === 'recharge') === (input.amountMinor !== undefined), {
    message: 'A recharge needs an amount; suspend and activate take none',
    path: ['amountMinor'],
  })
  .refine((input) => (input.sids === undefined) !== (input.matching === undefined), {
    message: 'Choose the accounts either one by one or as all matching the filters',
    path: ['sids'],
  })
  .refine((input) => input.sids === undefined || new Set(input.sids).size === input.sids.length, {
    message: 'Each sub-account may be chosen once',
    path: ['sids'],
  });
export type BulkActionInput = z.infer<typeof bulkActionInput>;

export const bulkItemResult = z.strictObject({
  sid: z.string(),
  name: z.string(),
  outcome: bulkOutcome,
  /** True when an earlier attempt of this operation already did it. */
  repeated: z.boolean(),
  message: z.string(),
  balanceAfterMinor: z.number().int().safe().nullable(),
  currency: z.string().nullable(),
});
export type BulkItemResult = z.infer<typeof bulkItemResult>;

export const bulkActionResult = z.strictObject({
  operationId: z.string(),
  action: bulkActionKind,
  results: z.array(bulkItemResult),
});
export type BulkActionResult = z.infer<typeof bulkActionResult>;

export const subaccountBulkCalls = {
  /** One confirmed action over many sub-accounts, account by account, with a result for each. */
  'subaccounts.bulk': defineCall({ input: bulkActionInput, output: bulkActionResult, access: 'parent-only' }),
};

export const subaccountBulkFeature = defineFeature({ calls: subaccountBulkCalls });
