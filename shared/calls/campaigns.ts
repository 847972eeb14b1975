import { z } from 'zod';
import { sourcedAmount } from '../spend-source';
import { deskErrorShape } from '../errors';
import { audienceId } from './audiences';
import { emptyInput, isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';
import { LEFT_OUT_REASONS } from '../left-out';
import { dltTemplateId } from '../dlt/categories';

export const campaignId = z.string().uuid();
export const campaignStatus = z.enum(['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled']);
export type CampaignStatus = z.infer<typeof campaignStatus>;
export const CampaignStatusGroup = {
  /** Launched and not stopped: the sender sends its due requests. */
  sending: ['scheduled', 'running'] as const satisfies readonly CampaignStatus[],
  /** Launched and not finished: paused ones too (their requests wait). */
  live: ['scheduled', 'running', 'paused'] as const satisfies readonly CampaignStatus[],
  /** Not sending and never going to: a draft, or a campaign that ended. */
  deletable: ['draft', 'completed', 'cancelled'] as const satisfies readonly CampaignStatus[],
} as const;
/** `sending` from its first accepted request until none waits; `cancelled` when cancelled before its time. */
export const waveStatus = z.enum(['pending', 'sending', 'sent', 'cancelled']);
export type WaveStatus = z.infer<typeof waveStatus>;
export const routeType = z.enum(['promotional', 'transactional']);
export type RouteType = z.infer<typeof routeType>;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use HH:mm, e.g. 10:00');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD');
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as IN');
/** An IANA zone name; the planner checks that it exists. */
const zoneName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/, 'Use an IANA time zone such as Asia/Kolkata');

const isoWeekday = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6), z.literal(7)]);

export const sendingWindow = z.strictObject({
  from: clockTime,
  until: clockTime,
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which nothing may be sent. */
  noSendDays: z.array(isoWeekday).max(7),
});

/** Quiet hours: the per-country presets, none at all, or the user's own windows. */
export const quietHours = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('presets') }),
  z.strictObject({ mode: z.literal('off') }),
  z.strictObject({
    mode: z.literal('custom'),
    byCountry: z.record(countryCode, sendingWindow.nullable()),
    otherwise: sendingWindow.nullable(),
  }),
]);
export type QuietHours = z.infer<typeof quietHours>;

/** When to send: a local wall time in every recipient's zone, one instant for all, or now. */
export const scheduleSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local'), localDate, localTime: clockTime }),
  z.strictObject({ kind: z.literal('instant'), utc: isoInstant }),
  z.strictObject({ kind: z.literal('now') }),
]);
export type ScheduleSpec = z.infer<typeof scheduleSpec>;
export const passedPolicy = z.enum(['skip', 'send-now', 'next-day']);

export const variantInput = z.strictObject({
  /** BCP 47 primary language ("en", "hi", "pt-BR"); matched against each recipient's language. */
  language: z
    .string()
    .trim()
    .min(2)
    .max(16)
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en or pt-BR'),
  body: z.string().min(1, 'Write the message').max(5000),
  /** Recipients whose language has no variant receive the default one. */
  isDefault: z.boolean(),
  /** The DLT template (of the profile's registry) this variant's text follows, for Indian recipients. */
  dltTemplateId: dltTemplateId.nullable().optional(),
  /** `stored-template`: sent as Kaleyra's template send (`/v2`, template_id + template_data) instead of as text. */
  dltSend: z.enum(['text', 'stored-template']).optional(),
});
export type VariantInput = z.infer<typeof variantInput>;

const variants = z
  .array(variantInput)
  .max(20)
  .refine((list) => new Set(list.map((v) => v.language.toLowerCase())).size === list.length, 'Each language may have one variant only')
  .refine((list) => list.filter((v) => v.isDefault).length <= 1, 'Only one variant can be the default');

const senderId = z
  .string()
  .trim()
  .max(15)
  .regex(/^[A-Za-z0-9 ]*$/, 'A sender ID has letters and digits only');
