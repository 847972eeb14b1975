import type pg from 'pg';
import { z } from 'zod';
import { campaignView } from '../../../shared/calls/campaigns';
import { sharedCampaignSettings, workspaceStatusOf, type SharedDraftVersion } from '../../../shared/calls/workspace-campaigns';
import { NEW_DRAFT } from '../campaigns/campaign-drafts';
import type { Logger } from '../log';
import type { CampaignDraft, CampaignRecord } from '../store/campaigns-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import type { PulledCampaign, WorkspaceCampaignsRepository } from '../store/workspace-campaigns-repository';
import { isoAt, type Clock } from '../time';
import { INITIAL_WATERMARK } from './change-window';
import { pullCampaigns, pushCancellation, pushDraft, pushLaunchStatus, type DraftContent, type WorkspaceCampaign } from './workspace-campaign-row';

export interface CampaignSyncDeps {
  repository: WorkspaceCampaignsRepository;
  clock: Clock;
  log: Logger;
}

export interface CampaignSyncSummary {
  pushed: number;
  pulled: number;
  conflicts: number;
  /** Local campaigns a pull or a push outcome changed (the screens read them again). */
  changed: string[];
}

const storedVariants = z.array(campaignView.shape.variants.element);

/** What a local campaign shares: its name, variants (with their DLT fields), schedule and sending settings, budget and currency. */
export function contentOf(campaign: CampaignRecord): DraftContent {
  return {
    name: campaign.name,
    variants: campaign.variants,
    settings: {
      audienceId: campaign.audienceId,
      senderId: campaign.senderId,
      routeType: campaign.routeType,
      schedule: campaign.schedule,
      whenPassed: campaign.whenPassed,
      windowEnd: campaign.windowEnd,
      quietHours: campaign.quietHours,
      fallbackZone: campaign.fallbackZone,
      throttlePerMinute: campaign.throttlePerMinute,
      frequencyCapHours: campaign.frequencyCapHours,
    },
    budgetMinor: campaign.budgetMinor,
    currency: campaign.currency,
  };
}

/** This desktop's version of a draft, as a conflict shows it beside the workspace's. */
export function myVersion(campaign: CampaignRecord, baseRevision: number | null, membership: WorkspaceMembership): SharedDraftVersion {
  const content = contentOf(campaign);
  return {
    name: content.name,
    variants: campaign.variants,
    settings: sharedCampaignSettings.parse(content.settings),
    budgetMinor: content.budgetMinor,
    currency: content.currency,
    status: workspaceStatusOf(campaign.status),
    revision: baseRevision,
    updatedByName: membership.displayName,
    updatedAt: campaign.updatedAt,
  };
}

/**
 * A workspace row as a local draft and as a version a conflict shows. The jsonb columns are a
 * boundary (another desktop, maybe another version of the app, wrote them): what does not parse
 * is left out and logged, never written into a draft.
 */
export function pulledFrom(row: WorkspaceCampaign, log: Logger): PulledCampaign {
  const variants = storedVariants.safeParse(row.variants);
  const settings = sharedCampaignSettings.safeParse(row.settings);
  if (!variants.success || !settings.success) log.warn('workspace campaign with unreadable content', { campaignId: row.id, revision: row.revision });
  const readVariants = variants.success ? variants.data : [];
  const readSettings = settings.success ? settings.data : {};
  const draft = draftOf({ name: row.name, variants: readVariants, settings: readSettings, budgetMinor: row.budgetMinor });
  return {
    shared: {
      campaignId: row.id,
      accountSid: row.accountSid,
      accountName: row.accountName,
      status: row.status,
      revision: row.revision,
      updatedByName: row.updatedByName,
      updatedAtMs: Date.parse(row.updatedAt),
      launchedByName: row.launchedByName,
      launchedAtMs: row.launchedAt === null ? null : Date.parse(row.launchedAt),
    },
    draft,
    version: {
      name: row.name,
      variants: readVariants,
      settings: readSettings,
      budgetMinor: row.budgetMinor,
      currency: row.currency,
      status: row.status,
      revision: row.revision,
      updatedByName: row.updatedByName,
      updatedAt: row.updatedAt,
    },
  };
}

/** A shared version as a local draft: settings it lacks read as a new draft's. */
export function draftOf(version: Pick<SharedDraftVersion, 'name' | 'variants' | 'settings' | 'budgetMinor'>): CampaignDraft {
  const definedSettings = Object.fromEntries(Object.entries(version.settings).filter(([, value]) => value !== undefined));
  return { ...NEW_DRAFT, ...definedSettings, name: version.name, variants: version.variants, budgetMinor: version.budgetMinor };
}

