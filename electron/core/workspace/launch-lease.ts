import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { LaunchEnding } from '../../../shared/launch-endings';
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
  /**
   * The money guard across desktops, decided inside the lease transaction while this account's
   * launches are serialised: it is shown what teammates' launches (other desktops, other campaigns
   * of the account) hold, and says whether this launch still fits. Without it no money is checked.
   */
  fundsGuard?: FundsGuard;
}

export interface FundsGuard {
  /** Released reservations count when released at or after this instant (the balance read may not show their charge yet). */
  countReleasedSince: Date;
  fits(teammates: readonly TeammateReservation[]): boolean;
}

/** Money another desktop of the same account holds for one of its launches. */
export interface TeammateReservation {
  campaignId: string;
  campaignName: string;
  /** Who launched it and from which desktop. */
  displayName: string;
  desktopName: string;
  amountMinor: number;
  currency: string;
}

export type LaunchLeaseOutcome =
  | { kind: 'taken'; expiresAt: string; tookOverFrom: LeaseHolder | null }
  /** Another desktop holds a live lease: it is the one launching. */
  | { kind: 'held'; holder: LeaseHolder }
  /** No such campaign for this member (another sub-account's is invisible, by row-level security). */
  | { kind: 'not-found' }
  | { kind: 'revision-changed'; currentRevision: number }
  | { kind: 'already-launched'; status: string; launchedBy: string | null }
  /** The funds guard refused: the account's money, less what teammates' launches hold, does not cover this launch. */
  | { kind: 'insufficient-funds'; teammates: TeammateReservation[] };

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
  if (request.fundsGuard) {
    // One launch of an account at a time past this point: the next one sees this one's reservations once it commits.
    await lockAccountReservations(client, campaign);
    const teammates = await readTeammateReservations(client, {
      campaignId: request.campaignId,
      desktopId: request.desktopId,
      countReleasedSince: request.fundsGuard.countReleasedSince,
    });
    if (!request.fundsGuard.fits(teammates)) return { kind: 'insufficient-funds', teammates };
  }

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

/** Serialises the launches of one account (until the transaction ends): a transaction-scoped advisory lock keyed on the account. */
async function lockAccountReservations(client: pg.ClientBase, account: { organisation_id: string; account_sid: string }): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended('desk.reservations/' || $1 || '/' || $2, 0))", [
    account.organisation_id,
    account.account_sid,
  ]);
}

interface TeammateRow {
  campaign_id: string;
  campaign_name: string;
  display_name: string;
  desktop_name: string;
  amount_minor: string;
  currency: string;
}

/**
 * What other desktops hold for other campaigns of this login's account: reservations not
 * released, or released at or after `countReleasedSince`. This desktop's own launches are left
 * out (its local money guard counts them, request by request). Names come from the lease (the
 * desktop) and the members table (the person), as row-level security lets a member read them.
 */
export async function readTeammateReservations(
  client: pg.ClientBase,
  query: { campaignId: string | null; desktopId: string; countReleasedSince: Date | null },
): Promise<TeammateReservation[]> {
  const { rows } = await client.query<TeammateRow>(
    `SELECT r.campaign_id, c.name AS campaign_name, coalesce(m.display_name, r.created_by) AS display_name,
            coalesce(CASE WHEN l.desktop_id = r.desktop_id THEN l.desktop_name END, 'another desktop') AS desktop_name,
            sum(r.amount_minor)::text AS amount_minor, r.currency
       FROM desk.reservations r
       JOIN desk.campaigns c ON c.id = r.campaign_id
       LEFT JOIN desk.launch_leases l ON l.campaign_id = r.campaign_id
       LEFT JOIN desk.members m ON m.role_name = r.created_by
      WHERE r.organisation_id = desk.my_organisation() AND r.account_sid = desk.my_account()
        AND r.desktop_id <> $2 AND ($1::uuid IS NULL OR r.campaign_id <> $1::uuid)
        AND (r.released_at IS NULL OR ($3::timestamptz IS NOT NULL AND r.released_at >= $3::timestamptz))
      GROUP BY r.campaign_id, c.name, m.display_name, r.created_by, l.desktop_id, r.desktop_id, l.desktop_name, r.currency
      ORDER BY sum(r.amount_minor) DESC, c.name`,
    [query.campaignId, query.desktopId, query.countReleasedSince],
  );
  return rows.map((row) => ({
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    displayName: row.display_name,
    desktopName: row.desktop_name,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
  }));
}