const budgetMinor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A unit price typed by the user for one campaign, in the account's currency ("0.0450"). */
const enteredUnitPrice = z
  .string()
  .trim()
  .regex(/^\d{1,6}(\.\d{1,9})?$/, 'Write a price per SMS such as 0.045');
/** What to do with the recipients of a destination the rate card has no price for. */
export const noPriceChoice = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('leave-out') }),
  z.strictObject({ action: z.literal('price'), unitPrice: enteredUnitPrice }),
]);
export type NoPriceChoice = z.infer<typeof noPriceChoice>;
/** Keyed by destination: an ISO country code, or "001" for numbers of no country. */
export const noPriceChoices = z.record(z.string().regex(/^([A-Z]{2}|001)$/), noPriceChoice).refine((choices) => Object.keys(choices).length <= 300);

/** Every draft field; all but the name may stay empty while drafting (launch checks completeness). */
const draftFields = {
  name: z.string().trim().min(1, 'Give the campaign a name').max(120),
  audienceId: audienceId.nullable(),
  senderId,
  routeType,
  schedule: scheduleSpec.nullable(),
  whenPassed: passedPolicy.nullable(),
  windowEnd: isoInstant.nullable(),
  quietHours,
  fallbackZone: zoneName.nullable(),
  /** The campaign's own cap in minor units of the account's currency; null = no cap. */
  budgetMinor: budgetMinor.nullable(),
  variants,
  /** Messages per minute each wave is spread over; null = as fast as the account may send. */
  throttlePerMinute: z
    .number()
    .int('Use a whole number of messages per minute')
    .min(1, 'Send at least 1 message per minute')
    .max(100_000, 'At most 100,000 messages per minute')
    .nullable(),
  /** Leave out recipients this profile messaged within so many hours; null = no cap. */
  frequencyCapHours: z.number().int('Use a whole number of hours').min(1, 'Use at least 1 hour').max(720, 'At most 720 hours (30 days)').nullable(),
  /** Per destination without a price on the rate card: leave its recipients out, or a price entered for this campaign. */
  noPriceChoices,
};

/** A draft's field names, defined once by the contract: what a draft copies from a stored campaign or its view. */
export type DraftFieldName = keyof typeof draftFields;
export const DRAFT_FIELD_NAMES = Object.keys(draftFields) as DraftFieldName[];

/** The draft's fields of a campaign (a stored record or its view), and nothing else. */
export function draftFieldsOf<T extends Record<DraftFieldName, unknown>>(campaign: T): Pick<T, DraftFieldName> {
  return Object.fromEntries(DRAFT_FIELD_NAMES.map((name) => [name, campaign[name]])) as Pick<T, DraftFieldName>;
}

export const campaignView = z.strictObject({
  id: campaignId,
  profileId,
  ...draftFields,
  variants: z.array(variantInput),
  status: campaignStatus,
  /** Bumped on every change; an update or launch names the revision it was based on. */
  revision: z.number().int().min(1),
  /** Why sending stopped by itself (key refused, account suspended, no credit), until resumed. */
  blockedReason: deskErrorShape.nullable(),
  currency: z.string().nullable(),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  launchedAt: isoInstant.nullable(),
});
export type CampaignView = z.infer<typeof campaignView>;

export const campaignSummary = z.strictObject({
  id: campaignId,
  name: z.string(),
  status: campaignStatus,
  audienceId: audienceId.nullable(),
  revision: z.number().int(),
  recipients: z.number().int().nullable(),
  blocked: z.boolean(),
  updatedAt: isoInstant,
  launchedAt: isoInstant.nullable(),
});
export type CampaignSummary = z.infer<typeof campaignSummary>;

const adjustment = z.strictObject({ reason: z.enum(['quiet-hours', 'next-day', 'send-now']), fromUtc: isoInstant, toUtc: isoInstant });

