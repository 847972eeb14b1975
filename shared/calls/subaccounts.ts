import { z } from 'zod';
import { creditType, subaccountStatus } from '../kaleyra/subaccount';
import { isoInstant, profileId } from './common';
import { defineCall } from './define';

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

export const subaccountCalls = {
  'subaccounts.list': defineCall({
    input: z.strictObject({
      search: z.string().max(200).optional(),
      status: subaccountStatus.optional(),
    }),
    output: z.array(subaccountView),
    access: 'parent-only',
  }),
};

export const subaccountEvents = {
  'subaccounts.changed': z.strictObject({ profileId }),
};
