import type pg from 'pg';
import type { WorkspaceCampaignStatus } from '../../../shared/calls/workspace-campaigns';
import { readChangeWindow, type ChangeWindow } from './change-window';

/** Whose rows a desktop writes: its organisation (the parent's SID) and its own account. */
export interface WorkspaceAccount {
  organisationId: string;
  accountSid: string;
}

/** What the workspace needs of a local campaign before anything can refer to it (a lease, a reservation, an approval, a plan summary). */
export interface SharedCampaignIdentity {
  /** The local campaign's id: a campaign has the same id on every desktop and in the workspace. */
  id: string;
  name: string;
  /** The revision this desktop knows; the workspace keeps its own when the row already exists. */
  revision: number;
  budgetMinor: number | null;
  currency: string | null;
}

/**
 * Makes sure the workspace has a row for this campaign, so rows that reference it can be written
 * (a campaign created offline may be launched or sent for approval before a sync pushed it). An
 * existing row is left as it is: its content and revision are the draft sync's to change.
 * Returns the workspace's revision of the campaign.
 */
export async function ensureCampaignShared(client: pg.ClientBase, account: WorkspaceAccount, campaign: SharedCampaignIdentity): Promise<number> {
  const inserted = await client.query<{ revision: number }>(
    `INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, revision, budget_minor, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO NOTHING
     RETURNING revision`,
    [campaign.id, account.organisationId, account.accountSid, campaign.name, campaign.revision, campaign.budgetMinor, campaign.currency],
  );
  const revision = inserted.rows[0]?.revision;
  if (revision !== undefined) return revision;
  const existing = await client.query<{ revision: number }>('SELECT revision FROM desk.campaigns WHERE id = $1', [campaign.id]);
  const current = existing.rows[0]?.revision;
  // Row-level security hides another account's row: the id exists, this login may not see or use it.
  if (current === undefined) throw new Error(`Campaign ${campaign.id} belongs to another account in the team workspace.`);
  return current;
}

/** A campaign as the workspace holds it, with the names of who wrote and launched it (what a person is shown). */
export interface WorkspaceCampaign {
  id: string;
  accountSid: string;
  /** The sub-account's name, when this login may read it. */
  accountName: string | null;
  name: string;
  status: WorkspaceCampaignStatus;
  /** As stored (jsonb); validated where it becomes a local draft. */
  variants: unknown;
  settings: unknown;
  budgetMinor: number | null;
  currency: string | null;
  revision: number;
  updatedBy: string;
  updatedByName: string;
  updatedAt: string;
  launchedByName: string | null;
  launchedAt: string | null;
}

interface CampaignRow {
  id: string;
  account_sid: string;
  name: string;
  status: WorkspaceCampaignStatus;
  variants: unknown;
  schedule: unknown;
  budget_minor: string | null;
  currency: string | null;
  revision: number;
  updated_by: string;
  updated_at: Date;
  launched_by: string | null;
  launched_at: Date | null;
  change_xid: string;
}

const CAMPAIGN_COLUMNS =
  'id, account_sid, name, status, variants, schedule, budget_minor, currency, revision, updated_by, updated_at, launched_by, launched_at';

