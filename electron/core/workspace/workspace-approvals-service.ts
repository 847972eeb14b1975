import type pg from 'pg';
import type { ApprovalItem, ApprovalList, ApprovalNotice, ApprovalRules, CampaignApproval, ApprovalDecision } from '../../../shared/calls/approvals';
import type { DeskEvent } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import type { Logger } from '../log';
import type { CampaignRecord } from '../store/campaigns-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { PulledApproval, WorkspaceApprovalsRepository } from '../store/workspace-approvals-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import { isoAt, SECOND, type Clock } from '../time';
import { approvalStateOf } from './approval-state';
import { INITIAL_WATERMARK } from './change-window';
import { ensureCampaignShared, type WorkspaceAccount } from './workspace-campaign-row';
import { describeWorkspaceFailure } from './workspace-errors';
import {
  deleteApprovalRule,
  pullApprovals,
  readApprovalAccounts,
  readCampaignRevisions,
  writeApprovalDecision,
  writeApprovalRequest,
  writeApprovalRule,
} from './workspace-approvals';
import { addressOf, type WorkspaceService } from './workspace-service';

/** Facts under which nothing needs approval. */
const NO_FACTS = { rule: null, estimate: null, latest: null, link: null } as const;

/** Decisions listed on the parent's screen after the pending requests. */
const DECIDED_LISTED = 200;
/** A launch refreshes the approvals first, but waits no longer than this for the workspace (then the pulled state decides). */
const LAUNCH_REFRESH_TIMEOUT_MS = 5 * SECOND;

export interface WorkspaceApprovalsOptions {
  workspace: WorkspaceService;
  repository: WorkspaceApprovalsRepository;
  /** The local draft (throws CAMPAIGN_NOT_FOUND when it is not this profile's). */
  campaignOf(profileId: string, campaignId: string): CampaignRecord;
  /** The plan's estimate now, or null when it cannot be priced (no rate card yet). */
  estimateOf(profile: ProfileRecord, campaignId: string): Promise<{ minor: number; currency: string } | null>;
  /** The currency a sub-account's amounts are in, as this (parent) desktop knows it. */
  currencyOf(profile: ProfileRecord, accountSid: string): string | null;
  /** One push-then-pull round of the workspace sync, so the campaign as it is now is what gets approved. */
  syncRound(profileId: string): Promise<unknown>;
  /** The draft as the team workspace last had it (shared drafts), when it has been pushed or pulled. */
  sharedCampaignOf?(profileId: string, campaignId: string): { syncedLocalRevision: number | null; updatedByName: string | null } | undefined;
  clock: Clock;
  log: Logger;
  emit(event: DeskEvent): void;
}

/**
 * Approvals across desktops. Rules and requests live in the workspace and are pulled into the
 * local store with every sync round (the launch gate and the screens read the local copy, offline
 * too); setting a rule, requesting and deciding are written to the workspace at once (they need
 * it online) and pulled back. A pull that brings a new request (parent managers) or a decision on
 * a request sent from this login (teams) raises `approvals.notice`, shown as a desktop notification.
 */
export class WorkspaceApprovals {
  /** Each profile's pull in flight: pulls never overlap (a sync round and a launch's refresh), so news is told once. */
  private readonly pulling = new Map<string, Promise<unknown>>();

  constructor(private readonly options: WorkspaceApprovalsOptions) {}

