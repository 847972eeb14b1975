/**
 * One launch per campaign: desktops race for a campaign's launch lease over their own
 * connections; exactly one takes it and writes its reservations in the same transaction, the
 * other is refused and told who holds it. A dead desktop's lease is taken over only after it
 * expired, and only by the same sub-account.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeHeldLease,
  markLaunchLive,
  readTeammateReservations,
  releaseLaunchLease,
  renewLaunchLease,
  takeLaunchLease,
  type LaunchLeaseOutcome,
  type TeammateReservation,
} from '../../../electron/core/workspace/launch-lease';
import { pushLaunchStatus } from '../../../electron/core/workspace/workspace-campaign-row';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { ACME, NORTH, SOUTH, expectRefusedByPolicy, startWorkspace, type Workspace } from './support';

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

  it('a drafts round that read the campaign still sending, landing after the lease keeper ended the launch, leaves it ended', async () => {
    for (const ending of ['finished', 'cancelled'] as const) {
      const campaignId = await northDraft(`Late round (${ending})`);
      expect((await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [] })).kind).toBe('taken');
      expect(await markLaunchLive(nils, { campaignId, desktopId: LAPTOP.desktopId })).toBe(true);
      const launched = {
        id: campaignId,
        revision: 1,
        launchedAt: null,
        name: `Late round (${ending})`,
        variants: [],
        settings: {},
        budgetMinor: 900_000,
        currency: 'INR',
      };
      // While it sends, the drafts round says so with the content as launched.
      expect(await pushLaunchStatus(nils, { organisationId: ACME, accountSid: NORTH }, { ...launched, status: 'launched' })).toMatchObject({
        status: 'launched',
      });
      await releaseLaunchLease(nils, { campaignId, desktopId: LAPTOP.desktopId, ending });
      // A round that read the campaign before it ended lands now: the workspace keeps the ending, and says which it kept.
      expect(await pushLaunchStatus(nils, { organisationId: ACME, accountSid: NORTH }, { ...launched, status: 'launched' })).toMatchObject({ status: ending });
      expect((await workspace.admin.query('SELECT status, launched_by FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0]).toEqual({
        status: ending,
        launched_by: 'nils_north',
      });
    }
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

  describe("the money guard counts teammates' reservations", () => {
    /** AcmeNorth's balance as each desktop read it from Kaleyra just before launching. */
    const BALANCE_MINOR = 200_000;
    const SOFIA_DESKTOP = { desktopId: 'desktop-sofia', desktopName: 'Sofía’s PC (Chennai)' };
    /** As a desktop that read the balance at `countReleasedSince` (by default now: reservations released earlier are in that balance). */
    const guard = (amountMinor: number, countReleasedSince = new Date()) => ({
      countReleasedSince,
      fits: (teammates: readonly TeammateReservation[]) => BALANCE_MINOR - teammates.reduce((sum, r) => sum + r.amountMinor, 0) >= amountMinor,
    });
    const liveReservationsOfAccount = async (account: string) =>
      Number(
        (
          await workspace.admin.query<{ total: string }>(
            'SELECT coalesce(sum(amount_minor), 0)::text AS total FROM desk.reservations WHERE account_sid = $1 AND released_at IS NULL',
            [account],
          )
        ).rows[0]!.total,
      );
    async function southDraft(name: string): Promise<string> {
      const id = randomUUID();
      await sofia.query("INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, currency) VALUES ($1, $2, $3, $4, 'INR')", [
        id,
        ACME,
        SOUTH,
        name,
      ]);
      return id;
    }

    it('two launches of one account, each fitting the balance but not both: one is refused and told whose reservation holds the money', async () => {
      // Every earlier test's reservations are released first: only these launches compete for the balance.
      await workspace.admin.query('UPDATE desk.reservations SET released_at = now() WHERE released_at IS NULL');
      // Another sub-account's money never counts against AcmeNorth's.
      const south = await southDraft('Pongal TN');
      expect(
        (
          await takeLaunchLease(sofia, {
            campaignId: south,
            revision: 1,
            ...SOFIA_DESKTOP,
            reservations: [{ amountMinor: 150_000, currency: 'INR' }],
            fundsGuard: guard(150_000),
          })
        ).kind,
      ).toBe('taken');

      for (let round = 0; round < 6; round++) {
        const diwali = await northDraft(`Diwali offers ${round}`);
        const eid = await northDraft(`Eid greetings ${round}`);
        const [laptop, office] = await Promise.all([
          takeLaunchLease(nils, {
            campaignId: diwali,
            revision: 1,
            ...LAPTOP,
            reservations: [{ amountMinor: 119_500, currency: 'INR' }],
            fundsGuard: guard(119_500),
          }),
          takeLaunchLease(noor, {
            campaignId: eid,
            revision: 1,
            ...OFFICE_PC,
            reservations: [{ amountMinor: 110_000, currency: 'INR' }],
            fundsGuard: guard(110_000),
          }),
        ]);
        const outcomes: LaunchLeaseOutcome[] = [laptop, office];
        expect(outcomes.filter((o) => o.kind === 'taken')).toHaveLength(1);
        const refused = outcomes.find((o) => o.kind === 'insufficient-funds');
        const [winner, winnerCampaign, winnerAmount] =
          laptop.kind === 'taken'
            ? [{ ...LAPTOP, displayName: 'Nils Åberg' }, `Diwali offers ${round}`, 119_500]
            : [{ ...OFFICE_PC, displayName: 'Noor Haddad' }, `Eid greetings ${round}`, 110_000];
        expect(refused).toEqual({
          kind: 'insufficient-funds',
          teammates: [
            {
              campaignId: expect.any(String),
              campaignName: winnerCampaign,
              displayName: winner.displayName,
              desktopName: winner.desktopName,
              amountMinor: winnerAmount,
              currency: 'INR',
            },
          ],
        });
        // Whatever the interleaving, the account never holds more than its balance.
        expect(await liveReservationsOfAccount(NORTH)).toBe(winnerAmount);
        expect(await liveReservationsOfAccount(NORTH)).toBeLessThanOrEqual(BALANCE_MINOR);
        // The refused launch left nothing behind: no lease, no reservation, still a draft.
        const loser = laptop.kind === 'taken' ? eid : diwali;
        expect((await workspace.admin.query('SELECT status FROM desk.campaigns WHERE id = $1', [loser])).rows[0]).toEqual({ status: 'draft' });
        expect(await reservationsOf(loser)).toEqual([]);

        // The winner's launch goes live and finishes: its reservation is released and the money is free again.
        const winnerId = laptop.kind === 'taken' ? diwali : eid;
        const winnerClient = laptop.kind === 'taken' ? nils : noor;
        expect(await markLaunchLive(winnerClient, { campaignId: winnerId, desktopId: winner.desktopId })).toBe(true);
        expect(await releaseLaunchLease(winnerClient, { campaignId: winnerId, desktopId: winner.desktopId, ending: 'finished' })).toBe(true);
        expect((await workspace.admin.query('SELECT status FROM desk.campaigns WHERE id = $1', [winnerId])).rows[0]).toEqual({ status: 'finished' });
        expect(await liveReservationsOfAccount(NORTH)).toBe(0);
      }
      expect(await liveReservationsOfAccount(SOUTH)).toBe(150_000);
    });

    it('a reservation released after the balance was read still counts (its charge may not show yet); one released before does not', async () => {
      const balanceReadAt = new Date((await workspace.admin.query<{ now: Date }>('SELECT now()')).rows[0]!.now.getTime());
      const summer = await northDraft('Summer sale AE');
      expect(
        (
          await takeLaunchLease(nils, {
            campaignId: summer,
            revision: 1,
            ...LAPTOP,
            reservations: [{ amountMinor: 150_000, currency: 'INR' }],
            fundsGuard: guard(150_000),
          })
        ).kind,
      ).toBe('taken');
      expect(await releaseLaunchLease(nils, { campaignId: summer, desktopId: LAPTOP.desktopId, ending: 'finished' })).toBe(true);

      const autumn = await northDraft('Autumn sale GB');
      const stale = await takeLaunchLease(noor, {
        campaignId: autumn,
        revision: 1,
        ...OFFICE_PC,
        reservations: [{ amountMinor: 100_000, currency: 'INR' }],
        fundsGuard: guard(100_000, balanceReadAt),
      });
      expect(stale).toMatchObject({ kind: 'insufficient-funds', teammates: [{ campaignName: 'Summer sale AE', amountMinor: 150_000 }] });
      const fresh = await takeLaunchLease(noor, {
        campaignId: autumn,
        revision: 1,
        ...OFFICE_PC,
        reservations: [{ amountMinor: 100_000, currency: 'INR' }],
        fundsGuard: guard(100_000, new Date()),
      });
      expect(fresh.kind).toBe('taken');
      // A desktop's own launches are its local guard's to count, never the workspace's teammates.
      expect(await readTeammateReservations(noor, { campaignId: null, desktopId: OFFICE_PC.desktopId, countReleasedSince: null })).toEqual([]);
      expect(await readTeammateReservations(nils, { campaignId: null, desktopId: LAPTOP.desktopId, countReleasedSince: null })).toEqual([
        expect.objectContaining({ campaignName: 'Autumn sale GB', displayName: 'Noor Haddad', desktopName: OFFICE_PC.desktopName, amountMinor: 100_000 }),
      ]);
    });

    it('a launch undone before it went live is a draft again, and only its own desktop can end it', async () => {
      const campaignId = await northDraft('Flash sale SG');
      expect((await takeLaunchLease(nils, { campaignId, revision: 1, ...LAPTOP, reservations: [{ amountMinor: 5_000, currency: 'INR' }] })).kind).toBe('taken');
      // Noor's desktop cannot end Nils's launch: nothing changes.
      expect(await releaseLaunchLease(noor, { campaignId, desktopId: OFFICE_PC.desktopId, ending: 'cancelled' })).toBe(false);
      expect((await workspace.admin.query('SELECT status FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0]).toEqual({ status: 'launching' });
      expect(await releaseLaunchLease(nils, { campaignId, desktopId: LAPTOP.desktopId, ending: 'abandoned' })).toBe(true);
      expect((await workspace.admin.query('SELECT status, launched_by FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0]).toEqual({
        status: 'draft',
        launched_by: null,
      });
      expect(await reservationsOf(campaignId)).toEqual([{ desktopId: LAPTOP.desktopId, amountMinor: 5_000, released: true }]);
      // A released lease cannot be renewed or marked live: that desktop must launch again.
      expect(await renewLaunchLease(nils, { campaignId, desktopId: LAPTOP.desktopId })).toBe(false);
      expect(await markLaunchLive(nils, { campaignId, desktopId: LAPTOP.desktopId })).toBe(false);
      // Any teammate may launch it now.
      expect((await takeLaunchLease(noor, { campaignId, revision: 1, ...OFFICE_PC, reservations: [] })).kind).toBe('taken');
    });
  });
});
