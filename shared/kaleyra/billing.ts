import { z } from 'zod';

/**
 * [ours] `GET /api/v1/{sid}/billing` (Kaleyra documents no path). Amounts in major units.
 * Balance-holding accounts (prepaid parents, assigned sub-accounts) report `balance`;
 * allowance accounts (postpaid parents, shared sub-accounts) report the month's usage.
 */
export const wireBilling = z.object({
  sid: z.string(),
  account_type: z.enum(['prepaid', 'postpaid']),
  subaccount_credit_type: z.enum(['assigned', 'shared']).nullable(),
  currency: z.string(),
  balance: z.number().nullable(),
  credit_limit: z.number().nullable(),
  used_this_month: z.number().nullable(),
  remaining_this_month: z.number().nullable(),
  usage_75_percent: z.boolean().nullable(),
  period: z.object({ start: z.string(), end: z.string() }).nullable(),
  low_balance_alert: z.boolean(),
  low_balance_alert_amount: z.number().nullable(),
});
export type WireBilling = z.infer<typeof wireBilling>;

export const alertKind = z.enum(['low_balance', 'usage_75_percent']);

/** [ours] `GET /api/v1/{sid}/alerts?since=&limit=` entries. */
export const wireAlert = z.object({
  cursor: z.string(),
  sid: z.string(),
  kind: alertKind,
  currency: z.string(),
  /** balance (low_balance) or usage this month (usage_75_percent) when the alert fired */
  amount: z.number(),
  threshold: z.number(),
  emails: z.array(z.string()),
  at: z.string(),
});
export type WireAlert = z.infer<typeof wireAlert>;

export const wireAlertsPage = z.object({
  alerts: z.array(wireAlert),
  next_cursor: z.string(),
  has_more: z.boolean(),
});