/** The campaigns written since `watermark` that this login may see: its account's, or (a parent manager) every sub-account's. */
export async function pullCampaigns(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<WorkspaceCampaign>> {
  const window = await readChangeWindow<CampaignRow>(client, 'campaigns', CAMPAIGN_COLUMNS, watermark);
  return { rows: await withNames(client, window.rows), watermark: window.watermark };
}

/** The content of a draft as this desktop pushes it. */
export interface DraftContent {
  name: string;
  variants: unknown;
  settings: unknown;
  budgetMinor: number | null;
  currency: string | null;
}

export type DraftPushOutcome =
  | { kind: 'applied'; revision: number; updatedAt: string }
  /** Someone else changed (or launched, or cancelled) it since `baseRevision`: nothing was written. */
  | { kind: 'conflict'; theirs: WorkspaceCampaign }
  /** Not visible to this login (another account's id). */
  | { kind: 'not-found' };

/**
 * Pushes a draft with an optimistic revision check. A draft never pushed (`baseRevision` null) is
 * inserted; if its row exists already it is this login's own (written by `ensureCampaignShared`
 * before a lease or an approval, or by a push whose answer a cut connection lost) and is updated
 * at its revision, or someone else's and a conflict. Otherwise `UPDATE … WHERE id = $1 AND
 * revision = $base` changes the row only if nobody did since; a cancelled draft comes back, a
 * launched one is never changed. One statement per draft: a cut connection leaves whole drafts.
 */
export async function pushDraft(
  client: pg.ClientBase,
  account: WorkspaceAccount & { roleName: string },
  draft: { id: string; baseRevision: number | null } & DraftContent,
): Promise<DraftPushOutcome> {
  const content = [draft.name, JSON.stringify(draft.variants), JSON.stringify(draft.settings), draft.budgetMinor, draft.currency];
  let baseRevision = draft.baseRevision;
  if (baseRevision === null) {
    const inserted = await client.query<{ revision: number; updated_at: Date }>(
      `INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, variants, schedule, budget_minor, currency)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8)
       ON CONFLICT (id) DO NOTHING
       RETURNING revision, updated_at`,
      [draft.id, account.organisationId, account.accountSid, ...content],
    );
    const row = inserted.rows[0];
    if (row) return { kind: 'applied', revision: row.revision, updatedAt: row.updated_at.toISOString() };
    const existing = await currentCampaign(client, draft.id);
    if (!existing) return { kind: 'not-found' };
    if (existing.updatedBy !== account.roleName || existing.accountSid !== account.accountSid) return { kind: 'conflict', theirs: existing };
    baseRevision = existing.revision;
  }
  // A local revision that changed nothing the workspace holds (a launch undone, a save of the same
  // fields) is no edit: a new revision would void approvals and make teammates' plans stale.
  const unchanged = await client.query<{ revision: number; updated_at: Date }>(
    `SELECT revision, updated_at FROM desk.campaigns
      WHERE id = $1 AND revision = $2 AND status = 'draft' AND name = $3 AND variants = $4::jsonb AND schedule = $5::jsonb
        AND budget_minor IS NOT DISTINCT FROM $6 AND currency IS NOT DISTINCT FROM $7`,
    [draft.id, baseRevision, ...content],
  );
  const same = unchanged.rows[0];
  if (same) return { kind: 'applied', revision: same.revision, updatedAt: same.updated_at.toISOString() };
  const updated = await client.query<{ revision: number; updated_at: Date }>(
    `UPDATE desk.campaigns SET name = $3, variants = $4::jsonb, schedule = $5::jsonb, budget_minor = $6, currency = $7, status = 'draft',
            revision = revision + 1, updated_by = session_user, updated_at = now()
      WHERE id = $1 AND revision = $2 AND status IN ('draft', 'cancelled')
      RETURNING revision, updated_at`,
    [draft.id, baseRevision, ...content],
  );
  const row = updated.rows[0];
  if (row) return { kind: 'applied', revision: row.revision, updatedAt: row.updated_at.toISOString() };
  const theirs = await currentCampaign(client, draft.id);
  return theirs ? { kind: 'conflict', theirs } : { kind: 'not-found' };
}

/**
 * A shared draft deleted on this desktop becomes `cancelled` in the workspace (its row stays: leases,
 * approvals and plan summaries may refer to it), if nobody changed it since `baseRevision`.
 */
export async function pushCancellation(client: pg.ClientBase, change: { id: string; baseRevision: number }): Promise<DraftPushOutcome> {
  const updated = await client.query<{ revision: number; updated_at: Date }>(
    `UPDATE desk.campaigns SET status = 'cancelled', revision = revision + 1, updated_by = session_user, updated_at = now()
      WHERE id = $1 AND revision = $2 AND status = 'draft'
      RETURNING revision, updated_at`,
    [change.id, change.baseRevision],
  );
  const row = updated.rows[0];
  if (row) return { kind: 'applied', revision: row.revision, updatedAt: row.updated_at.toISOString() };
  const theirs = await currentCampaign(client, change.id);
  return theirs ? { kind: 'conflict', theirs } : { kind: 'not-found' };
}

/**
 * A campaign launched (or finished, or cancelled after launch) on this desktop: its status, who
 * launched it and its content as launched, for every teammate's list. The lease decided that this desktop launches, so no
 * revision check; the first launch's name and time stay. A launch the lease keeper already ended
 * stays ended: a round that read the campaign still sending can land after the keeper's release.
 * Returns the workspace's revision and the status it holds.
 */
export async function pushLaunchStatus(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  campaign: { id: string; revision: number; status: WorkspaceCampaignStatus; launchedAt: string | null } & DraftContent,
): Promise<{ revision: number; updatedAt: string; status: WorkspaceCampaignStatus }> {
  await ensureCampaignShared(client, account, campaign);
  const updated = await client.query<{ revision: number; updated_at: Date; status: WorkspaceCampaignStatus }>(
    // The content as launched goes with it (a draft launched before it was ever pushed has only its name there).
    `UPDATE desk.campaigns SET status = CASE WHEN $2::text = 'launched' AND status IN ('finished', 'cancelled') THEN status ELSE $2::text END,
            launched_by = coalesce(launched_by, session_user), launched_at = coalesce(launched_at, $3::timestamptz, now()),
            name = $4, variants = $5::jsonb, schedule = $6::jsonb, budget_minor = $7, currency = $8, updated_at = now()
      WHERE id = $1
      RETURNING revision, updated_at, status`,
    [
      campaign.id,
      campaign.status,
      campaign.launchedAt,
      campaign.name,
      JSON.stringify(campaign.variants),
      JSON.stringify(campaign.settings),
      campaign.budgetMinor,
      campaign.currency,
    ],
  );
  const row = updated.rows[0];
  if (!row) throw new Error(`Campaign ${campaign.id} belongs to another account in the team workspace.`);
  return { revision: row.revision, updatedAt: row.updated_at.toISOString(), status: row.status };
}

export async function currentCampaign(client: pg.ClientBase, id: string): Promise<WorkspaceCampaign | undefined> {
  const { rows } = await client.query<CampaignRow>(`SELECT ${CAMPAIGN_COLUMNS}, change_xid::text AS change_xid FROM desk.campaigns WHERE id = $1`, [id]);
  return (await withNames(client, rows))[0];
}

/** Roles and SIDs become the names people know (any member of the organisation by name; sub-accounts as this login may read them). */
async function withNames(client: pg.ClientBase, rows: readonly CampaignRow[]): Promise<WorkspaceCampaign[]> {
  if (rows.length === 0) return [];
  const roles = [...new Set(rows.flatMap((row) => [row.updated_by, ...(row.launched_by ? [row.launched_by] : [])]))];
  const sids = [...new Set(rows.map((row) => row.account_sid))];
  const [members, accounts] = await Promise.all([
    // desk.member_display_name (workspace migration 4): a team may know who changed a draft, not read the parent managers' member rows.
    client.query<{ role_name: string; display_name: string | null }>(
      'SELECT role_name, desk.member_display_name(role_name) AS display_name FROM unnest($1::text[]) AS role_name',
      [roles],
    ),
    client.query<{ sid: string; name: string }>('SELECT sid, name FROM desk.subaccounts WHERE sid = ANY($1)', [sids]),
  ]);
  const nameOf = new Map(members.rows.flatMap((member) => (member.display_name === null ? [] : [[member.role_name, member.display_name] as const])));
  const accountName = new Map(accounts.rows.map((account) => [account.sid, account.name]));
  return rows.map((row) => ({
    id: row.id,
    accountSid: row.account_sid,
    accountName: accountName.get(row.account_sid) ?? null,
    name: row.name,
    status: row.status,
    variants: row.variants,
    settings: row.schedule,
    budgetMinor: row.budget_minor === null ? null : Number(row.budget_minor),
    currency: row.currency,
    revision: row.revision,
    updatedBy: row.updated_by,
    updatedByName: nameOf.get(row.updated_by) ?? row.updated_by,
    updatedAt: row.updated_at.toISOString(),
    launchedByName: row.launched_by === null ? null : (nameOf.get(row.launched_by) ?? row.launched_by),
    launchedAt: row.launched_at === null ? null : row.launched_at.toISOString(),
  }));
}
