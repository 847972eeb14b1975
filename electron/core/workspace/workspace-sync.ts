import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DeskError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import type { WorkspaceCampaignsRepository } from '../store/workspace-campaigns-repository';
import type { WorkspaceSyncRepository } from '../store/workspace-sync-repository';
import { DAY, isoAt, MINUTE, SECOND, type Clock } from '../time';
import { listenForChanges } from './change-listener';
import { INITIAL_WATERMARK } from './change-window';
import { describeWorkspaceFailure } from './workspace-errors';
import { syncCampaigns } from './workspace-campaigns';
import { pullLastMessaged, pushLastMessaged } from './workspace-last-messaged';
import { addressOf, type WorkspaceService } from './workspace-service';
import type { WorkspaceAudiencesRepository } from '../store/workspace-audiences-repository';
import { syncAudienceMetadata } from './workspace-audience-sync';
import { pullSuppressions, pushSuppression, pushSuppressionAdditions, type WorkspaceSuppression } from './workspace-suppressions';
import { syncPlanSummaries } from './workspace-plan-summaries';
import type { WorkspacePlanSummariesRepository } from '../store/workspace-plan-summaries-repository';

/** Without a wake-up (a notification lost while reconnecting), a followed profile still pulls this often. */
const FALLBACK_PULL_MS = MINUTE;
const RELISTEN_AFTER_MS = 5 * SECOND;
/** Tables whose notifications start a round: the ones this round pulls. */
const WAKING_TABLES: ReadonlySet<string> = new Set([
  'suppressions',
  'last_messaged',
  'audiences',
  'campaigns',
  'plan_summaries',
  'approvals',
  'approval_rules',
]);
/** Sends older than this never count for a frequency cap (caps are hours to days), so they are not pushed. */
const LAST_MESSAGED_HORIZON_MS = 31 * DAY;
/** A local edit is pushed this long after the last keystroke's save (autosave saves often). */
const PUSH_AFTER_EDIT_MS = SECOND;

export interface WorkspaceSyncSummary {
  pushed: number;
  pulled: number;
  /** Local numbers added or removed by what was pulled. */
  locallyChanged: number;
  conflicts: number;
}

export interface WorkspaceSyncOptions {
  workspace: WorkspaceService;
  repository: WorkspaceSyncRepository;
  clock: Clock;
  log: Logger;
  /** Told when pulled changes altered the profile's local suppression list. */
  onSuppressionsChanged?(profileId: string): void;
  /** Shared audiences' metadata (team-audiences); told when the list of the profile's team audiences changed. */
  audienceShares?: WorkspaceAudiencesRepository;
  onTeamAudiencesChanged?(profileId: string): void;
  /** Shared drafts: pushed and pulled in every round when given. */
  campaigns?: WorkspaceCampaignsRepository;
  /** Told when a round changed local campaigns (teammates' drafts arrived, a conflict was kept). */
  onCampaignsChanged?(profileId: string, campaignIds: readonly string[]): void;
  /** Plans made on this desktop (pushed) and every desktop's plan summaries this login may read (pulled). */
  planSummaries?: WorkspacePlanSummariesRepository;
  /** Told when pulled plan summaries or campaign states may have changed the profile's planned spend. */
  onPlannedChanged?(profileId: string): void;
  /** Pulls approval rules and requests in every round (workspace-approvals-service.ts). */
  approvals?: { pull(client: pg.ClientBase, membership: WorkspaceMembership): Promise<number> };
}

/**
 * Keeps a profile's suppression list and last-messaged times in step with the workspace. The local
 * SQLite store stays the truth the app reads (offline first); a sync pushes this desktop's recent
 * sends (so every desktop's frequency cap counts them) and what it changed since the last pull
 * (numbers added here; removals, each with the revision it removes: `WHERE revision = $base`),
 * then pulls the next snapshot-watermark window. A removal someone else's change overtook is kept
 * as a conflict with both versions and the number stays suppressed: nothing is overwritten or
 * dropped silently. The followed (active) profile is woken by LISTEN/NOTIFY and pulls every
 * minute regardless.
 */
export class WorkspaceSync {
  private readonly running = new Map<string, Promise<WorkspaceSyncSummary>>();
  private readonly soon = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly outcomes = new Map<string, { lastSyncedAt: string | null; syncProblem: string | null }>();
  private followed: { profileId: string; listener: pg.Client | null; timer: ReturnType<typeof setInterval>; stopped: boolean; relistening: boolean } | null =
    null;

  constructor(private readonly options: WorkspaceSyncOptions) {}

