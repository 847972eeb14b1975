import type { CampaignApproval } from '../../../shared/calls/approvals';
import { formatMoney } from '../../../shared/money';
import type { ApprovalLink, PulledApproval } from '../store/workspace-approvals-repository';
import { isoAt } from '../time';

/** What decides whether a campaign may launch under its sub-account's approval rule. */
export interface ApprovalFacts {
  campaignId: string;
  /** The draft's local revision now (every local edit moves it, pushed or not). */
  localRevision: number;
  /** The sub-account's rule, or null without one (or without a workspace). */
  rule: { thresholdMinor: number; currency: string } | null;
  /** The plan's estimate now, or null when it cannot be priced yet. */
  estimate: { minor: number; currency: string } | null;
  /** The campaign's latest request as pulled, and this desktop's link to it (the local revision it was for), if sent from here. */
  latest: PulledApproval | null;
  link: ApprovalLink | null;
  /** The local draft is a teammate's newer version as pulled (no edit of this desktop on top): a changed revision came from them. */
  changedByTeammate?: boolean;
}

/**
 * Where a campaign stands: a campaign above its threshold launches only with an approval of its
 * exact revision. An approval is void once the campaign moved on: a newer workspace revision (an
 * edit pushed from any desktop) or, for a request sent from this desktop, any local edit since.
 */
export function approvalStateOf(facts: ApprovalFacts): CampaignApproval {
  const { rule, estimate, latest, link } = facts;
  const base = {
    campaignId: facts.campaignId,
    thresholdMinor: rule?.thresholdMinor ?? null,
    estimateMinor: estimate?.minor ?? null,
    currency: rule?.currency ?? estimate?.currency ?? null,
    request: latest ? requestView(latest) : null,
  };
  if (rule === null) return { ...base, state: 'not-needed', reason: null, canRequest: false };
  if (estimate !== null && estimate.currency === rule.currency && estimate.minor <= rule.thresholdMinor) {
    return { ...base, state: 'not-needed', reason: null, canRequest: false };
  }
  const threshold = formatMoney(rule.thresholdMinor, rule.currency);
  const estimated = estimate === null ? '' : formatMoney(estimate.minor, estimate.currency);
  const needs =
    estimate === null
      ? `Needs a parent manager's approval: campaigns of this sub-account estimated above ${threshold} need one, and this plan has no estimate yet.`
      : estimate.currency !== rule.currency
        ? `Needs a parent manager's approval: estimated ${estimated}, and the rule is set in ${rule.currency} (above ${threshold}).`
        : `Needs a parent manager's approval: estimated ${estimated}, above ${threshold}.`;
  if (latest === null) return { ...base, state: 'needs-request', reason: `${needs} Request approval.`, canRequest: estimate !== null };

  const editedHere = link !== null && link.localRevision !== facts.localRevision;
  const editedInWorkspace = latest.campaignRevision > latest.revision;
  if (editedHere || editedInWorkspace) {
    const what = latest.status === 'approved' ? 'The approval' : latest.status === 'rejected' ? 'The rejection' : 'The request';
    const where = editedHere && !(editedInWorkspace && facts.changedByTeammate) ? 'on this desktop' : 'in the team workspace';
    return {
      ...base,
      state: 'voided',
      reason: `${needs} ${what} was for an earlier version: the campaign was edited ${where} since. Request approval again.`,
      canRequest: estimate !== null,
    };
  }
  switch (latest.status) {
    case 'requested':
      return {
        ...base,
        state: 'pending',
        reason: `${needs} Requested by ${latest.requestedByName}; waiting for a parent manager's decision.`,
        canRequest: false,
      };
    case 'rejected': {
      const note = latest.note.trim() === '' ? '' : ` "${latest.note.trim()}"`;
      return {
        ...base,
        state: 'rejected',
        reason: `${needs} Rejected by ${latest.decidedByName ?? 'a parent manager'}${note}. Change the campaign, then request approval again.`,
        canRequest: false,
      };
    }
    case 'approved':
      return { ...base, state: 'approved', reason: null, canRequest: false };
  }
}

function requestView(approval: PulledApproval): NonNullable<CampaignApproval['request']> {
  return {
    revision: approval.revision,
    status: approval.status,
    estimateMinor: approval.estimateMinor,
    requestedBy: approval.requestedByName,
    requestedAt: isoAt(approval.requestedAtMs),
    decidedBy: approval.decidedByName,
    decidedAt: approval.decidedAtMs === null ? null : isoAt(approval.decidedAtMs),
    note: approval.note,
  };
}
