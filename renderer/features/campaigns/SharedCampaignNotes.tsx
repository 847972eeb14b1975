import { useEffect } from 'react';
import type { CampaignStatus, ScheduleSpec } from '../../../shared/calls/campaigns';
import type { SharedCampaignState, SharedDraftVersion } from '../../../shared/calls/workspace-campaigns';
import { formatDateTime, formatShortDateTime } from '../../../shared/format';
import { formatMoney } from '../../../shared/money';
import { useBillingStore } from '../billing/billing-store';
import { useCampaignsStore } from './campaigns-store';
import { useSharedCampaignsStore } from './shared-campaigns-store';

/** "Launched by Noor Haddad, Dec 2, 10:42 AM GMT+5:30", or null when nobody launched it. */
export function launchedByText(state: SharedCampaignState): string | null {
  if (!state.launchedByName) return null;
  return state.launchedAt ? `Launched by ${state.launchedByName}, ${formatShortDateTime(state.launchedAt)}` : `Launched by ${state.launchedByName}`;
}

/** The list's notes on a shared campaign: whose it is, who launched it, a conflict, a change not pushed yet. */
export function SharedCampaignTags({ campaignId, localStatus }: { campaignId: string; localStatus: CampaignStatus }) {
  const state = useSharedCampaignsStore((s) => s.byId[campaignId]);
  if (!state) return null;
  const launched = launchedByText(state);
  return (
    <span className="shared-tags" data-testid="shared-campaign-tags">
      {localStatus === 'draft' && state.status !== 'draft' && <span className="badge badge--campaign-scheduled">{state.status} on another desktop</span>}
      {state.readOnly && (
        <span className="badge badge--shared-owner" title="Read-only: only this sub-account's team can change it">
          {state.accountName ?? state.accountSid}
        </span>
      )}
      {state.conflict && (
        <span className="badge badge--campaign-blocked" data-testid="conflict-badge">
          conflict
        </span>
      )}
      {state.pendingPush && !state.conflict && <span className="badge badge--campaign-draft">not synced yet</span>}
      {launched && <span className="shared-note">{launched}</span>}
    </span>
  );
}

/** The editor's banner: whose draft it is, who changed or launched it last, and the conflict chooser when there is one. */
export function SharedCampaignBanner({ campaignId }: { campaignId: string }) {
  const state = useSharedCampaignsStore((s) => s.byId[campaignId]);
  const conflict = useSharedCampaignsStore((s) => (s.conflictFor === campaignId ? s.conflict : null));
  useEffect(() => {
    void useSharedCampaignsStore.getState().loadConflict(campaignId);
    return () => void useSharedCampaignsStore.getState().loadConflict(null);
  }, [campaignId, state?.conflict]);
  if (!state) return null;
  const launched = launchedByText(state);
  return (
    <>
      <p className="notice shared-banner" data-testid="shared-campaign-banner">
        {state.readOnly
          ? `${state.accountName ?? state.accountSid}'s draft, shared through the team workspace. You can read it here; only that sub-account's team can change it.`
          : 'Shared with your team through the workspace.'}
        {state.updatedByName && state.updatedAt && ` Last change by ${state.updatedByName}, ${formatShortDateTime(state.updatedAt)}.`}
        {launched && ` ${launched}.`}
        {state.pendingPush && !state.conflict && ' Your latest changes are saved on this desktop and will be shared at the next sync.'}
      </p>
      {conflict && <ConflictChooser campaignId={campaignId} mine={conflict.mine} theirs={conflict.theirs} />}
    </>
  );
}

function scheduleText(schedule: ScheduleSpec | null | undefined): string {
  if (!schedule) return 'Not set';
  switch (schedule.kind) {
    case 'local':
      return `${schedule.localDate} at ${schedule.localTime}, in each recipient's time zone`;
    case 'instant':
      return formatDateTime(schedule.utc);
    case 'now':
      return 'As soon as it is launched';
  }
}

function VersionColumn({ heading, version, money }: { heading: string; version: SharedDraftVersion; money(minor: number): string }) {
  return (
    <div className="conflict-version" role="group" aria-label={heading}>
      <h3>{heading}</h3>
      <p className="conflict-whose">
        {version.updatedByName}, {formatShortDateTime(version.updatedAt)}
      </p>
      <dl>
        <dt>Name</dt>
        <dd>{version.name}</dd>
        <dt>Message</dt>
        <dd>
          {version.variants.length === 0
            ? 'No message yet'
            : version.variants.map((variant) => (
                <p key={variant.language} className="conflict-text" lang={variant.language}>
                  <strong>{variant.language}</strong> {variant.body}
                </p>
              ))}
        </dd>
        <dt>Schedule</dt>
        <dd>{scheduleText(version.settings.schedule)}</dd>
        <dt>Budget</dt>
        <dd>{version.budgetMinor === null ? 'No campaign budget' : money(version.budgetMinor)}</dd>
      </dl>
    </div>
  );
}

/**
 * Both versions of a draft side by side, after this desktop's push met a teammate's newer one.
 * Nothing changes until the person chooses: "Keep mine" shares this desktop's version on top of
 * theirs, "Take theirs" replaces the draft here with the workspace's.
 */
function ConflictChooser({ campaignId, mine, theirs }: { campaignId: string; mine: SharedDraftVersion; theirs: SharedDraftVersion }) {
  const resolving = useSharedCampaignsStore((s) => s.resolving);
  const resolveError = useSharedCampaignsStore((s) => s.resolveError);
  const billingCurrency = useBillingStore((s) => s.summary?.currency ?? null);
  const currency = theirs.currency ?? mine.currency ?? billingCurrency;
  const money = (minor: number) => (currency ? formatMoney(minor, currency) : String(minor));
  const theirsLaunched = theirs.status !== 'draft' && theirs.status !== 'cancelled';
  const choose = async (choice: 'keep-mine' | 'take-theirs') => {
    if (await useSharedCampaignsStore.getState().resolve(campaignId, choice)) {
      // Taking a deletion removes the draft here too: back to the list.
      if (choice === 'take-theirs' && theirs.status === 'cancelled') await useCampaignsStore.getState().close();
      else await useCampaignsStore.getState().refreshDraft();
    }
  };
  return (
    <section className="card conflict-chooser" aria-labelledby="conflict-title" data-testid="conflict-chooser">
      {/* Found by a sync while the person may be typing: announced, never taking the focus away. */}
      <h2 id="conflict-title" role="status">
        {theirs.updatedByName} changed this draft while you were editing it
      </h2>
      <p>Both versions are kept. Nothing is shared or overwritten until you choose which one to keep.</p>
      <div className="conflict-versions">
        <VersionColumn heading="Your version (this desktop)" version={mine} money={money} />
        <VersionColumn heading={`${theirs.updatedByName}'s version (team workspace)`} version={theirs} money={money} />
      </div>
      {theirsLaunched && <p className="notice notice--warn">{theirs.updatedByName}'s version has been launched: it can no longer be changed.</p>}
      {theirs.status === 'cancelled' && (
        <p className="notice notice--warn">
          {theirs.updatedByName} deleted this draft. Keep mine brings it back for the team; Take theirs deletes it here too.
        </p>
      )}
      {resolveError && (
        <p className="notice notice--error" role="alert">
          {resolveError}
        </p>
      )}
      <div className="row-actions">
        <button type="button" className="primary" disabled={resolving || theirsLaunched} onClick={() => void choose('keep-mine')}>
          Keep mine
        </button>
        <button type="button" disabled={resolving} onClick={() => void choose('take-theirs')}>
          Take theirs
        </button>
      </div>
    </section>
  );
}
