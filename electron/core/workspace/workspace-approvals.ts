import type pg from 'pg';
import type { ApprovalDecision, ApprovalStatus } from '../../../shared/calls/approvals';
import type { PulledApproval, PulledApprovalAccount } from '../store/workspace-approvals-repository';
import { readChangeWindow, type ChangeWindow } from './change-window';
import type { WorkspaceAccount } from './workspace-campaign-row';

/**
 * The workspace's side of approvals: rules set by parent managers per sub-account, requests the
 * teams write for one revision of a campaign, and decisions. Row-level security decides who may
 * write what (a team requests for its own campaigns; only a parent manager decides or sets rules).
 */

interface AccountRow {
  sid: string;
  name: string;
  threshold_minor: string | null;
  currency: string | null;
  set_by: string | null;
  set_at: Date | null;
}

/** Every sub-account this login may see with its rule: read whole, since a removed rule leaves no row behind. */
export async function readApprovalAccounts(client: pg.ClientBase): Promise<PulledApprovalAccount[]> {
  const { rows } = await client.query<AccountRow>(
    `SELECT s.sid, s.name, r.threshold_minor::text AS threshold_minor, r.currency, coalesce(desk.member_display_name(r.set_by), r.set_by) AS set_by, r.set_at
       FROM desk.subaccounts s
       LEFT JOIN desk.approval_rules r ON r.organisation_id = s.organisation_id AND r.account_sid = s.sid
      ORDER BY s.name, s.sid`,
  );
  return rows.map((row) => ({
    accountSid: row.sid,
    accountName: row.name,
    thresholdMinor: row.threshold_minor === null ? null : Number(row.threshold_minor),
    currency: row.currency,
    setBy: row.set_by,
    setAtMs: row.set_at?.getTime() ?? null,
  }));
}

interface ApprovalRow {
  campaign_id: string;
  revision: number;
  account_sid: string;
  account_name: string | null;
  campaign_name: string | null;
  campaign_revision: number | null;
  estimate_minor: string;
  currency: string | null;
  status: ApprovalStatus;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  note: string;
}

// Names come with the rows (a parent's desktop has no copy of the teams' campaigns); people's
// display names through desk.member_display_name (a team may not read the parents' member rows).
const APPROVAL_SELECT = `approvals.campaign_id, approvals.revision, approvals.account_sid,
  (SELECT s.name FROM desk.subaccounts s WHERE s.organisation_id = approvals.organisation_id AND s.sid = approvals.account_sid) AS account_name,
  (SELECT c.name FROM desk.campaigns c WHERE c.id = approvals.campaign_id) AS campaign_name,
  (SELECT c.revision FROM desk.campaigns c WHERE c.id = approvals.campaign_id) AS campaign_revision,
  approvals.estimate_minor::text AS estimate_minor,
  coalesce((SELECT r.currency FROM desk.approval_rules r WHERE r.organisation_id = approvals.organisation_id AND r.account_sid = approvals.account_sid),
           (SELECT c.currency FROM desk.campaigns c WHERE c.id = approvals.campaign_id)) AS currency,
  approvals.status, approvals.requested_by,
  desk.member_display_name(approvals.requested_by) AS requested_by_name,
  approvals.requested_at, approvals.decided_by,
  desk.member_display_name(approvals.decided_by) AS decided_by_name,
  approvals.decided_at, approvals.note`;