  /** Part of every sync round (WorkspaceSync.pushThenPull): rules whole, requests from the cursor, campaigns' current revisions. */
  pull(client: pg.ClientBase, membership: WorkspaceMembership): Promise<number> {
    const previous = this.pulling.get(membership.profileId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.pullNow(client, membership));
    this.pulling.set(membership.profileId, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (this.pulling.get(membership.profileId) === next) this.pulling.delete(membership.profileId);
      });
    return next;
  }

  private async pullNow(client: pg.ClientBase, membership: WorkspaceMembership): Promise<number> {
    const { repository } = this.options;
    const profileId = membership.profileId;
    const previous = repository.watermark(profileId);
    const accounts = await readApprovalAccounts(client);
    const window = await pullApprovals(client, previous ?? INITIAL_WATERMARK);
    const watched = new Set([...repository.campaignsToWatch(profileId), ...window.rows.map((row) => row.campaignId)]);
    const campaignRevisions = await readCampaignRevisions(client, [...watched]);
    const rows = window.rows.map((row) => ({ ...row, campaignRevision: Math.max(row.campaignRevision, campaignRevisions.get(row.campaignId) ?? 0) }));
    const { before, accountsChanged, revisionsMoved } = repository.applyPull(profileId, {
      accounts,
      approvals: rows,
      campaignRevisions,
      watermark: window.watermark,
    });
    // The first pull brings history, not news.
    const notices = previous === null ? [] : rows.flatMap((row) => this.noticeOf(membership, before.get(`${row.campaignId}:${row.revision}`), row));
    for (const notice of notices) this.options.emit({ name: 'approvals.notice', payload: notice });
    if (rows.length > 0 || accountsChanged || revisionsMoved > 0) this.options.emit({ name: 'approvals.changed', payload: { profileId } });
    return rows.length;
  }

  /** Where a campaign stands with its rule; plans it only when a rule applies to its account. */
  async campaign(profile: ProfileRecord, campaignId: string): Promise<CampaignApproval> {
    const record = this.options.campaignOf(profile.id, campaignId);
    // A launched campaign is past the gate: nothing to approve any more.
    if (record.status !== 'draft') return approvalStateOf({ ...NO_FACTS, campaignId, localRevision: record.revision });
    const estimate = this.ruleFor(profile) === null ? null : await this.options.estimateOf(profile, campaignId).catch(() => null);
    return this.stateOf(profile, record, estimate);
  }

  /**
   * Asks for approval of the campaign as it is now: a sync round first (so the workspace has this
   * version), then the campaign's row and the request for its workspace revision, in one transaction.
   */
  async request(profile: ProfileRecord, input: { campaignId: string; revision: number }): Promise<CampaignApproval> {
    const membership = this.requireMembership(profile);
    const reviewed = this.options.campaignOf(profile.id, input.campaignId);
    assertUnchanged(reviewed, input.revision);
    const estimate = await this.options.estimateOf(profile, input.campaignId);
    const state = this.stateOf(profile, reviewed, estimate);
    if (state.state === 'not-needed') {
      throw new DeskError('VALIDATION_FAILED', `"${reviewed.name}" does not need approval: launch it when you are ready.`, { field: 'campaignId' });
    }
    if (!state.canRequest || estimate === null) throw new DeskError('APPROVAL_REQUIRED', state.reason ?? 'This campaign cannot be sent for approval now.');

    await this.options.syncRound(profile.id);
    const record = this.options.campaignOf(profile.id, input.campaignId);
    assertUnchanged(record, input.revision);
    const account = accountOf(membership);
    await this.withClient(membership, async (client) => {
      await client.query('BEGIN');
      let revision: number;
      try {
        revision = await ensureCampaignShared(client, account, {
          id: record.id,
          name: record.name,
          revision: record.revision,
          budgetMinor: record.budgetMinor,
          currency: estimate.currency,
        });
        const sentFromHere = this.options.repository.link(profile.id, record.id, revision);
        if (sentFromHere && sentFromHere.localRevision !== record.revision) {
          // Asked for this workspace revision before, and edited here since: the edit has not reached the workspace.
          throw new DeskError(
            'APPROVAL_REQUIRED',
            `Your latest changes to "${record.name}" have not reached the team workspace yet. Sync (and settle any conflict), then request approval again.`,
          );
        }
        await writeApprovalRequest(client, account, { campaignId: record.id, revision, estimateMinor: estimate.minor, campaignName: record.name });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.options.repository.recordLink(profile.id, { campaignId: record.id, revision, localRevision: record.revision }, this.options.clock());
      await this.pull(client, membership);
    });
    this.options.log.info('approval requested', { campaignId: record.id, estimateMinor: estimate.minor });
    return this.stateOf(profile, this.options.campaignOf(profile.id, input.campaignId), estimate);
  }

  list(profile: ProfileRecord): ApprovalList {
    const membership = this.options.workspace.membership(profile.id);
    if (!membership) return { joined: false, pending: [], decided: [] };
    const { repository } = this.options;
    return { joined: true, pending: repository.pending(profile.id).map(itemOf), decided: repository.decided(profile.id, DECIDED_LISTED).map(itemOf) };
  }

  async decide(profile: ProfileRecord, input: { campaignId: string; revision: number; decision: ApprovalDecision; note: string }): Promise<ApprovalList> {
    const membership = this.requireMembership(profile);
    this.requireParentManager(membership);
    await this.withClient(membership, async (client) => {
      const outcome = await writeApprovalDecision(client, accountOf(membership), {
        campaignId: input.campaignId,
        revision: input.revision,
        status: input.decision,
        note: input.note,
      });
      await this.pull(client, membership);
      switch (outcome.kind) {
        case 'decided':
          return;
        case 'already-decided':
          throw new DeskError(
            'CAMPAIGN_CONFLICT',
            outcome.status === null
              ? 'That request is no longer in the team workspace (the campaign may have been deleted).'
              : `That request was already ${outcome.status} by another parent manager. The list now shows it.`,
          );
        case 'superseded':
          throw new DeskError(
            'CAMPAIGN_CONFLICT',
            'The team edited this campaign after asking, so this version can no longer be launched. Reject it, or wait for their new request.',
          );
      }
    });
    this.options.log.info('approval decided', { campaignId: input.campaignId, revision: input.revision, decision: input.decision });
    return this.list(profile);
  }

  rules(profile: ProfileRecord): ApprovalRules {
    if (!this.options.workspace.membership(profile.id)) return { joined: false, accounts: [] };
    return {
      joined: true,
      accounts: this.options.repository.accounts(profile.id).map((account) => ({
        accountSid: account.accountSid,
        accountName: account.accountName,
        thresholdMinor: account.thresholdMinor,
        currency: account.currency ?? this.options.currencyOf(profile, account.accountSid),
        setBy: account.setBy,
        setAt: account.setAtMs === null ? null : isoAt(account.setAtMs),
      })),
    };
  }

  async setRule(profile: ProfileRecord, input: { accountSid: string; thresholdMinor: number }): Promise<ApprovalRules> {
    const membership = this.requireMembership(profile);
    this.requireParentManager(membership);
    this.requireWorkspaceAccount(profile, input.accountSid);
    const currency = this.options.currencyOf(profile, input.accountSid);
    if (currency === null) {
      throw new DeskError('VALIDATION_FAILED', "This sub-account's currency is not known on this desktop yet. Sync the sub-accounts, then set the rule.", {
        field: 'accountSid',
      });
    }
    await this.withClient(membership, async (client) => {
      await writeApprovalRule(client, accountOf(membership), { accountSid: input.accountSid, thresholdMinor: input.thresholdMinor, currency });
      await this.pull(client, membership);
    });
    return this.rules(profile);
  }

  async removeRule(profile: ProfileRecord, input: { accountSid: string }): Promise<ApprovalRules> {
    const membership = this.requireMembership(profile);
    this.requireParentManager(membership);
    await this.withClient(membership, async (client) => {
      await deleteApprovalRule(client, accountOf(membership), input.accountSid);
      await this.pull(client, membership);
    });
    return this.rules(profile);
  }

  /**
   * The launch's approval gate, first half: refreshes the pulled rules and requests when the
   * workspace answers soon (a decision made a moment ago counts); otherwise the pulled state decides.
   */
  async refreshBeforeLaunch(profile: ProfileRecord): Promise<void> {
    const membership = this.options.workspace.membership(profile.id);
    if (!membership) return;
    try {
      const client = await this.options.workspace.connect(membership, LAUNCH_REFRESH_TIMEOUT_MS);
      try {
        await this.pull(client, membership);
      } finally {
        await client.end().catch(() => undefined);
      }
    } catch (error) {
      this.options.log.warn('approvals not refreshed before a launch', {
        profileId: profile.id,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /**
   * The launch's approval gate, second half (inside the launch's reserving transaction, with the
   * estimate the launch reserves): refuses unless no approval is needed or this exact revision is approved.
   */
  assertMayLaunch(profile: ProfileRecord, record: CampaignRecord, estimate: { minor: number; currency: string }): void {
    const state = this.stateOf(profile, record, estimate);
    if (state.state === 'not-needed' || state.state === 'approved') return;
    throw new DeskError('APPROVAL_REQUIRED', state.reason ?? "This campaign needs a parent manager's approval before it can be launched.", {
      field: 'approval',
    });
  }

  private stateOf(profile: ProfileRecord, record: CampaignRecord, estimate: { minor: number; currency: string } | null): CampaignApproval {
    const latest = this.options.repository.latestFor(profile.id, record.id) ?? null;
    return approvalStateOf({
      campaignId: record.id,
      localRevision: record.revision,
      rule: this.ruleFor(profile),
      estimate,
      latest,
      link: latest ? (this.options.repository.link(profile.id, record.id, latest.revision) ?? null) : null,
      changedByTeammate: this.changedByTeammate(profile, record),
    });
  }

  private changedByTeammate(profile: ProfileRecord, record: CampaignRecord): boolean {
    const shared = this.options.sharedCampaignOf?.(profile.id, record.id);
    const me = this.options.workspace.membership(profile.id)?.displayName;
    return shared !== undefined && shared.syncedLocalRevision === record.revision && shared.updatedByName !== null && shared.updatedByName !== me;
  }

  /** The rule of the profile's own account (a parent manager's own campaigns have none). */
  private ruleFor(profile: ProfileRecord): { thresholdMinor: number; currency: string } | null {
    const membership = this.options.workspace.membership(profile.id);
    if (!membership || membership.memberKind !== 'subaccount_member') return null;
    return this.options.repository.ruleOf(profile.id, membership.accountSid) ?? null;
  }

  private noticeOf(membership: WorkspaceMembership, before: PulledApproval | undefined, row: PulledApproval): ApprovalNotice[] {
    const money = row.currency === null ? String(row.estimateMinor) : formatMoney(row.estimateMinor, row.currency);
    const common = { profileId: membership.profileId, campaignId: row.campaignId, revision: row.revision };
    if (membership.memberKind === 'parent_manager') {
      if (before !== undefined || row.status !== 'requested') return [];
      return [
        {
          ...common,
          kind: 'requested',
          title: `Approval requested: ${row.campaignName}`,
          body: `${row.requestedByName} (${row.accountName}) asks to launch it, estimated ${money}. Open Approvals to decide.`,
        },
      ];
    }
    if (before?.status !== 'requested' || row.status === 'requested' || row.requestedBy !== membership.roleName) return [];
    const who = row.decidedByName ?? 'A parent manager';
    const note = row.note.trim() === '' ? '' : ` Note: "${row.note.trim()}"`;
    return row.status === 'approved'
      ? [{ ...common, kind: 'approved', title: `Approved: ${row.campaignName}`, body: `${who} approved it (${money}); you can launch it now.${note}` }]
      : [{ ...common, kind: 'rejected', title: `Rejected: ${row.campaignName}`, body: `${who} rejected it.${note || ' No note was given.'}` }];
  }

  private requireMembership(profile: ProfileRecord): WorkspaceMembership {
    const membership = this.options.workspace.membership(profile.id);
    if (!membership) {
      throw new DeskError('VALIDATION_FAILED', 'Approvals work through a team workspace. Join one on the Profiles screen first.', { field: 'profileId' });
    }
    return membership;
  }

  private requireParentManager(membership: WorkspaceMembership): void {
    if (membership.memberKind !== 'parent_manager') throw new DeskError('FORBIDDEN_ROLE', 'Only a parent manager can do this.');
  }

  private requireWorkspaceAccount(profile: ProfileRecord, accountSid: string): void {
    if (!this.options.repository.accounts(profile.id).some((account) => account.accountSid === accountSid)) {
      throw new DeskError(
        'VALIDATION_FAILED',
        'That sub-account has no team in the workspace yet. Add a member for it first (npm run workspace -- add-member).',
        {
          field: 'accountSid',
        },
      );
    }
  }

  private async withClient(membership: WorkspaceMembership, work: (client: pg.Client) => Promise<void>): Promise<void> {
    const client = await this.options.workspace.connect(membership);
    try {
      await work(client);
    } catch (error) {
      throw describeWorkspaceFailure(error, addressOf(membership));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function accountOf(membership: WorkspaceMembership): WorkspaceAccount {
  return { organisationId: membership.organisationId, accountSid: membership.accountSid };
}

function assertUnchanged(record: CampaignRecord, revision: number): void {
  if (record.status !== 'draft') throw new DeskError('CAMPAIGN_CONFLICT', `"${record.name}" has already been launched.`);
  if (record.revision !== revision) {
    throw new DeskError('CAMPAIGN_CONFLICT', `"${record.name}" changed since you reviewed it. Review the plan again, then request approval.`, {
      field: 'revision',
    });
  }
}

function itemOf(approval: PulledApproval): ApprovalItem {
  return {
    campaignId: approval.campaignId,
    revision: approval.revision,
    campaignName: approval.campaignName,
    accountSid: approval.accountSid,
    accountName: approval.accountName,
    estimateMinor: approval.estimateMinor,
    currency: approval.currency,
    status: approval.status,
    requestedBy: approval.requestedByName,
    requestedAt: isoAt(approval.requestedAtMs),
    decidedBy: approval.decidedByName,
    decidedAt: approval.decidedAtMs === null ? null : isoAt(approval.decidedAtMs),
    note: approval.note,
    superseded: approval.campaignRevision > approval.revision,
  };
}