export const plannedWave = z.strictObject({
  id: z.string(),
  zone: z.string(),
  localDate: z.string(),
  localTime: z.string(),
  utc: isoInstant,
  submit: z.enum(['scheduled', 'immediate']),
  kind: z.enum(['normal', 'gap', 'overlap']),
  recipients: z.number().int(),
  units: z.number().int(),
  costMinor: z.number().int(),
  adjustments: z.array(adjustment),
  allowedUntil: isoInstant.nullable(),
  /** When the wave's last request goes: later than `utc` when a throttle spreads it, else equal. */
  lastUtc: isoInstant,
  /** The throttle spreads the wave past `allowedUntil` (into quiet hours or past the window end): the launch is refused. */
  spreadsPastWindow: z.boolean(),
});
export type PlannedWave = z.infer<typeof plannedWave>;

/** Recipients not in any wave, per reason (shared/left-out.ts), only reasons with someone. */
export const leftOutCounts = z.array(z.strictObject({ reason: z.enum(LEFT_OUT_REASONS), recipients: z.number().int() }));

const costShare = { recipients: z.number().int(), units: z.number().int(), costMinor: z.number().int() };

export const budgetLimitView = z.enum(['balance', 'monthly-limit', 'parent-allowance', 'campaign-budget']);
export const budgetView = z.strictObject({
  fits: z.boolean(),
  availableMinor: z.number().int(),
  neededMinor: z.number().int(),
  shortfallMinor: z.number().int(),
  limitedBy: budgetLimitView,
  limits: z.array(z.strictObject({ limit: budgetLimitView, availableMinor: z.number().int() })),
  /** Promised to this account's other launches and not yet charged (teammates' included). */
  reservedMinor: z.number().int(),
  /** What teammates' launches on other desktops hold (team workspace); null when the profile has not joined one. */
  teammates: z
    .strictObject({
      reservations: z.array(
        z.strictObject({
          displayName: z.string(),
          desktopName: z.string(),
          campaignName: z.string(),
          amountMinor: z.number().int(),
          currency: z.string(),
        }),
      ),
      /** Why they could not be read (the workspace out of reach); null when they were. */
      unknownReason: z.string().nullable(),
    })
    .nullable(),
  cuts: z.array(
    z.strictObject({
      kind: z.enum(['recipients', 'wave', 'variant']),
      key: z.string().nullable(),
      recipients: z.number().int(),
      savesMinor: z.number().int(),
    }),
  ),
});
export type BudgetView = z.infer<typeof budgetView>;

export const campaignPlan = z.strictObject({
  campaignId,
  generatedAt: isoInstant,
  currency: z.string().nullable(),
  /** When the balance / allowance used was read from the API, and whether it was read just now. */
  funds: z.strictObject({ source: z.enum(['live', 'cached', 'none']), asOf: isoInstant.nullable() }),
  waves: z.array(plannedWave),
  unscheduled: z.array(z.strictObject({ reason: z.string(), recipients: z.number().int(), message: z.string(), utc: isoInstant.nullable() })),
  estimate: z.strictObject({
    totalMinor: z.number().int(),
    recipients: z.number().int(),
    units: z.number().int(),
    /** `entered`: the price was typed for this campaign (the rate card has none). */
    byCountry: z.array(z.strictObject({ country: z.string(), unitPrice: z.string(), entered: z.boolean(), ...costShare })),
    byVariant: z.array(z.strictObject({ variant: z.string(), ...costShare })),
    unpriced: z.array(z.strictObject({ country: z.string().nullable(), recipients: z.number().int(), units: z.number().int() })),
  }),
  budget: budgetView.nullable(),
  /** Recipients of the audience left out before planning: on the suppression list now, or messaged within the frequency cap. */
  excluded: z.strictObject({ suppressed: z.number().int(), recentlyMessaged: z.number().int(), noPrice: z.number().int() }),
  /**
   * Every row of the audience's file accounted for: `inWaves` (the headline, the sum of the waves)
   * plus each left-out reason adds up to `fileRows`.
   */
  accounting: z.strictObject({ fileRows: z.number().int(), inWaves: z.number().int(), leftOut: leftOutCounts }),
  /** How the messages go out: requests of up to 100 recipients sharing one body. */
  requests: z.number().int(),
  segments: z.strictObject({ min: z.number().int(), max: z.number().int() }),
});
export type CampaignPlan = z.infer<typeof campaignPlan>;