/** The requests written since `watermark` that this login may see (its account's, or every sub-account's for a parent manager). */
export async function pullApprovals(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<PulledApproval>> {
  const window = await readChangeWindow<ApprovalRow>(client, 'approvals', APPROVAL_SELECT, watermark);
  return {
    watermark: window.watermark,
    rows: window.rows.map((row) => ({
      campaignId: row.campaign_id,
      revision: row.revision,
      accountSid: row.account_sid,
      accountName: row.account_name ?? row.account_sid,
      campaignName: row.campaign_name ?? 'Untitled campaign',
      campaignRevision: row.campaign_revision ?? row.revision,
      estimateMinor: Number(row.estimate_minor),
      currency: row.currency,
      status: row.status,
      requestedBy: row.requested_by,
      requestedByName: row.requested_by_name ?? row.requested_by,
      requestedAtMs: row.requested_at.getTime(),
      decidedBy: row.decided_by,
      decidedByName: row.decided_by === null ? null : (row.decided_by_name ?? row.decided_by),
      decidedAtMs: row.decided_at?.getTime() ?? null,
      note: row.note,
    })),
  };
}

/** The current workspace revision of each campaign (those this login may see). */
export async function readCampaignRevisions(client: pg.ClientBase, campaignIds: readonly string[]): Promise<Map<string, number>> {
  if (campaignIds.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; revision: number }>('SELECT id, revision FROM desk.campaigns WHERE id = ANY($1::uuid[])', [campaignIds]);
  return new Map(rows.map((row) => [row.id, row.revision]));
}

/** Writes the request for this revision unless one exists (whatever its status); answers whether it was written now. */
export async function writeApprovalRequest(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  request: { campaignId: string; revision: number; estimateMinor: number; campaignName: string },
): Promise<boolean> {
  const written = await client.query(
    `INSERT INTO desk.approvals (campaign_id, revision, organisation_id, account_sid, estimate_minor) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (campaign_id, revision) DO NOTHING`,
    [request.campaignId, request.revision, account.organisationId, account.accountSid, request.estimateMinor],
  );
  if ((written.rowCount ?? 0) === 0) return false;
  await appendActivity(client, account, 'approval.requested', request.campaignName, {
    campaignId: request.campaignId,
    revision: request.revision,
    estimateMinor: request.estimateMinor,
  });
  return true;
}

export type DecisionOutcome =
  | { kind: 'decided' }
  /** Someone decided first, or the request is not there (or not visible). */
  | { kind: 'already-decided'; status: ApprovalStatus | null }
  /** The campaign was edited after the request: approving that revision would approve nothing launchable. */
  | { kind: 'superseded'; currentRevision: number };

/** A parent manager's decision on one revision's request, only while it is still undecided. */
export async function writeApprovalDecision(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  decision: { campaignId: string; revision: number; status: ApprovalDecision; note: string },
): Promise<DecisionOutcome> {
  await client.query('BEGIN');
  try {
    const current = await client.query<{ status: ApprovalStatus; campaign_revision: number | null; campaign_name: string | null; account_sid: string }>(
      `SELECT a.status, c.revision AS campaign_revision, c.name AS campaign_name, a.account_sid
         FROM desk.approvals a LEFT JOIN desk.campaigns c ON c.id = a.campaign_id
        WHERE a.campaign_id = $1 AND a.revision = $2 FOR UPDATE OF a`,
      [decision.campaignId, decision.revision],
    );
    const row = current.rows[0];
    let outcome: DecisionOutcome;
    if (!row || row.status !== 'requested') outcome = { kind: 'already-decided', status: row?.status ?? null };
    else if (decision.status === 'approved' && row.campaign_revision !== null && row.campaign_revision > decision.revision)
      outcome = { kind: 'superseded', currentRevision: row.campaign_revision };
    else {
      await client.query(
        `UPDATE desk.approvals SET status = $3, decided_by = session_user, decided_at = now(), note = $4
          WHERE campaign_id = $1 AND revision = $2 AND status = 'requested'`,
        [decision.campaignId, decision.revision, decision.status, decision.note],
      );
      await appendActivity(client, account, `approval.${decision.status}`, row.campaign_name ?? decision.campaignId, {
        campaignId: decision.campaignId,
        revision: decision.revision,
        accountSid: row.account_sid,
        note: decision.note,
      });
      outcome = { kind: 'decided' };
    }
    await client.query('COMMIT');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Sets (or changes) a sub-account's rule; signed by this login. */
export async function writeApprovalRule(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  rule: { accountSid: string; thresholdMinor: number; currency: string },
): Promise<void> {
  await client.query(
    `INSERT INTO desk.approval_rules (organisation_id, account_sid, threshold_minor, currency) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id, account_sid) DO UPDATE
       SET threshold_minor = excluded.threshold_minor, currency = excluded.currency, set_by = session_user, set_at = now()`,
    [account.organisationId, rule.accountSid, rule.thresholdMinor, rule.currency],
  );
  await appendActivity(client, account, 'approval_rule.set', rule.accountSid, { thresholdMinor: rule.thresholdMinor, currency: rule.currency });
}

export async function deleteApprovalRule(client: pg.ClientBase, account: WorkspaceAccount, accountSid: string): Promise<boolean> {
  const deleted = await client.query('DELETE FROM desk.approval_rules WHERE organisation_id = $1 AND account_sid = $2', [account.organisationId, accountSid]);
  if ((deleted.rowCount ?? 0) === 0) return false;
  await appendActivity(client, account, 'approval_rule.removed', accountSid, {});
  return true;
}

/** The activity log: who did what (append-only, signed by the writer's login). */
async function appendActivity(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  action: string,
  subject: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await client.query('INSERT INTO desk.activity (organisation_id, account_sid, action, subject, detail) VALUES ($1, $2, $3, $4, $5)', [
    account.organisationId,
    account.accountSid,
    action,
    subject,
    JSON.stringify(detail),
  ]);
}
