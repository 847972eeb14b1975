import { z } from 'zod';

/**
 * Wire shapes of the SMS API (`/v1/{sid}/sms`, legacy `/v1/{sid}/messages`). Kaleyra's SMS API
 * answers without the platform envelope: a body plus an `error` object, empty on success.
 */
export const MAX_RECIPIENTS_PER_SEND = 100;

export const smsType = z.enum(['OTP', 'DEFAULT', 'MKT', 'TXN']);
export type SmsType = z.infer<typeof smsType>;

/** `Scheduled` is [ours]: Kaleyra documents no status for a message waiting for its time. */
export const smsStatus = z.enum(['Scheduled', 'Sent', 'Delivered', 'UnDelivered', 'NotSent', 'Failed']);
export type SmsStatus = z.infer<typeof smsStatus>;

const flag = z.union([z.literal('0'), z.literal('1'), z.literal(0), z.literal(1), z.boolean()]);

/**
 * The fields every documented send takes besides its text (sandbox/README.md lists each with the
 * docs page that documents it). `to` is comma-separated E.164 (Kaleyra); an array is also
 * accepted [ours].
 */
const sendFields = {
  to: z.union([z.string(), z.array(z.string())]),
  sender: z.string().min(1).max(15),
  type: smsType.optional(),
  unicode: z.union([z.literal('1'), z.literal(1), z.literal('Auto'), z.literal('auto'), z.literal('0'), z.literal(0)]).optional(),
  flash: flag.optional(),
  time: z.string().optional(),
  ref_custom: z.union([z.array(z.string().max(200)).max(20), z.string().max(200)]).optional(),
  callback: z.string().max(2000).optional(),
  callback_profile_id: z.string().max(200).optional(),
  channel: z.string().regex(/^sms$/i, 'channel must be "sms" on the SMS API').optional(),
};

export const smsSendRequest = z.strictObject({
  ...sendFields,
  body: z.string().min(1).max(5000),
  template_id: z.string().max(64).optional(),
});
export type SmsSendRequest = z.infer<typeof smsSendRequest>;

/**
 * Kaleyra's template send (`POST /v2/{sid}/sms`): the text is the account's stored template with
 * `template_data` filling its variables. Slot n of the stored text takes key `varN` [ours: the
 * key naming].
 */
export const smsTemplateSendRequest = z.strictObject({
  ...sendFields,
  template_id: z.string().min(1).max(64),
  template_data: z.record(z.string(), z.union([z.string().max(500), z.number()])).optional(),
});
export type SmsTemplateSendRequest = z.infer<typeof smsTemplateSendRequest>;

/** The key of slot `index` (0-based) in `template_data`. */
export function templateDataKey(index: number): string {
  return `var${index + 1}`;
}

export const smsSendResponse = z.object({
  id: z.string(),
  sender: z.string(),
  type: z.string(),
  body: z.string(),
  createdDateTime: z.string(),
  totalCount: z.number().int(),
  data: z.array(z.object({ message_id: z.string(), recipient: z.string() })),
  error: z.object({}).passthrough(),
  /** [ours] the send was scheduled for this instant (ISO, UTC). */
  scheduledDateTime: z.string().nullable().optional(),
  /** [ours] total charged for this send, major units of `currency`. */
  charged: z.number().optional(),
  currency: z.string().optional(),
  units: z.number().int().optional(),
});
export type SmsSendResponse = z.infer<typeof smsSendResponse>;

export const smsStatusEntry = z.object({
  campaign_id: z.string(),
  status: smsStatus,
  status_details: z.string(),
});
export const smsStatusResponse = z.object({
  data: z.array(smsStatusEntry),
  error: z.object({}).passthrough(),
});
export type SmsStatusResponse = z.infer<typeof smsStatusResponse>;

/** [ours] one change of one message, as returned by `GET /v1/{sid}/sms/logs`. */
export const smsLogEntry = z.object({
  cursor: z.string(),
  message_id: z.string(),
  id: z.string(),
  recipient: z.string(),
  country: z.string().nullable(),
  status: smsStatus,
  status_details: z.string(),
  units: z.number().int(),
  charged: z.number(),
  currency: z.string(),
  ref_custom: z.array(z.string()),
  at: z.string(),
});
export type SmsLogEntry = z.infer<typeof smsLogEntry>;

export const smsLogsResponse = z.object({
  data: z.array(smsLogEntry),
  next_cursor: z.string(),
  has_more: z.boolean(),
  error: z.object({}).passthrough(),
});
export type SmsLogsResponse = z.infer<typeof smsLogsResponse>;

export const smsCancelResponse = z.object({
  id: z.string(),
  cancelled: z.number().int(),
  refunded: z.number(),
  currency: z.string(),
  error: z.object({}).passthrough(),
});

export const smsErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
export type SmsErrorResponse = z.infer<typeof smsErrorResponse>;

/** [ours] rate card: price per unit (one SMS segment) per enabled destination country. */
export const pricingResponse = z.object({
  currency: z.string(),
  data: z.array(z.object({ country: z.string(), price_per_unit: z.number() })),
  error: z.object({}).passthrough(),
});
export type PricingResponse = z.infer<typeof pricingResponse>;

/** [ours] numbers that answered STOP, per account family. */
export const optOutsResponse = z.object({
  data: z.array(z.object({ phone: z.string(), at: z.string() })),
  error: z.object({}).passthrough(),
});
export type OptOutsResponse = z.infer<typeof optOutsResponse>;
