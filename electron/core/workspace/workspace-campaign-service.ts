import type { CampaignConflict, ConflictChoice, SharedCampaignState } from '../../../shared/calls/workspace-campaigns';
import { DeskError } from '../../../shared/errors';
import { notFound } from '../campaigns/campaign-drafts';
import type { CampaignsRepository } from '../store/campaigns-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import type { SharedCampaignRecord, WorkspaceCampaignsRepository } from '../store/workspace-campaigns-repository';
import { isoAt, type Clock } from '../time';
import { draftOf, myVersion } from './workspace-campaigns';

export interface SharedCampaignsOptions {
  repository: WorkspaceCampaignsRepository;
  campaigns: CampaignsRepository;
  membership(profileId: string): WorkspaceMembership | undefined;
  clock: Clock;
  /** Starts a sync round for the profile (a choice to keep mine is pushed at once when online). */
  syncSoon(profileId: string): void;
}

/** Statuses after which a campaign's content is fixed for everyone. */
const LAUNCHED = new Set(['launching', 'launched', 'finished']);
/** Past the point a launch lease can be taken over (a `launching` one may be, after its expiry, by the same sub-account). */
const LIVE_OR_DONE = new Set(['launched', 'finished']);

/**
 * What the screens need of shared campaigns: whose each one is, its status and who launched it,
 * conflicts with both versions and the person's choice, and the rule that a campaign of another
 * account, or one launched elsewhere, is shown but not changed on this desktop.
 */
export class SharedCampaigns {
  constructor(private readonly options: SharedCampaignsOptions) {}

  list(profileId: string): SharedCampaignState[] {
    const membership = this.options.membership(profileId);
    if (!membership) return [];
    const conflicts = this.options.repository.conflictIds(profileId);
    return this.options.repository
      .all(profileId)
      .map((record) => stateOf(record, membership, { pendingPush: record.pendingPush, conflict: conflicts.has(record.campaignId) }));
  }

  get(profileId: string, id: string): { state: SharedCampaignState | null; conflict: CampaignConflict | null } {
    const membership = this.options.membership(profileId);
    if (!membership) return { state: null, conflict: null };
    const state = this.list(profileId).find((entry) => entry.campaignId === id) ?? null;
    const stored = this.options.repository.conflict(profileId, id);
    const local = this.options.campaigns.get(profileId, id);
    if (!stored || !local) return { state, conflict: null };
    // Mine is the draft as it is now (it may have been edited since the conflict was found).
    const { accountSid: _theirAccount, ...theirs } = stored.theirs;
    return {
      state,
      conflict: { campaignId: id, mine: myVersion(local, stored.mine.revision, membership), theirs, detectedAt: stored.detectedAt },
    };
  }

  resolve(profileId: string, id: string, choice: ConflictChoice): { state: SharedCampaignState | null } {
    const membership = this.requireMembership(profileId);
    const stored = this.options.repository.conflict(profileId, id);
    if (!stored) throw new DeskError('CAMPAIGN_CONFLICT', 'This draft has no conflict to settle any more (it may have been settled already).', { field: 'id' });
    const theirs = stored.theirs;
    switch (choice) {
      case 'keep-mine':
        if (LAUNCHED.has(theirs.status) || theirs.revision === null) {
          throw new DeskError(
            'CAMPAIGN_CONFLICT',
            `${theirs.updatedByName} launched this campaign, so it can no longer be changed. Take their version, or duplicate your draft to keep your text.`,
            { field: 'choice' },
          );
        }
        this.options.repository.keepMine(profileId, id, theirs.revision);
        this.options.syncSoon(profileId);
        break;
      case 'take-theirs': {
        const known = this.options.repository.shared(profileId, id);
        this.options.repository.takeTheirs(
          profileId,
          id,
          {
            draft: draftOf(theirs),
            shared: {
              campaignId: id,
              accountSid: theirs.accountSid ?? membership.accountSid,
              accountName: known?.accountName ?? null,
              status: theirs.status,
              revision: theirs.revision ?? 1,
              updatedByName: theirs.updatedByName,
              updatedAtMs: Date.parse(theirs.updatedAt),
              launchedByName: known?.launchedByName ?? null,
              launchedAtMs: known?.launchedAtMs ?? null,
            },
          },
          isoAt(this.options.clock()),
        );
        break;
      }
    }
    return { state: this.get(profileId, id).state };
  }

  /**
   * Refuses a change to a campaign this desktop only shows: another account's (a parent manager
   * sees every sub-account's drafts), or one a teammate launched. A launch of one a teammate is still
   * launching goes on to the launch lease, which names the desktop holding it and lets the same
   * sub-account take over a dead desktop's launch after its expiry. Without a workspace, nothing to check.
   */
  assertMayChange(profileId: string, id: string, change: 'edit' | 'launch'): void {
    const membership = this.options.membership(profileId);
    if (!membership) return;
    const shared = this.options.repository.shared(profileId, id);
    if (!shared) return;
    const local = this.options.campaigns.get(profileId, id);
    if (!local) throw notFound();
    if (shared.accountSid !== membership.accountSid) {
      throw new DeskError(
        'CAMPAIGN_CONFLICT',
        `"${local.name}" belongs to ${shared.accountName ?? shared.accountSid}. You can read it here; only that sub-account's team can change it.`,
      );
    }
    if (local.status === 'draft' && (change === 'edit' ? LAUNCHED : LIVE_OR_DONE).has(shared.status)) {
      throw new DeskError(
        'CAMPAIGN_CONFLICT',
        `"${local.name}" was launched by ${shared.launchedByName ?? 'a teammate'} on another desktop and can no longer be changed. Duplicate it to change it.`,
      );
    }
  }

  private requireMembership(profileId: string): WorkspaceMembership {
    const membership = this.options.membership(profileId);
    if (!membership) throw new DeskError('VALIDATION_FAILED', 'This profile has not joined a team workspace.', { field: 'profileId' });
    return membership;
  }
}

function stateOf(record: SharedCampaignRecord, membership: WorkspaceMembership, flags: { pendingPush: boolean; conflict: boolean }): SharedCampaignState {
  return {
    campaignId: record.campaignId,
    accountSid: record.accountSid,
    accountName: record.accountName,
    readOnly: record.accountSid !== membership.accountSid,
    status: record.status,
    updatedByName: record.updatedByName,
    updatedAt: record.updatedAtMs === null ? null : isoAt(record.updatedAtMs),
    launchedByName: record.launchedByName,
    launchedAt: record.launchedAtMs === null ? null : isoAt(record.launchedAtMs),
    pendingPush: flags.pendingPush,
    conflict: flags.conflict,
  };
}