const deliveryCounts = {
  recipients: z.number().int(),
  /** In the outbox, not yet accepted by the API. */
  queued: z.number().int(),
  /** Accepted and waiting for their scheduled time at the API. */
  scheduled: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  undelivered: z.number().int(),
  notSent: z.number().int(),
  /** Refused for good (the API's reason is on the request). */
  failed: z.number().int(),
  cancelled: z.number().int(),
  estimatedMinor: z.number().int(),
  /** What the API reports as charged and not refunded. */
  chargedMinor: z.number().int(),
};

/** Undelivered and not-sent messages per trace reason the API gave (ABSENT-SUB, NO-CREDITS…), most first. */
const undeliveredByReason = z.array(z.strictObject({ reason: z.string(), count: z.number().int() }));

export const waveProgress = z.strictObject({
  waveNo: z.number().int(),
  status: waveStatus,
  zone: z.string(),
  localDate: z.string(),
  localTime: z.string(),
  utc: isoInstant,
  ...deliveryCounts,
  undeliveredByReason,
});

/**
 * Why the outbox held back or skipped a request when it was due: the recipient's quiet hours, the law's window for
 * promotional messages, the campaign's window end, or the throttle's minute being full.
 */
export const sendRuleReason = z.enum(['quiet-hours', 'legal', 'window-end', 'throttle']);
export type SendRuleReason = z.infer<typeof sendRuleReason>;

/** Requests the outbox is holding back from their planned time, or skipped, by why (for the monitor). */
export const sendRuleTally = z.strictObject({
  reason: sendRuleReason,
  /** `held`: waiting for `untilUtc`; `skipped`: will not be sent (the campaign skips sends that miss their window). */
  outcome: z.enum(['held', 'skipped']),
  requests: z.number().int(),
  recipients: z.number().int(),
  /** When the earliest held request of this reason goes (null for skipped). */
  untilUtc: isoInstant.nullable(),
});
export type SendRuleTally = z.infer<typeof sendRuleTally>;

/** A campaign's actual spend, each figure with its source (shared/spend-source.ts) or why it is not known. */
export const campaignActualSpend = z.strictObject({
  /** Charged and kept. */
  actual: sourcedAmount,
  /** Charged, then refunded (undelivered, cancelled). */
  refunded: sourcedAmount,
  /** Units kept, when computed from statuses; null otherwise. */
  units: z.number().int().nullable(),
  byWave: z.array(z.strictObject({ waveNo: z.number().int(), actual: sourcedAmount })),
});
export type CampaignActualSpend = z.infer<typeof campaignActualSpend>;

export const campaignProgress = z.strictObject({
  campaignId,
  status: campaignStatus,
  blockedReason: deskErrorShape.nullable(),
  currency: z.string().nullable(),
  launchedAt: isoInstant.nullable(),
  totals: z.strictObject({ ...deliveryCounts, reservedMinor: z.number().int() }),
  /**
   * Why `chargedMinor` is not the whole truth, or null when it is: on an API that reports no
   * charges (a real account, or the sandbox documented-only) the figure is unknown, never 0.
   */
  chargedUnavailable: z.string().nullable(),
  /** The actual spend from the ledger, or computed from the documented statuses when the API reports no charges. */
  actualSpend: campaignActualSpend,
  requests: z.strictObject({
    total: z.number().int(),
    pending: z.number().int(),
    accepted: z.number().int(),
    failed: z.number().int(),
    cancelled: z.number().int(),
  }),
  waves: z.array(waveProgress),
  /** Who the launch left out, per reason: with the waves' recipients, everyone the audience file names. */
  leftOut: leftOutCounts,
  undeliveredByReason,
  /** The last permanent refusals, with the API's reason. */
  failures: z.array(z.strictObject({ waveNo: z.number().int(), recipients: z.number().int(), error: deskErrorShape })),
  /** Requests held back from their planned time or skipped when they were due, and why. */
  sendRules: z.array(sendRuleTally),
});
export type CampaignProgress = z.infer<typeof campaignProgress>;