  /**
   * One push-then-pull round, after the round in flight for this profile (if any): rounds never
   * overlap, and a round asked for after a change always starts after that change.
   */
  syncNow(profileId: string): Promise<WorkspaceSyncSummary> {
    const previous = this.running.get(profileId);
    const round = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() => this.round(profileId));
    round.then(
      () => this.outcomes.set(profileId, { lastSyncedAt: isoAt(this.options.clock()), syncProblem: null }),
      (error: unknown) =>
        this.outcomes.set(profileId, {
          lastSyncedAt: this.outcomes.get(profileId)?.lastSyncedAt ?? null,
          syncProblem: error instanceof Error ? error.message : String(error),
        }),
    );
    this.running.set(profileId, round);
    void round
      .catch(() => undefined)
      .finally(() => {
        if (this.running.get(profileId) === round) this.running.delete(profileId);
      });
    return round;
  }

  /** A local change to push: one round shortly after the last of a burst of saves (offline, it waits for the next round). */
  syncSoon(profileId: string): void {
    if (!this.options.workspace.membership(profileId)) return;
    clearTimeout(this.soon.get(profileId));
    const timer = setTimeout(() => {
      this.soon.delete(profileId);
      this.background(profileId);
    }, PUSH_AFTER_EDIT_MS);
    timer.unref?.();
    this.soon.set(profileId, timer);
  }

  /** How the profile's syncs went on this launch, and the conflicts kept for it. */
  state(profileId: string): { lastSyncedAt: string | null; syncProblem: string | null; conflicts: number } {
    return { lastSyncedAt: null, syncProblem: null, ...this.outcomes.get(profileId), conflicts: this.options.repository.conflicts(profileId).length };
  }

  /** Follows the active profile: a listening connection and a fallback timer while it has joined a workspace. */
  async follow(profileId: string | null): Promise<void> {
    await this.unfollow();
    const membership = profileId ? this.options.workspace.membership(profileId) : undefined;
    if (!profileId || !membership) return;
    const followed = {
      profileId,
      listener: null as pg.Client | null,
      timer: setInterval(() => this.background(profileId), FALLBACK_PULL_MS),
      stopped: false,
      relistening: false,
    };
    followed.timer.unref?.();
    this.followed = followed;
    this.background(profileId);
    try {
      const listener = await this.options.workspace.connect(membership);
      if (followed.stopped) {
        await listener.end().catch(() => undefined);
        return;
      }
      followed.listener = listener;
      // A dropped connection (server restart, network) is followed again after a pause; meanwhile the timer pulls.
      listener.once('end', () => this.relistenLater(followed));
      await listenForChanges(listener, (table) => {
        if (WAKING_TABLES.has(table)) this.background(profileId);
      });
    } catch (error) {
      // Offline or refused: the fallback timer keeps pulling, listening is tried again; the status call says why.
      this.options.log.warn('workspace listener not started', { profileId, error: error instanceof Error ? error.message : String(error) });
      this.relistenLater(followed);
    }
  }

  private relistenLater(followed: NonNullable<WorkspaceSync['followed']>): void {
    if (followed.stopped || followed.relistening) return;
    followed.relistening = true;
    setTimeout(() => {
      if (!followed.stopped && this.followed === followed) void this.follow(followed.profileId);
    }, RELISTEN_AFTER_MS).unref?.();
  }

  async stop(): Promise<void> {
    for (const timer of this.soon.values()) clearTimeout(timer);
    this.soon.clear();
    await this.unfollow();
    await Promise.allSettled(this.running.values());
  }

  private async unfollow(): Promise<void> {
    const followed = this.followed;
    this.followed = null;
    if (!followed) return;
    followed.stopped = true;
    clearInterval(followed.timer);
    await followed.listener?.end().catch(() => undefined);
  }

  private background(profileId: string): void {
    this.syncNow(profileId).catch((error: unknown) => {
      this.options.log.warn('workspace sync failed', { profileId, error: error instanceof Error ? error.message : String(error) });
    });
  }

  private async round(profileId: string): Promise<WorkspaceSyncSummary> {
    const membership = this.options.workspace.membership(profileId);
    if (!membership)
      throw new DeskError('VALIDATION_FAILED', 'This profile has not joined a team workspace. Join one on the Profiles screen first.', { field: 'profileId' });
    const client = await this.options.workspace.connect(membership);
    try {
      return await this.pushThenPull(client, membership);
    } catch (error) {
      throw describeWorkspaceFailure(error, addressOf(membership));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async pushThenPull(client: pg.Client, membership: WorkspaceMembership): Promise<WorkspaceSyncSummary> {
    const profileId = membership.profileId;
    const { repository, clock } = this.options;
    const pushed = await this.push(client, membership);
    const sends = await this.pushSends(client, membership);
    const window = await pullSuppressions(client, repository.watermark(profileId, 'suppressions') ?? INITIAL_WATERMARK);
    const locallyChanged = repository.applyPulledSuppressions(profileId, window.rows, window.watermark, isoAt(clock()));
    if (locallyChanged > 0) this.options.onSuppressionsChanged?.(profileId);
    const messaged = await pullLastMessaged(client, repository.watermark(profileId, 'last_messaged') ?? INITIAL_WATERMARK);
    // The cap is per account: a parent manager sees its sub-accounts' sends but is not capped by them.
    const ownAccount = messaged.rows.filter((row) => row.accountSid === membership.accountSid);
    repository.applyPulledLastMessaged(profileId, ownAccount, messaged.watermark, isoAt(clock()));
    const { audienceShares, log, onTeamAudiencesChanged } = this.options;
    if (audienceShares && (await syncAudienceMetadata(client, membership, audienceShares, { now: isoAt(clock()), log })).changed > 0)
      onTeamAudiencesChanged?.(profileId);
    await this.syncDrafts(client, membership);
    const plans = this.options.planSummaries
      ? await syncPlanSummaries(client, membership, this.options.planSummaries, isoAt(clock()))
      : { pushed: 0, pulled: 0 };
    if (plans.pulled > 0) this.options.onPlannedChanged?.(profileId);
    const approvals = (await this.options.approvals?.pull(client, membership)) ?? 0;
    return {
      pushed: pushed.applied + sends + plans.pushed,
      pulled: window.rows.length + ownAccount.length + plans.pulled + approvals,
      locallyChanged,
      conflicts: pushed.conflicts,
    };
  }

  /** Shared drafts (their counts are logged; the round's summary stays the suppressions' and sends'; conflicts show in `state`). */
  private async syncDrafts(client: pg.Client, membership: WorkspaceMembership): Promise<void> {
    if (!this.options.campaigns) return;
    const drafts = await syncCampaigns(client, membership, { repository: this.options.campaigns, clock: this.options.clock, log: this.options.log });
    if (drafts.changed.length > 0) this.options.onCampaignsChanged?.(membership.profileId, drafts.changed);
    if (drafts.pushed + drafts.pulled + drafts.conflicts > 0) this.options.log.info('workspace drafts synced', { profileId: membership.profileId, ...drafts });
  }

  /** This desktop's recent sends, so the frequency cap of every desktop of the account counts them. */
  private async pushSends(client: pg.Client, membership: WorkspaceMembership): Promise<number> {
    const { repository, clock } = this.options;
    const sends = repository.unpushedSends(membership.profileId, clock() - LAST_MESSAGED_HORIZON_MS);
    const written = await pushLastMessaged(client, { organisationId: membership.organisationId, accountSid: membership.accountSid }, sends);
    repository.recordPushedSends(membership.profileId, sends);
    return written;
  }

  private async push(client: pg.Client, membership: WorkspaceMembership): Promise<{ applied: number; conflicts: number }> {
    const { repository, clock } = this.options;
    const profileId = membership.profileId;
    let applied = 0;
    let conflicts = 0;
    // A parent manager's numbers protect the whole organisation; a team's, its sub-account. The
    // rows written come back with the pull that follows (with their ids and revisions).
    const additions = repository.unpushed(profileId).map((local) => ({ id: randomUUID(), phoneE164: local.phoneE164, reason: local.reason }));
    applied += await pushSuppressionAdditions(client, { organisationId: membership.organisationId, accountSid: membership.accountSid }, additions);
    for (const row of repository.removedLocally(profileId)) {
      if (row.accountSid !== membership.accountSid) {
        // Another account's suppression (organisation-wide, or a sub-account's seen by a parent
        // manager) is not this login's to remove: it stays on the list.
        repository.restoreLocal(profileId, row, isoAt(clock()));
        continue;
      }
      const outcome = await pushSuppression(client, { kind: 'remove', id: row.id, baseRevision: row.revision });
      switch (outcome.kind) {
        case 'applied':
          applied += 1;
          repository.recordPushed(profileId, { ...row, deleted: true, revision: outcome.revision, updatedBy: membership.roleName, updatedAt: isoAt(clock()) });
          break;
        case 'conflict':
        case 'already-suppressed':
          // Removed elsewhere too: the same intent, not a conflict.
          if (outcome.theirs.deleted) {
            repository.recordPushed(profileId, outcome.theirs);
            break;
          }
          conflicts += 1;
          repository.recordConflict(
            profileId,
            { entity: 'suppression', entityId: row.id, mine: { ...row, deleted: true } satisfies WorkspaceSuppression, theirs: outcome.theirs },
            isoAt(clock()),
          );
          break;
        case 'not-found':
          break;
      }
    }
    return { applied, conflicts };
  }
}