/**
 * The launch went live on this desktop: the workspace says so (`launched`), provided this desktop
 * still holds the lease. False when it does not (taken over after expiry): the launch must stop.
 */
export async function markLaunchLive(client: pg.ClientBase, lease: { campaignId: string; desktopId: string }): Promise<boolean> {
  const marked = await client.query(
    `UPDATE desk.campaigns c SET status = 'launched'
      WHERE c.id = $1 AND c.status IN ('launching', 'launched')
        AND EXISTS (SELECT 1 FROM desk.launch_leases l WHERE l.campaign_id = c.id AND l.desktop_id = $2 AND l.released_at IS NULL)`,
    [lease.campaignId, lease.desktopId],
  );
  return marked.rowCount === 1;
}

/**
 * Ends this desktop's hold on a campaign in one transaction: its lease and its reservations are
 * released and the campaign's status says how the launch ended. Nothing changes where another
 * desktop took the lease over (that desktop's launch is not this one's to end); this desktop's own
 * reservations are released in any case. True when this desktop held the lease.
 */
export async function releaseLaunchLease(client: pg.ClientBase, lease: { campaignId: string; desktopId: string; ending: LaunchEnding }): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const released = await client.query<{ organisation_id: string; account_sid: string }>(
      `UPDATE desk.launch_leases SET released_at = now() WHERE campaign_id = $1 AND desktop_id = $2 AND released_at IS NULL
       RETURNING organisation_id, account_sid`,
      [lease.campaignId, lease.desktopId],
    );
    await client.query('UPDATE desk.reservations SET released_at = now() WHERE campaign_id = $1 AND desktop_id = $2 AND released_at IS NULL', [
      lease.campaignId,
      lease.desktopId,
    ]);
    const held = released.rows[0];
    if (held) {
      if (lease.ending === 'abandoned') {
        await client.query(
          "UPDATE desk.campaigns SET status = 'draft', launched_by = NULL, launched_at = NULL WHERE id = $1 AND status IN ('launching', 'launched')",
          [lease.campaignId],
        );
      } else {
        await client.query("UPDATE desk.campaigns SET status = $2 WHERE id = $1 AND status IN ('launching', 'launched')", [lease.campaignId, lease.ending]);
      }
      await client.query('INSERT INTO desk.activity (organisation_id, account_sid, action, subject) VALUES ($1, $2, $3, $4)', [
        held.organisation_id,
        held.account_sid,
        `campaign.launch_${lease.ending}`,
        lease.campaignId,
      ]);
    }
    await client.query('COMMIT');
    return held !== undefined;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/**
 * Brings this desktop's reservation for a live campaign down to what it still holds locally (the
 * requests not yet charged): what Kaleyra charged is in the balance every desktop reads, so it
 * must not be counted twice. One transaction: the rows are released (a teammate whose balance read
 * began before now still counts them) and one row of the remainder replaces them. Never grows.
 */
export async function shrinkReservations(
  client: pg.ClientBase,
  lease: { campaignId: string; desktopId: string; stillReservedMinor: number },
): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const live = await client.query<{ organisation_id: string; account_sid: string; currency: string; total: string }>(
      `SELECT organisation_id, account_sid, currency, sum(amount_minor)::text AS total FROM desk.reservations
        WHERE campaign_id = $1 AND desktop_id = $2 AND released_at IS NULL
        GROUP BY organisation_id, account_sid, currency`,
      [lease.campaignId, lease.desktopId],
    );
    const held = live.rows[0];
    if (!held || live.rows.length !== 1 || Number(held.total) <= lease.stillReservedMinor) {
      await client.query('ROLLBACK');
      return false;
    }
    await client.query('UPDATE desk.reservations SET released_at = now() WHERE campaign_id = $1 AND desktop_id = $2 AND released_at IS NULL', [
      lease.campaignId,
      lease.desktopId,
    ]);
    if (lease.stillReservedMinor > 0) {
      await client.query(
        `INSERT INTO desk.reservations (id, organisation_id, account_sid, campaign_id, amount_minor, currency, desktop_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [randomUUID(), held.organisation_id, held.account_sid, lease.campaignId, lease.stillReservedMinor, held.currency, lease.desktopId],
      );
    }
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
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
