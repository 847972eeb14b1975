import { IANAZone } from 'luxon';
import { z } from 'zod';
import { creditType, subaccountStatus } from '../kaleyra/subaccount';
import { isoInstant } from './common';
import { defineCall, defineFeature } from './define';
import { spendFigureSources } from './spend-sources';

/** Integer minor units (paise, cents). */
const minorAmount = z.number().int().safe();
const count = z.number().int().min(0);
const accountSid = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9_]+$/, 'A SID has only letters, digits and _');
const ianaZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'Not a known IANA time zone (e.g. Asia/Kolkata)' });

/**
 * The period a dashboard covers: `from` inclusive, `to` exclusive (UTC instants); days are cut in
 * `zone` (the viewer's IANA zone) so "per day" means the viewer's calendar days.
 */
export const spendPeriod = z
  .strictObject({ from: isoInstant, to: isoInstant, zone: ianaZone })
  .refine((period) => Date.parse(period.from) < Date.parse(period.to), { message: 'The period must end after it starts', path: ['to'] });
export type SpendPeriod = z.infer<typeof spendPeriod>;

/**
 * What the API says happened to the messages of one group (an account, a campaign, a wave, a
 * country). Money comes from the API; the desktop never computes a charge itself.
 */
export const spendFigures = z.strictObject({
  /** Charged and kept (delivered or on their way): the API's charges minus its refunds. */
  actualMinor: minorAmount,
  actualUnits: count,
  /** Charged, then refunded (undelivered, cancelled). */
  refundedMinor: minorAmount,
  /** Charged by the API for messages still waiting for their scheduled time. */
  scheduledMinor: minorAmount,
  scheduledUnits: count,
  /** Every message, scheduled ones included: sent = messages − scheduledMessages. */
  messages: count,
  /** Messages still waiting for their scheduled time (not sent yet). */
  scheduledMessages: count,
  delivered: count,
  undelivered: count,
  notSent: count,
  /** Accepted, no final status yet (Sent or Scheduled). */
  pending: count,
});
export type SpendFigures = z.infer<typeof spendFigures>;

/** The desktop's own figures: drafts' estimates and money promised to requests not yet charged. */
export const desktopFigures = z.strictObject({
  plannedMinor: minorAmount,
  /** Drafts that could not be estimated (incomplete, no rate card): counted, not priced. */
  unestimatedDrafts: count,
  /** Reservations of this desktop's launches not yet charged by the API. */
  reservedMinor: minorAmount,
  /** The part of `plannedMinor` planned on the team workspace's desktops, this one included (their newest plan summaries); absent without a workspace. */
  workspacePlanned: z.strictObject({ campaigns: count, minor: minorAmount }).optional(),
});
export type DesktopFigures = z.infer<typeof desktopFigures>;

export const spendAccountRow = z.strictObject({
  sid: z.string(),
  name: z.string(),
  /** `parent`: the parent's own sends. */
  kind: z.enum(['parent', 'subaccount']),
  status: subaccountStatus.nullable(),
  creditType: creditType.nullable(),
  ...spendFigures.shape,
  ...desktopFigures.shape,
  /** committed = scheduled (API) + reserved (desktop). */
  committedMinor: minorAmount,
  /**
   * What the account had to spend: shared → its monthly usage limit; assigned → balance now plus
   * what the period charged and scheduled. null when unknown.
   */
  budgetMinor: minorAmount.nullable(),
  balanceMinor: minorAmount.nullable(),
  /** Why this account's messages could not be read (the rest of the dashboard still stands). */
  problem: z.string().nullable(),
});
export type SpendAccountRow = z.infer<typeof spendAccountRow>;

export const spendDay = z.strictObject({
  /** yyyy-mm-dd in the period's zone. */
  date: z.string(),
  byAccount: z.array(z.strictObject({ sid: z.string(), actualMinor: minorAmount, actualUnits: count })),
  actualMinor: minorAmount,
});
export type SpendDay = z.infer<typeof spendDay>;

export const spendCountryRow = z.strictObject({ country: z.string(), ...spendFigures.shape });
export type SpendCountryRow = z.infer<typeof spendCountryRow>;

export const spendCampaignRow = z.strictObject({
  sid: z.string(),
  /** null: messages sent outside Campaign Desk (no reference of ours). */
  campaignId: z.string().nullable(),
  /** Known when the campaign was made on this desktop. */
  name: z.string().nullable(),
  status: z.string().nullable(),
  budgetMinor: minorAmount.nullable(),
  /** The launch's own estimate of its waves. */
  estimatedMinor: minorAmount.nullable(),
  /** Where a draft's planned spend comes from when another desktop planned it: who, which revision, when (team workspace). */
  workspacePlan: z
    .strictObject({ plannedByName: z.string(), revision: z.number().int().min(1), plannedAt: isoInstant, recipients: count, leftOut: count })
    .optional(),
  ...spendFigures.shape,
});
export type SpendCampaignRow = z.infer<typeof spendCampaignRow>;

