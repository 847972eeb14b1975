import { useEffect } from 'react';
import { formatDateTime } from '../../../shared/format';
import { formatMoney } from '../../../shared/money';
import { useCampaignPlanStore } from '../campaigns/campaign-plan-store';
import { useCampaignsStore } from '../campaigns/campaigns-store';
import { useApprovalsStore } from './approvals-store';

/** Why the open campaign cannot launch for want of an approval, or null (the core's launch gate refuses it again). */
export function useApprovalBlocker(): string | null {
  const campaignId = useCampaignsStore((s) => s.campaign?.id ?? null);
  const approval = useApprovalsStore((s) => (s.campaignId === campaignId ? s.campaign : null));
  return approval?.reason ?? null;
}

/**
 * The launch card's approval panel on a team's desktop: where the campaign stands with its
 * sub-account's approval rule, and "Request approval" when it needs one. Read again whenever the
 * plan or the campaign's revision changes, and when pulled approvals change.
 */
export function ApprovalGate() {
  const campaign = useCampaignsStore((s) => s.campaign);
  const saveState = useCampaignsStore((s) => s.saveState);
  const planAt = useCampaignPlanStore((s) => s.plan?.generatedAt ?? null);
  const approval = useApprovalsStore((s) => (s.campaignId === campaign?.id ? s.campaign : null));
  const requesting = useApprovalsStore((s) => s.requesting);
  const requestError = useApprovalsStore((s) => s.requestError);
  const campaignId = campaign?.id ?? null;
  const revision = campaign?.revision ?? null;

  useEffect(() => {
    void useApprovalsStore.getState().loadCampaign(campaignId);
  }, [campaignId, revision, planAt]);

  if (!campaign || !approval || approval.state === 'not-needed') return null;
  const money = (minor: number | null) => (minor === null || approval.currency === null ? '—' : formatMoney(minor, approval.currency));
  const request = approval.request;
  return (
    <div className={`notice ${approval.state === 'approved' ? 'notice--success' : 'notice--warn'}`} data-testid="approval-gate" data-state={approval.state}>
      {approval.state === 'approved' ? (
        <p>
          Approved by {request?.decidedBy ?? 'a parent manager'}
          {request?.decidedAt ? ` on ${formatDateTime(request.decidedAt)}` : ''} for this version (estimated {money(approval.estimateMinor)}, above the{' '}
          {money(approval.thresholdMinor)} that needs approval).
          {request?.note ? ` Note: “${request.note}”` : ''}
        </p>
      ) : (
        <p data-testid="approval-reason">{approval.reason}</p>
      )}
      {request && approval.state !== 'approved' && (
        <p className="hint">
          Last request: {money(request.estimateMinor)} by {request.requestedBy} on {formatDateTime(request.requestedAt)}
          {request.decidedAt ? `; ${request.status} by ${request.decidedBy ?? 'a parent manager'} on ${formatDateTime(request.decidedAt)}` : ''}.
        </p>
      )}
      {approval.canRequest && (
        <p>
          <button
            type="button"
            disabled={requesting || saveState !== 'saved'}
            aria-describedby="approval-request-hint"
            onClick={() => void useApprovalsStore.getState().request(campaign.id, campaign.revision)}
          >
            {requesting ? 'Requesting…' : 'Request approval'}
          </button>{' '}
          <span id="approval-request-hint" className="hint">
            {saveState !== 'saved' ? 'Saving your changes first…' : 'Sends this version and its estimate to the parent managers.'}
          </span>
        </p>
      )}
      {requestError && (
        <p className="notice notice--error" role="alert" data-testid="approval-request-error">
          {requestError}
        </p>
      )}
    </div>
  );
}
