import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { ApprovalStatus } from '../../../shared/calls/approvals';
import type { SqliteDatabase } from './database';

/** A sub-account of the workspace and its approval rule (null threshold: no rule), as last pulled. */
export interface PulledApprovalAccount {
  accountSid: string;
  accountName: string;
  thresholdMinor: number | null;
  currency: string | null;
  setBy: string | null;
  setAtMs: number | null;
}

/** A request (and its decision) as last pulled. */
export interface PulledApproval {
  campaignId: string;
  revision: number;
  accountSid: string;
  accountName: string;
  campaignName: string;
  /** The campaign's workspace revision as last seen: above `revision`, the request is superseded. */
  campaignRevision: number;
  estimateMinor: number;
  currency: string | null;
  status: ApprovalStatus;
  requestedBy: string;
  requestedByName: string;
  requestedAtMs: number;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAtMs: number | null;
  note: string;
}

/** A request sent from this desktop, and the local revision of the draft it was for. */
export interface ApprovalLink {
  campaignId: string;
  revision: number;
  localRevision: number;
}

interface AccountRow {
  account_sid: string;
  account_name: string;
  threshold_minor: number | null;
  currency: string | null;
  set_by: string | null;
  set_at_ms: number | null;
}

interface ApprovalRow {
  campaign_id: string;
  revision: number;
  account_sid: string;
  account_name: string;
  campaign_name: string;
  campaign_revision: number;
  estimate_minor: number;
  currency: string | null;
  status: ApprovalStatus;
  requested_by: string;
  requested_by_name: string;
  requested_at_ms: number;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at_ms: number | null;
  note: string;
}

const toAccount = (row: AccountRow): PulledApprovalAccount => ({
  accountSid: row.account_sid,
  accountName: row.account_name,
  thresholdMinor: row.threshold_minor,
  currency: row.currency,
  setBy: row.set_by,
  setAtMs: row.set_at_ms,
});

const toApproval = (row: ApprovalRow): PulledApproval => ({
  campaignId: row.campaign_id,
  revision: row.revision,
  accountSid: row.account_sid,
  accountName: row.account_name,
  campaignName: row.campaign_name,
  campaignRevision: row.campaign_revision,
  estimateMinor: row.estimate_minor,
  currency: row.currency,
  status: row.status,
  requestedBy: row.requested_by,
  requestedByName: row.requested_by_name,
  requestedAtMs: row.requested_at_ms,
  decidedBy: row.decided_by,
  decidedByName: row.decided_by_name,
  decidedAtMs: row.decided_at_ms,
  note: row.note,
});

const APPROVAL_COLUMNS = `campaign_id, revision, account_sid, account_name, campaign_name, campaign_revision, estimate_minor, currency, status,
  requested_by, requested_by_name, requested_at_ms, decided_by, decided_by_name, decided_at_ms, note`;

/**
 * This desktop's copy of the workspace's approval rules and requests (the launch gate and the
 * screens read it, offline too), and the requests this desktop sent with the local revision each
 * was for. Pulled rows and their cursor move in one transaction.
 */
