import { z } from 'zod';
import { sourcedAmount, spendSource } from '../spend-source';

/**
 * Where each of the dashboard's money figures came from (shared/spend-source.ts), or why it is
 * not known. On an API without the message log [ours] (a real Kaleyra account, the sandbox
 * documented-only) an account's actual spend is unavailable with the reason, and the campaigns
 * this desktop launched are priced from their documented statuses instead.
 */
export const spendFigureSources = z.strictObject({
  /** The parent's own balance (prepaid) or use of its monthly limit (postpaid). */
  parentFunds: sourcedAmount,
  accounts: z.array(
    z.strictObject({
      sid: z.string(),
      /** Actual spend in the period (charged minus refunded). */
      actual: sourcedAmount,
      /** Assigned: the balance; shared: used this month; the parent: its own funds. */
      funds: sourcedAmount,
    }),
  ),
  campaigns: z.array(
    z.strictObject({
      sid: z.string(),
      campaignId: z.string().nullable(),
      actual: sourcedAmount,
      refunded: sourcedAmount,
    }),
  ),
});
export type SpendFigureSources = z.infer<typeof spendFigureSources>;

/** Accounts whose figure has the same source (or the same reason it is not known): a few lines at any number of accounts. */
export const spendSourceGroup = z.strictObject({
  source: spendSource.nullable(),
  reason: z.string().nullable(),
  accounts: z.number().int().nonnegative(),
});
export type SpendSourceGroup = z.infer<typeof spendSourceGroup>;

/** The overview's sources: grouped per account (not one entry per account), and the campaigns the overview lists. */
export const spendOverviewSources = z.strictObject({
  parentFunds: sourcedAmount,
  actual: z.array(spendSourceGroup),
  funds: z.array(spendSourceGroup),
  campaigns: spendFigureSources.shape.campaigns,
});
export type SpendOverviewSources = z.infer<typeof spendOverviewSources>;