export const spendWaveRow = z.strictObject({
  waveNo: z.number().int(),
  zone: z.string().nullable(),
  sendAt: isoInstant.nullable(),
  recipients: count.nullable(),
  estimatedMinor: minorAmount.nullable(),
  ...spendFigures.shape,
});
export type SpendWaveRow = z.infer<typeof spendWaveRow>;

export const spendAlert = z.strictObject({
  /** Stable across pulls: the API's cursor with the SID. */
  id: z.string(),
  sid: z.string(),
  accountName: z.string(),
  kind: z.enum(['low_balance', 'usage_75_percent']),
  currency: z.string(),
  amountMinor: minorAmount,
  thresholdMinor: minorAmount,
  at: isoInstant,
});
export type SpendAlert = z.infer<typeof spendAlert>;

export const parentUse = z.strictObject({
  sid: z.string(),
  billing: z.enum(['prepaid', 'postpaid']),
  currency: z.string(),
  balanceMinor: minorAmount.nullable(),
  creditLimitMinor: minorAmount.nullable(),
  usedThisMonthMinor: minorAmount.nullable(),
  usage75Percent: z.boolean(),
  checkedAt: isoInstant,
});
export type ParentUse = z.infer<typeof parentUse>;

/** The background refresh of the local spend store from the API's message logs. */
export const spendRefreshState = z.strictObject({
  running: z.boolean(),
  /** Accounts whose log this pass has read so far, of how many. */
  accountsDone: count,
  accountsTotal: count,
  /** When the last complete pass ended; null before the first one. */
  lastRefreshedAt: isoInstant.nullable(),
  /** Why the last pass stopped early (offline, the API asked to slow down), if it did. */
  problem: z.string().nullable(),
});
export type SpendRefreshState = z.infer<typeof spendRefreshState>;

export const spendSummary = z.strictObject({
  period: z.strictObject({ from: isoInstant, to: isoInstant, zone: ianaZone }),
  currency: z.string(),
  /** null when the API offers no billing figures. */
  parent: parentUse.nullable(),
  accounts: z.array(spendAccountRow),
  totals: spendAccountRow.omit({ sid: true, name: true, kind: true, status: true, creditType: true, problem: true, balanceMinor: true }),
  days: z.array(spendDay),
  countries: z.array(spendCountryRow),
  /** Every campaign of every account with spend in the period, most spent first. */
  campaigns: z.array(spendCampaignRow),
  alerts: z.array(spendAlert),
  /** Set when alerts could not be read. */
  alertsProblem: z.string().nullable(),
  generatedAt: isoInstant,
  /** The figures are the local store's; this says how fresh they are and whether a refresh is running. */
  refresh: spendRefreshState,
  /** Each money figure's source, or why it is not known (shared/spend-source.ts). */
  figureSources: spendFigureSources.optional(),
});
export type SpendSummary = z.infer<typeof spendSummary>;

export const spendEvents = {
  /** The local spend store moved (a refresh read more of the logs): dashboards read it again. */
  'spend.changed': z.strictObject({ profileId: z.string(), refresh: spendRefreshState }),
};

export const spendCalls = {
  /** Starts a background refresh of the local store (or joins the one running); `wait` resolves when it ends. */
  'spend.refresh': defineCall({ input: z.strictObject({ wait: z.boolean() }), output: spendRefreshState, access: 'parent-only' }),
  /** The dashboard of a period, from the API's message log and billing plus the desktop's drafts and reservations. */
  'spend.summary': defineCall({ input: spendPeriod, output: spendSummary, access: 'parent-only' }),
  /** Drill-down: one account's campaigns in the period. */
  'spend.campaigns': defineCall({
    input: z.strictObject({ sid: accountSid, period: spendPeriod }),
    output: z.array(spendCampaignRow),
    access: 'parent-only',
  }),
  /** Drill-down: one campaign's waves in the period (`campaignId` null: sends made outside the desktop, as one wave). */
  'spend.waves': defineCall({
    input: z.strictObject({ sid: accountSid, campaignId: z.string().max(80).nullable(), period: spendPeriod }),
    output: z.array(spendWaveRow),
    access: 'parent-only',
  }),
};

export const spendFeature = defineFeature({ calls: spendCalls, events: spendEvents });