export class WorkspaceApprovalsRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  watermark(profileId: string): string | null {
    return (
      this.statements
        .statement<{ profileId: string }, { watermark: string }>('SELECT watermark FROM workspace_approval_cursors WHERE profile_id = @profileId')
        .get({ profileId })?.watermark ?? null
    );
  }

  accounts(profileId: string): PulledApprovalAccount[] {
    return this.statements
      .statement<{ profileId: string }, AccountRow>(
        `SELECT account_sid, account_name, threshold_minor, currency, set_by, set_at_ms FROM workspace_approval_accounts
          WHERE profile_id = @profileId ORDER BY account_name COLLATE NOCASE, account_sid`,
      )
      .all({ profileId })
      .map(toAccount);
  }

  /** The rule of one account, or undefined when it has none (or the account is not in the workspace). */
  ruleOf(profileId: string, accountSid: string): (PulledApprovalAccount & { thresholdMinor: number; currency: string }) | undefined {
    const row = this.statements
      .statement<{ profileId: string; accountSid: string }, AccountRow>(
        `SELECT account_sid, account_name, threshold_minor, currency, set_by, set_at_ms FROM workspace_approval_accounts
          WHERE profile_id = @profileId AND account_sid = @accountSid AND threshold_minor IS NOT NULL AND currency IS NOT NULL`,
      )
      .get({ profileId, accountSid });
    if (row === undefined || row.threshold_minor === null || row.currency === null) return undefined;
    return { ...toAccount(row), thresholdMinor: row.threshold_minor, currency: row.currency };
  }

  /** The campaign's latest request as pulled (highest revision), or undefined. */
  latestFor(profileId: string, campaignId: string): PulledApproval | undefined {
    const row = this.statements
      .statement<{ profileId: string; campaignId: string }, ApprovalRow>(
        `SELECT ${APPROVAL_COLUMNS} FROM workspace_approvals WHERE profile_id = @profileId AND campaign_id = @campaignId ORDER BY revision DESC LIMIT 1`,
      )
      .get({ profileId, campaignId });
    return row === undefined ? undefined : toApproval(row);
  }

  get(profileId: string, campaignId: string, revision: number): PulledApproval | undefined {
    const row = this.statements
      .statement<{ profileId: string; campaignId: string; revision: number }, ApprovalRow>(
        `SELECT ${APPROVAL_COLUMNS} FROM workspace_approvals WHERE profile_id = @profileId AND campaign_id = @campaignId AND revision = @revision`,
      )
      .get({ profileId, campaignId, revision });
    return row === undefined ? undefined : toApproval(row);
  }

  pending(profileId: string): PulledApproval[] {
    return this.statements
      .statement<{ profileId: string }, ApprovalRow>(
        `SELECT ${APPROVAL_COLUMNS} FROM workspace_approvals WHERE profile_id = @profileId AND status = 'requested' ORDER BY requested_at_ms, campaign_id`,
      )
      .all({ profileId })
      .map(toApproval);
  }

  decided(profileId: string, limit: number): PulledApproval[] {
    return this.statements
      .statement<{ profileId: string; limit: number }, ApprovalRow>(
        `SELECT ${APPROVAL_COLUMNS} FROM workspace_approvals WHERE profile_id = @profileId AND status <> 'requested'
          ORDER BY decided_at_ms DESC, campaign_id LIMIT @limit`,
      )
      .all({ profileId, limit })
      .map(toApproval);
  }

  /** Campaigns whose current workspace revision matters: requests not rejected (pending ones show "edited since", approved ones gate launches). */
  campaignsToWatch(profileId: string): string[] {
    return this.statements
      .statement<{ profileId: string }, { campaign_id: string }>(
        "SELECT DISTINCT campaign_id FROM workspace_approvals WHERE profile_id = @profileId AND status <> 'rejected'",
      )
      .all({ profileId })
      .map((row) => row.campaign_id);
  }

  link(profileId: string, campaignId: string, revision: number): ApprovalLink | undefined {
    const row = this.statements
      .statement<{ profileId: string; campaignId: string; revision: number }, { local_revision: number }>(
        'SELECT local_revision FROM workspace_approval_links WHERE profile_id = @profileId AND campaign_id = @campaignId AND revision = @revision',
      )
      .get({ profileId, campaignId, revision });
    return row === undefined ? undefined : { campaignId, revision, localRevision: row.local_revision };
  }

  recordLink(profileId: string, link: ApprovalLink, nowMs: number): void {
    this.statements
      .statement(
        `INSERT INTO workspace_approval_links (profile_id, campaign_id, revision, local_revision, linked_at_ms)
         VALUES (@profileId, @campaignId, @revision, @localRevision, @nowMs)
         ON CONFLICT (profile_id, campaign_id, revision) DO UPDATE SET local_revision = excluded.local_revision, linked_at_ms = excluded.linked_at_ms`,
      )
      .run({ profileId, ...link, nowMs });
  }

  /**
   * Applies one pull in one transaction: the accounts and rules replace what was known, requests
   * are upserted, the campaigns' current revisions recorded, and the cursor moves. Returns the
   * requests as they were before, for what changed (notifications).
   */
  applyPull(
    profileId: string,
    pull: {
      accounts: readonly PulledApprovalAccount[];
      approvals: readonly PulledApproval[];
      campaignRevisions: ReadonlyMap<string, number>;
      watermark: string;
    },
  ): { before: Map<string, PulledApproval>; accountsChanged: boolean; revisionsMoved: number } {
    return this.db
      .transaction(() => {
        const before = new Map<string, PulledApproval>();
        for (const approval of pull.approvals) {
          const known = this.get(profileId, approval.campaignId, approval.revision);
          if (known) before.set(`${approval.campaignId}:${approval.revision}`, known);
        }
        const previousAccounts = JSON.stringify(this.accounts(profileId));
        this.statements.statement('DELETE FROM workspace_approval_accounts WHERE profile_id = @profileId').run({ profileId });
        const insertAccount = this.statements.statement(
          `INSERT INTO workspace_approval_accounts (profile_id, account_sid, account_name, threshold_minor, currency, set_by, set_at_ms)
           VALUES (@profileId, @accountSid, @accountName, @thresholdMinor, @currency, @setBy, @setAtMs)`,
        );
        for (const account of pull.accounts) insertAccount.run({ profileId, ...account });
        const upsert = this.statements.statement(
          `INSERT INTO workspace_approvals (profile_id, ${APPROVAL_COLUMNS})
           VALUES (@profileId, @campaignId, @revision, @accountSid, @accountName, @campaignName, @campaignRevision, @estimateMinor, @currency, @status,
                   @requestedBy, @requestedByName, @requestedAtMs, @decidedBy, @decidedByName, @decidedAtMs, @note)
           ON CONFLICT (profile_id, campaign_id, revision) DO UPDATE SET account_name = excluded.account_name, campaign_name = excluded.campaign_name,
             campaign_revision = max(workspace_approvals.campaign_revision, excluded.campaign_revision), estimate_minor = excluded.estimate_minor,
             currency = excluded.currency, status = excluded.status, requested_by_name = excluded.requested_by_name,
             decided_by = excluded.decided_by, decided_by_name = excluded.decided_by_name, decided_at_ms = excluded.decided_at_ms, note = excluded.note`,
        );
        for (const approval of pull.approvals) upsert.run({ profileId, ...approval });
        const seen = this.statements.statement(
          `UPDATE workspace_approvals SET campaign_revision = @revision
            WHERE profile_id = @profileId AND campaign_id = @campaignId AND campaign_revision < @revision`,
        );
        let revisionsMoved = 0;
        for (const [campaignId, revision] of pull.campaignRevisions) revisionsMoved += seen.run({ profileId, campaignId, revision }).changes;
        this.statements
          .statement(
            `INSERT INTO workspace_approval_cursors (profile_id, watermark) VALUES (@profileId, @watermark)
             ON CONFLICT (profile_id) DO UPDATE SET watermark = excluded.watermark`,
          )
          .run({ profileId, watermark: pull.watermark });
        return { before, accountsChanged: previousAccounts !== JSON.stringify(this.accounts(profileId)), revisionsMoved };
      })
      .immediate();
  }
}
