import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { MINUTE } from '../time';

/** How long a launch lease lasts without renewal: a desktop that died frees its campaigns after this. */
export const LAUNCH_LEASE_MS = 2 * MINUTE;

export interface LeaseHolder {
  roleName: string;
  displayName: string;
  desktopId: string;
  desktopName: string;
  /** ISO instant (UTC) until which nobody else may take the launch over. */
  expiresAt: string;
}

export interface LaunchLeaseRequest {
  campaignId: string;
  /** The revision whose plan is being launched: an edit since then means the plan is stale. */
  revision: number;
  desktopId: string;
  desktopName: string;
  leaseMs?: number;
  /** The money this launch commits, written in the same transaction as the lease. */
  reservations: ReadonlyArray<{ amountMinor: number; currency: string }>;
}

export type LaunchLeaseOutcome =
  | { kind: 'taken'; expiresAt: string; tookOverFrom: LeaseHolder | null }
  /** Another desktop holds a live lease: it is the one launching. */
  | { kind: 'held'; holder: LeaseHolder }
  /** No such campaign for this member (another sub-account's is invisible, by row-level security). */
  | { kind: 'not-found' }
  | { kind: 'revision-changed'; currentRevision: number }
  | { kind: 'already-launched'; status: string; launchedBy: string | null };

interface CampaignRow {
  status: string;
  revision: number;
  launched_by: string | null;
  organisation_id: string;
  account_sid: string;
  mine: boolean;
}
interface LeaseRow {
  holder_role: string;
  holder_name: string;
  desktop_id: string;
  desktop_name: string;
  expires_at: Date;
  released_at: Date | null;
  expired: boolean;
}

const toHolder = (lease: LeaseRow): LeaseHolder => ({
  roleName: lease.holder_role,
  displayName: lease.holder_name,
  desktopId: lease.desktop_id,
  desktopName: lease.desktop_name,
  expiresAt: lease.expires_at.toISOString(),
});

/**
 * Decides which desktop launches a campaign. One transaction: the campaign row is locked
 * (`SELECT … FOR UPDATE`), so two desktops trying at once are served one after the other and the
 * second sees the first's lease; the lease, the reservations and the campaign's status commit
 * together or not at all. A live lease of another desktop refuses the launch and names its
 * holder; an expired one (its desktop died) may be taken over, and only by the same sub-account,
 * because row-level security hides every other account's campaign. Expiry is judged by the
 * database's clock, never a desktop's.
 */