const byCampaign = z.strictObject({ id: campaignId });

export const campaignCalls = {
  'campaigns.list': defineCall({ input: emptyInput, output: z.array(campaignSummary), access: 'anyone' }),
  'campaigns.get': defineCall({ input: byCampaign, output: campaignView, access: 'anyone' }),
  /** Works offline: drafts live in the local store only until launch. */
  'campaigns.create': defineCall({ input: z.strictObject(draftFields).partial().required({ name: true }), output: campaignView, access: 'anyone' }),
  'campaigns.update': defineCall({
    input: z
      .strictObject({ id: campaignId, revision: z.number().int().min(1), ...draftFields })
      .partial()
      .required({ id: true, revision: true }),
    output: campaignView,
    access: 'anyone',
  }),
  'campaigns.delete': defineCall({ input: byCampaign, output: z.strictObject({ deleted: z.boolean() }), access: 'anyone' }),
  /** Waves, cost and budget; uses the live balance and rate card when online, the cached ones otherwise. */
  'campaigns.plan': defineCall({ input: byCampaign, output: campaignPlan, access: 'anyone' }),
  /**
   * Re-reads the balance or allowance now, refuses with the figures if the plan does not fit
   * (after what the account's other launches have reserved), then turns the plan into outbox
   * requests in one transaction. Unscheduled recipients (time passed, zone unknown) refuse the
   * launch unless `skipUnscheduled` says to leave them out.
   */
  'campaigns.launch': defineCall({
    input: z.strictObject({ id: campaignId, revision: z.number().int().min(1), skipUnscheduled: z.boolean().optional() }),
    output: campaignProgress,
    access: 'anyone',
  }),
  'campaigns.pause': defineCall({ input: byCampaign, output: campaignProgress, access: 'anyone' }),
  'campaigns.resume': defineCall({ input: byCampaign, output: campaignProgress, access: 'anyone' }),
  /** Cancels every wave not yet sent: queued requests locally, scheduled ones at the API. */
  'campaigns.cancel': defineCall({ input: byCampaign, output: campaignProgress, access: 'anyone' }),
  'campaigns.progress': defineCall({ input: byCampaign, output: campaignProgress, access: 'anyone' }),
  /** One CSV line per recipient of a launched campaign of the active profile, formula-like cells neutralised. */
  'campaigns.exportResults': defineCall({
    input: byCampaign,
    output: z.strictObject({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    access: 'anyone',
  }),
  /** Pulls message statuses now (they are also pulled on a timer while campaigns are live). */
  'campaigns.syncStatuses': defineCall({
    input: emptyInput,
    output: z.strictObject({ applied: z.number().int(), mode: z.enum(['logs', 'status']) }),
    access: 'anyone',
  }),
};

export const campaignEvents = {
  'campaigns.changed': z.strictObject({ profileId, campaignId: campaignId.nullable() }),
  'campaigns.progress': z.strictObject({
    profileId,
    campaignId,
    status: campaignStatus,
    blocked: z.boolean(),
    queued: z.number().int(),
    accepted: z.number().int(),
    failed: z.number().int(),
    recipients: z.number().int(),
  }),
};

export const campaignsFeature = defineFeature({ calls: campaignCalls, events: campaignEvents });
