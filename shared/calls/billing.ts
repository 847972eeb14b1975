import { z } from 'zod';
import { emptyInput, isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';

/** The active account's money as last pulled: a balance (prepaid, assigned) or a monthly allowance. */
export const billingView = z.strictObject({
  profileId,
  pulledAt: isoInstant,
  accountType: z.enum(['prepaid', 'postpaid']),
  creditType: z.enum(['assigned', 'shared']).nullable(),
  currency: z.string(),
  balanceMinor: z.number().int().nullable(),
  creditLimitMinor: z.number().int().nullable(),
  usedMinor: z.number().int().nullable(),
  remainingMinor: z.number().int().nullable(),
  usage75Percent: z.boolean().nullable(),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
});
export type BillingView = z.infer<typeof billingView>;

export const billingCalls = {
  'billing.summary': defineCall({ input: emptyInput, output: billingView.nullable(), access: 'anyone' }),
};

export const billingEvents = {
  'billing.changed': z.strictObject({ profileId }),
};

export const billingFeature = defineFeature({ calls: billingCalls, events: billingEvents });
