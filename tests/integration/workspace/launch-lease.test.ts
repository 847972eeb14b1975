/**
 * One launch per campaign: desktops race for a campaign's launch lease over their own
 * connections; exactly one takes it and writes its reservations in the same transaction, the
 * other is refused and told who holds it. A dead desktop's lease is taken over only after it
 * expired, and only by the same sub-account.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeHeldLease, renewLaunchLease, takeLaunchLease, type LaunchLeaseOutcome } from '../../../electron/core/workspace/launch-lease';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { ACME, NORTH, expectRefusedByPolicy, startWorkspace, type Workspace } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

const LAPTOP = { desktopId: 'desktop-nils-laptop', desktopName: 'Nils’s laptop (Stockholm)' };
const OFFICE_PC = { desktopId: 'desktop-noor-office', desktopName: 'Noor’s office PC' };

describeWithPostgres('launch lease: one launch per campaign across desktops', () => {
  let workspace: Workspace;
  let nils: pg.Client;
  let noor: pg.Client;
  let sofia: pg.Client;
  let priya: pg.Client;

  beforeAll(async () => {
    workspace = await startWorkspace();
    [nils, noor, sofia, priya] = await Promise.all([
      workspace.connect('nils'),
      workspace.connect('noor'),
      workspace.connect('sofia'),
      workspace.connect('priya'),
    ]);
  });
  afterAll(async () => {
    await workspace?.close();
  });

  /** A draft of AcmeNorth, written by Nils as his desktop would push it. */
  async function northDraft(name: string): Promise<string> {
    const id = randomUUID();
    await nils.query("INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, budget_minor, currency) VALUES ($1, $2, $3, $4, 900000, 'INR')", [
      id,
      ACME,
      NORTH,
      name,
    ]);
    return id;
  }
  const reservationsOf = async (campaignId: string) =>
    (
      await workspace.admin.query<{ desktop_id: string; amount_minor: string; released: boolean }>(
        'SELECT desktop_id, amount_minor, released_at IS NOT NULL AS released FROM desk.reservations WHERE campaign_id = $1 ORDER BY created_at, amount_minor',
        [campaignId],
      )
    ).rows.map((row) => ({ desktopId: row.desktop_id, amountMinor: Number(row.amount_minor), released: row.released }));

  it('two desktops launching the same campaign at once: exactly one launches, the other is told who', async () => {
    const campaigns: string[] = [];
    for (const name of ['Diwali IN', 'Eid AE', 'Black Friday GB', 'Nyår SE', 'Singles Day SG', 'Rentrée FR', 'Año Nuevo MX', 'Hanami JP'])
      campaigns.push(await northDraft(name));
    const winners: string[] = [];
    for (const campaignId of campaigns) {
      const [onLaptop, onOffice] = await Promise.all([
        takeLaunchLease(nils, {
          campaignId,
          revision: 1,
          ...LAPTOP,
          reservations: [
            { amountMinor: 41_250, currency: 'INR' },
            { amountMinor: 9_600, currency: 'INR' },
          ],
        }),
        takeLaunchLease(noor, { campaignId, revision: 1, ...OFFICE_PC, reservations: [{ amountMinor: 50_850, currency: 'INR' }] }),
      ]);
      const outcomes: LaunchLeaseOutcome[] = [onLaptop, onOffice];
      expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(1);
      const refused = outcomes.find((o) => o.kind === 'held');
      expect(refused?.kind).toBe('held');
      const winner = onLaptop.kind === 'taken' ? LAPTOP : OFFICE_PC;
      winners.push(winner.desktopId);
      if (refused?.kind === 'held') {
        expect(refused.holder).toMatchObject({
          desktopId: winner.desktopId,
          desktopName: winner.desktopName,
          displayName: winner === LAPTOP ? 'Nils Åberg' : 'Noor Haddad',
        });
        expect(describeHeldLease(refused.holder)).toContain(winner.desktopName);
      }
      // Only the winner's reservations exist, and the campaign is launching by the winner's login.
      const reservations = await reservationsOf(campaignId);
      expect(new Set(reservations.map((r) => r.desktopId))).toEqual(new Set([winner.desktopId]));
      expect(reservations.reduce((sum, r) => sum + r.amountMinor, 0)).toBe(50_850);
      const row = (await workspace.admin.query('SELECT status, launched_by FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0];
      expect(row).toEqual({ status: 'launching', launched_by: winner === LAPTOP ? 'nils_north' : 'noor_north' });
    }
    expect(winners).toHaveLength(campaigns.length);
  });

  it('the lease and the reservations commit together: a refused reservation leaves no lease behind', async () => {
    const campaignId = await northDraft('Half-written launch');
    await expect(
      takeLaunchLease(nils, {
        campaignId,
        revision: 1,
        ...LAPTOP,
        reservations: [
          { amountMinor: 1_000, currency: 'INR' },
          { amountMinor: 0, currency: 'INR' },
        ],
      }),
    ).rejects.toThrow(/reservations_amount_minor_check/);
    expect((await workspace.admin.query('SELECT 1 FROM desk.launch_leases WHERE campaign_id = $1', [campaignId])).rowCount).toBe(0);
    expect(await reservationsOf(campaignId)).toEqual([]);
    expect((await workspace.admin.query('SELECT status FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0]).toEqual({ status: 'draft' });
    // The connection is usable again and the next attempt goes through.
    expect((await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [{ amountMinor: 1_000, currency: 'INR' }] })).kind).toBe('taken');
  });

  it('a plan of an older revision cannot launch', async () => {
    const campaignId = await northDraft('Edited meanwhile');
    await noor.query('UPDATE desk.campaigns SET revision = revision + 1, name = $2 WHERE id = $1', [campaignId, 'Edited meanwhile (v2)']);
    expect(await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [] })).toEqual({ kind: 'revision-changed', currentRevision: 2 });
  });

  it("a dead desktop's lease: refused while live, taken over after expiry only by the same sub-account", async () => {
    const campaignId = await northDraft('Launch of a desktop that died');
    expect((await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [{ amountMinor: 70_000, currency: 'INR' }] })).kind).toBe('taken');
    // The same desktop restarting resumes its own launch.
    expect((await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [{ amountMinor: 70_000, currency: 'INR' }] })).kind).toBe('taken');
    const whileLive = await takeLaunchLease(noor, { campaignId, revision: 1, ...OFFICE_PC, reservations: [{ amountMinor: 70_000, currency: 'INR' }] });
    expect(whileLive).toMatchObject({ kind: 'held', holder: { displayName: 'Nils Åberg', desktopName: LAPTOP.desktopName } });

    // The laptop dies: it stops renewing, and the lease's expiry passes (moved into the past by the owner, not by waiting).
    await workspace.admin.query("UPDATE desk.launch_leases SET expires_at = now() - interval '1 minute' WHERE campaign_id = $1", [campaignId]);

    // Another sub-account and the parent manager cannot take it over: they cannot even see the campaign to lock it.
    expect(await takeLaunchLease(sofia, { campaignId, revision: 1, desktopId: 'desktop-sofia', desktopName: 'Sofía', reservations: [] })).toEqual({
      kind: 'not-found',
    });
    expect(await takeLaunchLease(priya, { campaignId, revision: 1, desktopId: 'desktop-priya', desktopName: 'Priya', reservations: [] })).toEqual({
      kind: 'not-found',
    });
    // Nor write a lease row of their own for it.
    await expectRefusedByPolicy(
      sofia.query(
        'INSERT INTO desk.launch_leases (campaign_id, organisation_id, account_sid, holder_name, desktop_id, desktop_name, revision, expires_at) ' +
          "VALUES ($1, $2, $3, 'x', 'd', 'd', 1, now() + interval '1 hour') " +
          "ON CONFLICT (campaign_id) DO UPDATE SET desktop_id = 'd'",
        [campaignId, ACME, NORTH],
      ),
    );

    const takeover = await takeLaunchLease(noor, { campaignId, revision: 1, ...OFFICE_PC, reservations: [{ amountMinor: 65_000, currency: 'INR' }] });
    expect(takeover).toMatchObject({ kind: 'taken', tookOverFrom: { displayName: 'Nils Åberg', desktopId: LAPTOP.desktopId } });
    // The dead desktop's reservations are released, the new holder's are the ones that count.
    expect(await reservationsOf(campaignId)).toEqual([
      { desktopId: LAPTOP.desktopId, amountMinor: 70_000, released: true },
      { desktopId: LAPTOP.desktopId, amountMinor: 70_000, released: true },
      { desktopId: OFFICE_PC.desktopId, amountMinor: 65_000, released: false },
    ]);
    // The laptop comes back: its renewal fails, so it knows to stop; the office PC's succeeds.
    expect(await renewLaunchLease(nils, { campaignId, desktopId: LAPTOP.desktopId })).toBe(false);
    expect(await renewLaunchLease(noor, { campaignId, desktopId: OFFICE_PC.desktopId })).toBe(true);
    const log = await priya.query<{ action: string; actor: string }>('SELECT action, actor FROM desk.activity WHERE subject = $1 ORDER BY id', [campaignId]);
    expect(log.rows).toEqual([
      { action: 'campaign.launch_lease_taken', actor: 'nils_north' },
      { action: 'campaign.launch_lease_taken', actor: 'nils_north' },
      { action: 'campaign.launch_taken_over', actor: 'noor_north' },
    ]);
  });
});
