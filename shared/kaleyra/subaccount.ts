import { z } from 'zod';

/** Wire shape of a sub-account in `GET /api/v1/{sid}/subaccounts` (amounts in major units). */
export const subaccountStatus = z.enum(['invited', 'active', 'suspended', 'deleted']);
export type SubaccountStatus = z.infer<typeof subaccountStatus>;

export const creditType = z.enum(['assigned', 'shared']);
export type CreditType = z.infer<typeof creditType>;

export const wireAmount = z.union([z.number(), z.string()]);

export const wireSubaccount = z.object({
  account_name: z.string(),
  email: z.string(),
  status: subaccountStatus,
  sid: z.string(),
  api_key: z.string().optional(),
  channels: z.array(z.string()),
  low_balance_alert: z.union([z.boolean(), z.number(), z.string()]).optional(),
  subaccount_credit_type: creditType,
  balance: wireAmount.nullable().optional(),
  ip_config_name: z.string().nullable().optional(),
  country_iso_code: z.string().optional(),
  currency: z.string().optional(),
  monthly_usage_limit: wireAmount.nullable().optional(),
  used_this_month: wireAmount.nullable().optional(),
  low_balance_alert_amount: wireAmount.nullable().optional(),
  low_balance_alert_emails: z.array(z.string()).optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type WireSubaccount = z.infer<typeof wireSubaccount>;

/** Request bodies of the sub-account API (amounts accepted as numbers or decimal strings). */
const alertFlag = z.union([z.boolean(), z.literal(0), z.literal(1)]);

export const createSubaccountRequest = z.strictObject({
  account_name: z.string(),
  email: z.string(),
  is_invited: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
  country_iso_code: z.string().optional(),
  channels: z.array(z.string()).optional(),
  subaccount_credit_type: z.string(),
  credit_amount: z.unknown().optional(),
  monthly_usage_limit: z.unknown().optional(),
  low_balance_alert: alertFlag.optional(),
  low_balance_alert_amount: z.unknown().optional(),
  low_balance_alert_emails: z.array(z.string()).optional(),
});
export type CreateSubaccountRequest = z.infer<typeof createSubaccountRequest>;

/** PATCH: every field optional; fields fixed at creation are listed so they can be refused by name. */
export const patchSubaccountRequest = z.strictObject({
  account_name: z.string().optional(),
  credit_amount: z.unknown().optional(),
  monthly_usage_limit: z.unknown().optional(),
  low_balance_alert: alertFlag.optional(),
  low_balance_alert_amount: z.unknown().optional(),
  low_balance_alert_emails: z.array(z.string()).optional(),
  email: z.unknown().optional(),
  channels: z.unknown().optional(),
  country_iso_code: z.unknown().optional(),
  subaccount_credit_type: z.unknown().optional(),
  is_invited: z.unknown().optional(),
});
export type PatchSubaccountRequest = z.infer<typeof patchSubaccountRequest>;

export const rechargeRequest = z.strictObject({ amount: z.unknown().optional() });
export type RechargeRequest = z.infer<typeof rechargeRequest>;
