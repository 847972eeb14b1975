import type pg from 'pg';

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