export async function takeLaunchLease(client: pg.ClientBase, request: LaunchLeaseRequest): Promise<LaunchLeaseOutcome> {
  const leaseMs = request.leaseMs ?? LAUNCH_LEASE_MS;
  await client.query('BEGIN');
  try {
    const outcome = await decideAndWrite(client, request, leaseMs);
    await client.query(outcome.kind === 'taken' ? 'COMMIT' : 'ROLLBACK');
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

async function decideAndWrite(client: pg.ClientBase, request: LaunchLeaseRequest, leaseMs: number): Promise<LaunchLeaseOutcome> {
  const campaign = (
    await client.query<CampaignRow>(
      'SELECT status, revision, launched_by, organisation_id, account_sid, account_sid = desk.my_account() AS mine ' +
        'FROM desk.campaigns WHERE id = $1 FOR UPDATE',
      [request.campaignId],
    )
  ).rows[0];
  // Row-level security already hides other accounts' campaigns from FOR UPDATE; the account is checked again here.
  if (!campaign || !campaign.mine) return { kind: 'not-found' };
  if (campaign.status !== 'draft' && campaign.status !== 'launching')
    return { kind: 'already-launched', status: campaign.status, launchedBy: campaign.launched_by };
  const lease = (
    await client.query<LeaseRow>(
      `SELECT holder_role, holder_name, desktop_id, desktop_name, expires_at, released_at, expires_at <= now() AS expired
         FROM desk.launch_leases WHERE campaign_id = $1`,
      [request.campaignId],
    )
  ).rows[0];
  const live = lease && lease.released_at === null;
  if (live && lease.desktop_id !== request.desktopId && !lease.expired) return { kind: 'held', holder: toHolder(lease) };
  // The same desktop resuming its own launch (after a restart) keeps the revision it launched.
  if (campaign.revision !== request.revision && !(live && lease.desktop_id === request.desktopId)) {
    return { kind: 'revision-changed', currentRevision: campaign.revision };
  }
  const tookOverFrom = live && lease.desktop_id !== request.desktopId ? toHolder(lease) : null;

  const taken = await client.query<{ expires_at: Date }>(
    `INSERT INTO desk.launch_leases (campaign_id, organisation_id, account_sid, holder_role, holder_name, desktop_id, desktop_name, revision, expires_at)
     VALUES ($1, $2, $3, session_user, (desk.my_membership()).display_name, $4, $5, $6, now() + make_interval(secs => $7::double precision / 1000))
     ON CONFLICT (campaign_id) DO UPDATE SET holder_role = excluded.holder_role, holder_name = excluded.holder_name,
       desktop_id = excluded.desktop_id, desktop_name = excluded.desktop_name, revision = excluded.revision,
       taken_at = now(), expires_at = excluded.expires_at, released_at = NULL
     RETURNING expires_at`,
    [request.campaignId, campaign.organisation_id, campaign.account_sid, request.desktopId, request.desktopName, campaign.revision, leaseMs],
  );
  // What a dead desktop (or this one, before a restart) had reserved is replaced by this launch's own.
  await client.query('UPDATE desk.reservations SET released_at = now() WHERE campaign_id = $1 AND released_at IS NULL', [request.campaignId]);
  for (const reservation of request.reservations) {
    await client.query(
      `INSERT INTO desk.reservations (id, organisation_id, account_sid, campaign_id, amount_minor, currency, desktop_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), campaign.organisation_id, campaign.account_sid, request.campaignId, reservation.amountMinor, reservation.currency, request.desktopId],
    );
  }
  await client.query("UPDATE desk.campaigns SET status = 'launching', launched_by = session_user, launched_at = now() WHERE id = $1", [request.campaignId]);
  await client.query('INSERT INTO desk.activity (organisation_id, account_sid, action, subject, detail) VALUES ($1, $2, $3, $4, $5)', [
    campaign.organisation_id,
    campaign.account_sid,
    tookOverFrom ? 'campaign.launch_taken_over' : 'campaign.launch_lease_taken',
    request.campaignId,
    JSON.stringify({
      desktopName: request.desktopName,
      revision: campaign.revision,
      ...(tookOverFrom ? { from: tookOverFrom.displayName, fromDesktop: tookOverFrom.desktopName } : {}),
    }),
  ]);
  const expiresAt = taken.rows[0]?.expires_at;
  if (!expiresAt) throw new Error('The launch lease was not written.');
  return { kind: 'taken', expiresAt: expiresAt.toISOString(), tookOverFrom };
}

/** Keeps a running launch's lease alive; false when this desktop no longer holds it (taken over after expiry): stop sending. */
export async function renewLaunchLease(client: pg.ClientBase, lease: { campaignId: string; desktopId: string; leaseMs?: number }): Promise<boolean> {
  const renewed = await client.query(
    `UPDATE desk.launch_leases SET expires_at = now() + make_interval(secs => $3::double precision / 1000)
      WHERE campaign_id = $1 AND desktop_id = $2 AND released_at IS NULL`,
    [lease.campaignId, lease.desktopId, lease.leaseMs ?? LAUNCH_LEASE_MS],
  );
  return renewed.rowCount === 1;
}

/** The sentence a person reads when another desktop holds the launch. */
export function describeHeldLease(holder: LeaseHolder): string {
  return (
    `${holder.displayName} is already launching this campaign from "${holder.desktopName}". ` +
    `It can be taken over only if that desktop stops renewing its claim (after ${holder.expiresAt} UTC).`
  );
}