/** Both sides wrote the same draft: the same intent, not a conflict. */
const sameContent = (mine: DraftContent, theirs: WorkspaceCampaign): boolean =>
  JSON.stringify([mine.name, mine.variants, mine.settings, mine.budgetMinor]) ===
  JSON.stringify([theirs.name, theirs.variants, theirs.settings, theirs.budgetMinor]);

/**
 * One round for campaigns: pushes what changed on this desktop (drafts with a revision check, a
 * launch's status, a deleted draft's cancellation), then pulls the next snapshot-watermark window.
 * Each push is one statement that commits alone, and each is recorded locally as soon as it
 * commits, so a connection cut mid-round leaves whole drafts and the next round pushes the rest.
 * A draft edited while its push was in flight keeps its newer local revision, so it stays pending.
 */
export async function syncCampaigns(client: pg.ClientBase, membership: WorkspaceMembership, deps: CampaignSyncDeps): Promise<CampaignSyncSummary> {
  const { repository, clock, log } = deps;
  const profileId = membership.profileId;
  const account = { organisationId: membership.organisationId, accountSid: membership.accountSid, roleName: membership.roleName };
  const summary: CampaignSyncSummary = { pushed: 0, pulled: 0, conflicts: 0, changed: [] };

  for (const { campaign, shared } of repository.toPush(profileId, membership.accountSid)) {
    const content = contentOf(campaign);
    const status = workspaceStatusOf(campaign.status);
    if (status !== 'draft') {
      const launched = await pushLaunchStatus(client, account, {
        id: campaign.id,
        revision: campaign.revision,
        status,
        launchedAt: campaign.launchedAtMs === null ? null : isoAt(campaign.launchedAtMs),
        ...content,
      });
      repository.recordPushed(profileId, {
        campaignId: campaign.id,
        accountSid: membership.accountSid,
        accountName: shared?.accountName ?? null,
        baseRevision: launched.revision,
        syncedLocalRevision: campaign.revision,
        status: launched.status,
        updatedByName: shared?.updatedByName ?? membership.displayName,
        updatedAtMs: Date.parse(launched.updatedAt),
        launchedByName: shared?.launchedByName ?? membership.displayName,
        launchedAtMs: shared?.launchedAtMs ?? campaign.launchedAtMs,
      });
      summary.pushed += 1;
      continue;
    }
    const baseRevision = shared?.baseRevision ?? null;
    const outcome = await pushDraft(client, account, { id: campaign.id, baseRevision, ...content });
    switch (outcome.kind) {
      case 'applied':
        repository.recordPushed(profileId, {
          campaignId: campaign.id,
          accountSid: membership.accountSid,
          accountName: shared?.accountName ?? null,
          baseRevision: outcome.revision,
          syncedLocalRevision: campaign.revision,
          status: 'draft',
          updatedByName: membership.displayName,
          updatedAtMs: Date.parse(outcome.updatedAt),
          launchedByName: null,
          launchedAtMs: null,
        });
        summary.pushed += 1;
        break;
      case 'conflict': {
        const theirs = pulledFrom(outcome.theirs, log);
        if (outcome.theirs.status === 'draft' && sameContent(content, outcome.theirs)) {
          repository.recordPushed(profileId, { ...theirs.shared, baseRevision: outcome.theirs.revision, syncedLocalRevision: campaign.revision });
          break;
        }
        repository.recordConflict(
          profileId,
          campaign.id,
          { mine: myVersion(campaign, baseRevision, membership), theirs: { ...theirs.version, accountSid: outcome.theirs.accountSid } },
          isoAt(clock()),
        );
        summary.conflicts += 1;
        summary.changed.push(campaign.id);
        break;
      }
      case 'not-found':
        log.warn('workspace refused a campaign of another account', { profileId, campaignId: campaign.id });
        break;
    }
  }

  for (const deleted of repository.deletedLocally(profileId, membership.accountSid)) {
    const outcome = await pushCancellation(client, { id: deleted.campaignId, baseRevision: deleted.baseRevision ?? 0 });
    if (outcome.kind === 'conflict' && outcome.theirs.status === 'draft') {
      // Someone kept working on it after this desktop's last sync: their draft comes back here rather than being lost.
      const theirs = pulledFrom(outcome.theirs, log);
      repository.takeTheirs(profileId, deleted.campaignId, theirs, isoAt(clock()));
      summary.changed.push(deleted.campaignId);
      continue;
    }
    if (outcome.kind === 'applied') summary.pushed += 1;
    repository.forget(profileId, deleted.campaignId);
  }

  const window = await pullCampaigns(client, repository.watermark(profileId) ?? INITIAL_WATERMARK);
  const pulled = window.rows.map((row) => pulledFrom(row, log));
  summary.pulled = pulled.length;
  summary.changed.push(...repository.applyPulled(profileId, pulled, window.watermark, isoAt(clock())));
  return summary;
}
