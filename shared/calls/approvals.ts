import { z } from 'zod';
import { emptyInput, isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';

/**
 * Approvals in the team workspace: a parent manager requires approval for a sub-account's campaigns
 * estimated above an amount; the team asks for one revision of a campaign; a parent manager
 * approves or rejects it. The launch refuses until that exact revision is approved.
 */

/** A request's status, as the workspace stores it (`desk.approvals.status`). */
export const APPROVAL_STATUSES = ['requested', 'approved', 'rejected'] as const;
export const approvalStatus = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof approvalStatus>;

/** What a parent manager may decide. */
export const approvalDecision = z.enum(['approved', 'rejected']);
export type ApprovalDecision = z.infer<typeof approvalDecision>;

/**
 * Where a campaign stands with its sub-account's approval rule:
 * - `not-needed`: no rule, no workspace, or an estimate at or below the threshold;
 * - `needs-request`: above the threshold and never asked for;
 * - `pending`: asked for this revision, not decided yet;
 * - `approved`: this exact revision is approved (the only state above the threshold that launches);
 * - `rejected`: this revision was rejected;
 * - `voided`: an approval or request was for an earlier version (edited here or on another desktop since).
 */
export const CAMPAIGN_APPROVAL_STATES = ['not-needed', 'needs-request', 'pending', 'approved', 'rejected', 'voided'] as const;
export const campaignApprovalState = z.enum(CAMPAIGN_APPROVAL_STATES);
export type CampaignApprovalState = z.infer<typeof campaignApprovalState>;

const minor = z.number().int().safe();
const campaignId = z.uuid();
const note = z.string().trim().max(500, 'Keep the note under 500 characters');

/** The request a campaign's state refers to (the latest one of the campaign). */
export const approvalRequestView = z.strictObject({
  /** The workspace revision the request is for. */
  revision: z.number().int().min(1),
  status: approvalStatus,
  estimateMinor: minor,
  requestedBy: z.string(),
  requestedAt: isoInstant,
  decidedBy: z.string().nullable(),
  decidedAt: isoInstant.nullable(),
  note: z.string(),
});
export type ApprovalRequestView = z.infer<typeof approvalRequestView>;

export const campaignApproval = z.strictObject({
  campaignId,
  state: campaignApprovalState,
  thresholdMinor: minor.nullable(),
  estimateMinor: minor.nullable(),
  currency: z.string().nullable(),
  /** Why the launch is disabled, in a sentence that says what to do; null when it may launch. */
  reason: z.string().nullable(),
  /** Whether "Request approval" applies now. */
  canRequest: z.boolean(),
  request: approvalRequestView.nullable(),
});
export type CampaignApproval = z.infer<typeof campaignApproval>;

/** One request as a parent manager sees it. */
export const approvalItem = z.strictObject({
  campaignId,
  revision: z.number().int().min(1),
  campaignName: z.string(),
  accountSid: z.string(),
  accountName: z.string(),
  estimateMinor: minor,
  currency: z.string().nullable(),
  status: approvalStatus,
  requestedBy: z.string(),
  requestedAt: isoInstant,
  decidedBy: z.string().nullable(),
  decidedAt: isoInstant.nullable(),
  note: z.string(),
  /** The team edited the campaign after asking: this revision can no longer be launched. */
  superseded: z.boolean(),
});
export type ApprovalItem = z.infer<typeof approvalItem>;

export const approvalList = z.strictObject({
  /** False when this profile has not joined a team workspace (there is nothing to decide). */
  joined: z.boolean(),
  pending: z.array(approvalItem),
  /** The latest decisions, newest first. */
  decided: z.array(approvalItem),
});
export type ApprovalList = z.infer<typeof approvalList>;

/** A sub-account of the workspace and its rule, if any. */
export const approvalRuleRow = z.strictObject({
  accountSid: z.string(),
  accountName: z.string(),
  thresholdMinor: minor.nullable(),
  /** The rule's currency; without a rule, the one a new rule would be set in (null when not known yet). */
  currency: z.string().nullable(),
  setBy: z.string().nullable(),
  setAt: isoInstant.nullable(),
});
export type ApprovalRuleRow = z.infer<typeof approvalRuleRow>;

export const approvalRules = z.strictObject({ joined: z.boolean(), accounts: z.array(approvalRuleRow) });
export type ApprovalRules = z.infer<typeof approvalRules>;

const accountSid = z.string().trim().min(1).max(64);

export const approvalCalls = {
  /** Where one campaign stands with its approval rule (team desktops; "not-needed" without a rule). */
  'approvals.campaign': defineCall({ input: z.strictObject({ campaignId }), output: campaignApproval, access: 'anyone' }),
  /**
   * Sends the campaign to the workspace (as it is now: `revision` is the one the person reviewed)
   * and asks a parent manager to approve that revision with its estimate.
   */
  'approvals.request': defineCall({
    input: z.strictObject({ campaignId, revision: z.number().int().min(1) }),
    output: campaignApproval,
    access: 'anyone',
  }),
  /** Every sub-account's requests, pending first, then the latest decisions (parent managers). */
  'approvals.list': defineCall({ input: emptyInput, output: approvalList, access: 'parent-only' }),
  'approvals.decide': defineCall({
    input: z.strictObject({ campaignId, revision: z.number().int().min(1), decision: approvalDecision, note: note.default('') }),
    output: approvalList,
    access: 'parent-only',
  }),
  /** The workspace's sub-accounts with their approval rules (parent managers). */
  'approvals.rules': defineCall({ input: emptyInput, output: approvalRules, access: 'parent-only' }),
  /** "Campaigns of this sub-account estimated above `thresholdMinor` need approval." */
  'approvals.setRule': defineCall({
    input: z.strictObject({ accountSid, thresholdMinor: minor.min(0, 'Enter an amount of zero or more') }),
    output: approvalRules,
    access: 'parent-only',
  }),
  'approvals.removeRule': defineCall({ input: z.strictObject({ accountSid }), output: approvalRules, access: 'parent-only' }),
};

/** A request or a decision that reached this desktop, to be shown as a desktop notification. */
export const approvalNotice = z.strictObject({
  profileId,
  kind: z.enum(['requested', 'approved', 'rejected']),
  campaignId,
  revision: z.number().int().min(1),
  title: z.string(),
  body: z.string(),
});
export type ApprovalNotice = z.infer<typeof approvalNotice>;

export const approvalEvents = {
  /** Pulled rules or requests changed: screens read again. */
  'approvals.changed': z.strictObject({ profileId }),
  'approvals.notice': approvalNotice,
};

export const approvalsFeature = defineFeature({ calls: approvalCalls, events: approvalEvents });
