import { campaignStatus } from '../../../shared/calls/campaigns';
import { workspaceStatusOf, type SharedDraftVersion, type WorkspaceCampaignStatus } from '../../../shared/calls/workspace-campaigns';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { CampaignDraft, CampaignRecord, CampaignsRepository } from './campaigns-repository';
import type { SqliteDatabase } from './database';
import { msOfIso } from './stored-instants';
import { WorkspaceCursors } from './workspace-cursors';
import { isoAt } from '../time';

/** What this desktop knows of a campaign in the workspace (a row of `workspace_campaigns`). */
export interface SharedCampaignRecord {
  campaignId: string;
  accountSid: string;
  accountName: string | null;
  /** The workspace revision the local draft was edited from; null before its first push. */
  baseRevision: number | null;
  /** The local revision that matched `baseRevision`; the local draft differs from it when they differ. */
  syncedLocalRevision: number | null;
  status: WorkspaceCampaignStatus;
  updatedByName: string | null;
  updatedAtMs: number | null;
  launchedByName: string | null;
  launchedAtMs: number | null;
}

/** A pulled campaign as this desktop stores it: the shared row, and the draft it becomes locally. */
export interface PulledCampaign {
  shared: Omit<SharedCampaignRecord, 'baseRevision' | 'syncedLocalRevision'> & { revision: number };
  draft: CampaignDraft;
  /** Both versions as a conflict shows them, should this one meet an open conflict. */
  version: SharedDraftVersion;
}

export interface StoredCampaignConflict {
  mine: SharedDraftVersion;
  theirs: SharedDraftVersion & { accountSid?: string };
  detectedAt: string;
}

interface SharedRow {
  campaign_id: string;
  account_sid: string;
  account_name: string | null;
  base_revision: number | null;
  synced_local_revision: number | null;
  status: WorkspaceCampaignStatus;
  updated_by_name: string | null;
  updated_at_ms: number | null;
  launched_by_name: string | null;
  launched_at_ms: number | null;
}

const toShared = (row: SharedRow): SharedCampaignRecord => ({
  campaignId: row.campaign_id,
  accountSid: row.account_sid,
  accountName: row.account_name,
  baseRevision: row.base_revision,
  syncedLocalRevision: row.synced_local_revision,
  status: row.status,
  updatedByName: row.updated_by_name,
  updatedAtMs: row.updated_at_ms,
  launchedByName: row.launched_by_name,
  launchedAtMs: row.launched_at_ms,
});

const CONFLICT_ENTITY = 'campaign';

/** A draft deleted on its desktop (a launch cancelled later stays, as history with who launched it). */
const deletedDraft = (shared: { status: WorkspaceCampaignStatus; launchedByName: string | null }) =>
  shared.status === 'cancelled' && shared.launchedByName === null;

/** A local campaign's status as the workspace names it, in SQL, derived from the one mapping in shared/. */
const SHARED_STATUS_OF_LOCAL = `CASE c.status ${campaignStatus.options.map((status) => `WHEN '${status}' THEN '${workspaceStatusOf(status)}'`).join(' ')} END`;

/** The statement's parameters exactly (a pulled row carries more than the table holds). */
const sharedParams = (profileId: string, record: SharedCampaignRecord) => ({
  profileId,
  campaignId: record.campaignId,
  accountSid: record.accountSid,
  accountName: record.accountName,
  baseRevision: record.baseRevision,
  syncedLocalRevision: record.syncedLocalRevision,
  status: record.status,
  updatedByName: record.updatedByName,
  updatedAtMs: record.updatedAtMs,
  launchedByName: record.launchedByName,
  launchedAtMs: record.launchedAtMs,
});

/**
 * This desktop's side of sharing campaigns: which local campaigns wait to be pushed (their local
 * revision moved since the last push or pull), the workspace revision each push is based on,
 * pulled drafts written into the local store, and conflicts kept with both versions until the
 * person chooses. A pulled draft never overwrites a local change not yet pushed.
 */
export class WorkspaceCampaignsRepository {
  private readonly statements: StatementCache;
  private readonly cursors: WorkspaceCursors;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly campaigns: CampaignsRepository,
  ) {
    this.statements = statementsOf(db);
    this.cursors = new WorkspaceCursors(db);
  }

  private get sharedOf() {
    return this.statements.statement<{ profileId: string; campaignId: string }, SharedRow>(
      'SELECT * FROM workspace_campaigns WHERE profile_id = @profileId AND campaign_id = @campaignId',
    );
  }

  private get allOf() {
    return this.statements.statement<{ profileId: string }, SharedRow & { local_revision: number | null }>(`
      SELECT w.*, c.revision AS local_revision FROM workspace_campaigns w
        LEFT JOIN campaigns c ON c.id = w.campaign_id AND c.profile_id = w.profile_id
       WHERE w.profile_id = @profileId`);
  }

  private get upsertShared() {
    return this.statements.statement(`
      INSERT INTO workspace_campaigns (profile_id, campaign_id, account_sid, account_name, base_revision, synced_local_revision, status,
        updated_by_name, updated_at_ms, launched_by_name, launched_at_ms)
      VALUES (@profileId, @campaignId, @accountSid, @accountName, @baseRevision, @syncedLocalRevision, @status,
        @updatedByName, @updatedAtMs, @launchedByName, @launchedAtMs)
      ON CONFLICT (profile_id, campaign_id) DO UPDATE SET account_sid = excluded.account_sid,
        account_name = coalesce(excluded.account_name, workspace_campaigns.account_name), base_revision = excluded.base_revision,
        synced_local_revision = excluded.synced_local_revision, status = excluded.status, updated_by_name = excluded.updated_by_name,
        updated_at_ms = excluded.updated_at_ms, launched_by_name = excluded.launched_by_name, launched_at_ms = excluded.launched_at_ms`);
  }

  private get setBase() {
    return this.statements.statement(
      'UPDATE workspace_campaigns SET base_revision = @baseRevision WHERE profile_id = @profileId AND campaign_id = @campaignId',
    );
  }

  private get deleteShared() {
    return this.statements.statement('DELETE FROM workspace_campaigns WHERE profile_id = @profileId AND campaign_id = @campaignId');
  }

  /** Local campaigns of this account (or not shared yet) changed since their last push or pull, without an open conflict. */
  private get toPushOf() {
    return this.statements.statement<{ profileId: string; accountSid: string; entity: string }, { id: string }>(`
      SELECT c.id FROM campaigns c
        LEFT JOIN workspace_campaigns w ON w.profile_id = c.profile_id AND w.campaign_id = c.id
       WHERE c.profile_id = @profileId
         AND (w.campaign_id IS NULL OR (w.account_sid = @accountSid AND (c.revision IS NOT w.synced_local_revision
              -- A launched campaign finishing or being cancelled changes its status, not its revision.
              OR (c.status <> 'draft' AND ${SHARED_STATUS_OF_LOCAL} <> w.status))))
         AND NOT EXISTS (SELECT 1 FROM workspace_conflicts k WHERE k.profile_id = c.profile_id AND k.entity = @entity AND k.entity_id = c.id)
         -- A launch still writing its requests freezes the draft (a new local revision): the launch's lease, not a push, tells the workspace.
         AND NOT EXISTS (SELECT 1 FROM launch_stages s WHERE s.campaign_id = c.id)
       ORDER BY c.created_at_ms, c.id`);
  }

  private get deletedLocallyOf() {
    return this.statements.statement<{ profileId: string; accountSid: string }, SharedRow>(`
      SELECT w.* FROM workspace_campaigns w
       WHERE w.profile_id = @profileId AND w.account_sid = @accountSid AND w.status = 'draft' AND w.base_revision IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.id = w.campaign_id AND c.profile_id = w.profile_id)`);
  }

  private get conflictOf() {
    return this.statements.statement<{ profileId: string; entity: string; entityId: string }, { mine: string; theirs: string; detected_at_ms: number }>(
      'SELECT mine, theirs, detected_at_ms FROM workspace_conflicts WHERE profile_id = @profileId AND entity = @entity AND entity_id = @entityId ORDER BY id DESC',
    );
  }

  private get conflictIdsOf() {
    return this.statements.statement<{ profileId: string; entity: string }, { entity_id: string }>(
      'SELECT DISTINCT entity_id FROM workspace_conflicts WHERE profile_id = @profileId AND entity = @entity',
    );
  }

  private get insertConflict() {
    return this.statements.statement(
      'INSERT INTO workspace_conflicts (profile_id, entity, entity_id, mine, theirs, detected_at_ms) VALUES (@profileId, @entity, @entityId, @mine, @theirs, @nowMs)',
    );
  }

  private get updateTheirs() {
    return this.statements.statement(
      'UPDATE workspace_conflicts SET theirs = @theirs WHERE profile_id = @profileId AND entity = @entity AND entity_id = @entityId',
    );
  }

  private get deleteConflict() {
    return this.statements.statement('DELETE FROM workspace_conflicts WHERE profile_id = @profileId AND entity = @entity AND entity_id = @entityId');
  }

  watermark(profileId: string): string | undefined {
    return this.cursors.watermark(profileId, 'campaigns');
  }

  shared(profileId: string, campaignId: string): SharedCampaignRecord | undefined {
    const row = this.sharedOf.get({ profileId, campaignId });
    return row && toShared(row);
  }

  /** Every campaign of the profile the workspace knows, with whether the local one changed since (a push is pending). */
  all(profileId: string): Array<SharedCampaignRecord & { pendingPush: boolean }> {
    return this.allOf.all({ profileId }).map((row) => ({ ...toShared(row), pendingPush: row.local_revision !== row.synced_local_revision }));
  }

  /** The local campaigns waiting to be pushed, each with what the workspace last had of it. */
  toPush(profileId: string, accountSid: string): Array<{ campaign: CampaignRecord; shared: SharedCampaignRecord | undefined }> {
    return this.toPushOf.all({ profileId, accountSid, entity: CONFLICT_ENTITY }).flatMap(({ id }) => {
      const campaign = this.campaigns.get(profileId, id);
      return campaign ? [{ campaign, shared: this.shared(profileId, id) }] : [];
    });
  }

  /** Shared drafts of this account deleted on this desktop: their cancellation waits to be pushed. */
  deletedLocally(profileId: string, accountSid: string): SharedCampaignRecord[] {
    return this.deletedLocallyOf.all({ profileId, accountSid }).map(toShared);
  }

  /** What the workspace holds after this desktop's push; `syncedLocalRevision` is the local revision that was pushed. */
  recordPushed(profileId: string, record: SharedCampaignRecord): void {
    this.upsertShared.run(sharedParams(profileId, record));
  }

  /** The workspace kept this desktop's cancellation (or refused it for good): the local trace goes. */
  forget(profileId: string, campaignId: string): void {
    this.deleteShared.run({ profileId, campaignId });
  }

  /**
   * Applies one pulled window and moves the cursor, in one transaction. A draft not changed here
   * takes the pulled version; one changed here and not pushed yet keeps its content (its push will
   * meet the newer revision and keep both); an open conflict's "theirs" becomes the newest version.
   * Returns the ids of local campaigns that changed.
   */
  applyPulled(profileId: string, rows: readonly PulledCampaign[], watermark: string, now: string): string[] {
    return this.db
      .transaction(() => {
        const changed: string[] = [];
        for (const row of rows) if (this.applyOne(profileId, row, now)) changed.push(row.shared.campaignId);
        this.cursors.save(profileId, 'campaigns', watermark, now);
        return changed;
      })
      .immediate();
  }

  private applyOne(profileId: string, { shared, draft, version }: PulledCampaign, now: string): boolean {
    const id = shared.campaignId;
    const known = this.shared(profileId, id);
    if (known && known.baseRevision !== null && shared.revision < known.baseRevision) return false;
    if (this.conflictOf.get({ profileId, entity: CONFLICT_ENTITY, entityId: id })) {
      this.updateTheirs.run({ profileId, entity: CONFLICT_ENTITY, entityId: id, theirs: JSON.stringify({ ...version, accountSid: shared.accountSid }) });
      return true;
    }
    const local = this.campaigns.get(profileId, id);
    if (!local) {
      // Deleted here and not pushed yet: the cancellation's push decides.
      if (known) return false;
      if (deletedDraft(shared)) return false;
      // Another profile of this desktop holds the campaign (a parent manager's profile beside the team's
      // that wrote it): ids are unique in the store, and that profile already shows it.
      if (!this.campaigns.isIdFree(id)) return false;
      this.campaigns.create({ id, profileId, ...draft }, now);
      this.upsertShared.run(
        sharedParams(profileId, { ...shared, baseRevision: shared.revision, syncedLocalRevision: this.campaigns.get(profileId, id)?.revision ?? 1 }),
      );
      return true;
    }
    const changedHere = known === undefined || local.revision !== known.syncedLocalRevision;
    if (changedHere) return false;
    if (deletedDraft(shared) && local.status === 'draft') {
      this.campaigns.delete(profileId, id);
      this.upsertShared.run(sharedParams(profileId, { ...shared, baseRevision: shared.revision, syncedLocalRevision: null }));
      return true;
    }
    let localRevision = local.revision;
    if (local.status === 'draft' && shared.revision !== known.baseRevision) {
      // What to do about destinations without a price is this desktop's decision against its rate card: it stays.
      if (this.campaigns.save(profileId, id, local.revision, { ...draft, noPriceChoices: local.noPriceChoices }, now) === 'saved')
        localRevision = local.revision + 1;
    }
    this.upsertShared.run(sharedParams(profileId, { ...shared, baseRevision: shared.revision, syncedLocalRevision: localRevision }));
    return true;
  }

  /** Keeps both versions until the person chooses; one open conflict per campaign (the newest). */
  recordConflict(
    profileId: string,
    campaignId: string,
    conflict: { mine: SharedDraftVersion; theirs: SharedDraftVersion & { accountSid: string } },
    now: string,
  ): void {
    this.db
      .transaction(() => {
        this.deleteConflict.run({ profileId, entity: CONFLICT_ENTITY, entityId: campaignId });
        this.insertConflict.run({
          profileId,
          entity: CONFLICT_ENTITY,
          entityId: campaignId,
          mine: JSON.stringify(conflict.mine),
          theirs: JSON.stringify(conflict.theirs),
          nowMs: msOfIso(now),
        });
      })
      .immediate();
  }

  conflict(profileId: string, campaignId: string): StoredCampaignConflict | undefined {
    const row = this.conflictOf.get({ profileId, entity: CONFLICT_ENTITY, entityId: campaignId });
    return (
      row && { mine: JSON.parse(row.mine) as SharedDraftVersion, theirs: JSON.parse(row.theirs) as SharedDraftVersion, detectedAt: isoAt(row.detected_at_ms) }
    );
  }

  conflictIds(profileId: string): Set<string> {
    return new Set(this.conflictIdsOf.all({ profileId, entity: CONFLICT_ENTITY }).map((row) => row.entity_id));
  }

  /** "Keep mine": the local draft stays and is pushed next on top of their revision. */
  keepMine(profileId: string, campaignId: string, theirRevision: number): void {
    this.db
      .transaction(() => {
        this.setBase.run({ profileId, campaignId, baseRevision: theirRevision });
        this.deleteConflict.run({ profileId, entity: CONFLICT_ENTITY, entityId: campaignId });
      })
      .immediate();
  }

  /** "Take theirs": the local draft becomes the workspace's version, which is then what this desktop has pushed. */
  takeTheirs(profileId: string, campaignId: string, theirs: { shared: PulledCampaign['shared']; draft: CampaignDraft }, now: string): void {
    this.db
      .transaction(() => {
        const local = this.campaigns.get(profileId, campaignId);
        // Theirs is a deletion: the draft goes here too.
        if (deletedDraft(theirs.shared)) {
          if (local?.status === 'draft') this.campaigns.delete(profileId, campaignId);
        } else if (!local) this.campaigns.create({ id: campaignId, profileId, ...theirs.draft }, now);
        else if (local.status === 'draft')
          this.campaigns.save(profileId, campaignId, local.revision, { ...theirs.draft, noPriceChoices: local.noPriceChoices }, now);
        const revision = this.campaigns.get(profileId, campaignId)?.revision ?? null;
        this.upsertShared.run(sharedParams(profileId, { ...theirs.shared, baseRevision: theirs.shared.revision, syncedLocalRevision: revision }));
        this.deleteConflict.run({ profileId, entity: CONFLICT_ENTITY, entityId: campaignId });
      })
      .immediate();
  }
}
