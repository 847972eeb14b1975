/**
 * The app's launch across desktops. Real cores (each its own SQLite file) of the AcmeNorth team on
 * two desktops, the real sandbox, and a throwaway PostgreSQL cluster: the same campaign launched
 * from both at once goes out once; two campaigns whose costs each fit the balance but not together
 * never both launch; a desktop that stopped mid-launch keeps its claim until it expires, and only
 * its own sub-account takes over; a finished launch frees its reservation; launches meet a large
 * import writing on the same desktop and both come out exact. Audiences are imported
 * from CRM-style files: four countries, numbers written every way people write them.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { WorkspaceLaunchLeasesRepository } from '../../../electron/core/store/workspace-launch-leases-repository';
import { takeLaunchLease } from '../../../electron/core/workspace/launch-lease';
import type { RunningSandbox, SeededAccount } from '../../../sandbox/server';
import { callOk, startTestCore, tempDir } from '../app/support';
import { untilEvent } from '../audiences/support';
import { writeAudienceCsv } from '../../bench/gen/audience-csv';
import {
  FAST_CAMPAIGN_OPTIONS,
  importEnded,
  importedExactly,
  deliveriesPerRecipient,
  draftCampaign,
  exactlyOnceProblems,
  pullFinalStatuses,
  startImportAsSuggested,
  startLaunchSandbox,
  waitFor,
  waitUntilSent,
  withCoreDatabase,
  type TestCore,
} from '../launch/support';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { openOrganisationWorkspace, type OrganisationWorkspace } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

const LAPTOP_NAME = 'Nils’s laptop (Stockholm)';
const OFFICE_NAME = 'Noor’s office PC';
/** Renewals and ended launches are reported this often here (30 s in the app), so the test waits on outcomes, not on the clock. */
const RENEW_EVERY_MS = 300;
/** Rows of the CRM export the laptop imports while both desktops launch: enough to be still writing when the launches end. */
const IMPORT_ROWS = 250_000;

interface Desktop {
  core: TestCore;
  dataDir: string;
  name: string;
  person: string;
}

/** One CRM export row: the number as typed, the country column as typed, and the E.164 truth. */
interface CrmRow {
  name: string;
  mobile: string;
  country: string;
  e164: string;
}

const NAMES = ['Aarav Sharma', 'فاطمة الزهراء', 'Siobhán O’Neill', '林美玲', 'Zoë Brontë', 'Ngozi Okafor', 'Ólafur Jónsson', 'Priya Iyer'];

/**
 * `count` recipients of `country`, numbered from `offset`, written as CRMs and spreadsheets do: with
 * and without +code, 00 prefixes, trunk zeros, spaces and dashes, the country as a code, a name or
 * a dialling code, or left empty (the import's default country is India).
 */
function crmRows(country: 'IN' | 'AE' | 'GB' | 'SG', count: number, offset: number): CrmRow[] {
  return Array.from({ length: count }, (_, index) => {
    const n = offset + index;
    const name = NAMES[n % NAMES.length]!;
    const pick = n % 4;
    switch (country) {
      case 'IN': {
        const national = `98${String(40_000_000 + n * 7).slice(-8)}`;
        const mobile = [`+91 ${national.slice(0, 5)} ${national.slice(5)}`, `0${national}`, `0091-${national}`, national][pick]!;
        return { name, mobile, country: ['India', 'IN', '91', ''][pick]!, e164: `+91${national}` };
      }
      case 'AE': {
        const national = `50${String(1_000_000 + n * 3).slice(-7)}`;
        const mobile = [`+971 ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5)}`, `0${national}`, `00971${national}`, `+971${national}`][
          pick
        ]!;
        return { name, mobile, country: ['United Arab Emirates', 'AE', '+971', 'ae'][pick]!, e164: `+971${national}` };
      }
      case 'GB': {
        const national = `7911${String(100_000 + n * 11).slice(-6)}`;
        const mobile = [
          `+44 ${national.slice(0, 4)} ${national.slice(4)}`,
          `0${national.slice(0, 4)} ${national.slice(4)}`,
          `0044${national}`,
          `+44 (0)${national}`,
        ][pick]!;
        return { name, mobile, country: ['United Kingdom', 'GB', '44', 'gb'][pick]!, e164: `+44${national}` };
      }
      case 'SG': {
        const national = `9${String(1_000_000 + n * 13).slice(-7)}`;
        const mobile = [`+65 ${national.slice(0, 4)} ${national.slice(4)}`, national, `0065 ${national}`, `+65-${national}`][pick]!;
        return { name, mobile, country: ['Singapore', 'SG', '65', 'Singapore'][pick]!, e164: `+65${national}` };
      }
    }
  });
}

const csvOf = (rows: readonly CrmRow[]) =>
  ['Full name,Mobile,Country', ...rows.map((row) => `"${row.name}","${row.mobile}","${row.country}"`)].join('\r\n') + '\r\n';

describeWithPostgres('the app launches across desktops through the team workspace', () => {
  let cluster: PostgresCluster;
  let sandbox: RunningSandbox;
  let workspace: OrganisationWorkspace;
  let admin: pg.Client;
  let sofia: pg.Client;
  let north: { sid: string; apiKey: string; name: string };
  let parent: SeededAccount;
  let passwords: ReadonlyMap<string, string>;
  let laptop: Desktop;
  let office: Desktop;
  let offset = 0;

  const startDesktop = async (person: string, name: string, dataDir = tempDir('desk-workspace-launch-')): Promise<Desktop> => {
    const account = { url: sandbox.url, sid: north.sid, apiKey: north.apiKey, name: north.name, role: 'subaccount' as const };
    const core = await startTestCore(dataDir, account, false, [], {
      campaigns: { ...FAST_CAMPAIGN_OPTIONS, workspaceLeaseRenewMs: RENEW_EVERY_MS },
      desktopName: name,
    });
    const status = await callOk(core, 'workspace.status', { profileId: SANDBOX_PROFILE_ID, check: false });
    if (!status.joined) await workspace.join(core, person);
    return { core: Object.assign(core, { dataDir }), dataDir, name, person };
  };

  beforeAll(async () => {
    [cluster, sandbox] = await Promise.all([startPostgresCluster(), startLaunchSandbox()]);
    parent = sandbox.accounts.find((account) => account.billing === 'prepaid')!;
    north = parent.subaccounts.find((sub) => sub.name === 'AcmeNorth')!;
    const south = parent.subaccounts.find((sub) => sub.name === 'AcmeSouth')!;
    workspace = await openOrganisationWorkspace(cluster, 'acme_launch', { id: parent.sid, name: 'Acme Retail' });
    ({ admin, passwords } = workspace);
    for (const login of [
      { roleName: 'nils_north', displayName: 'Nils Åberg', subaccountSid: north.sid },
      { roleName: 'noor_north', displayName: 'Noor Haddad', subaccountSid: north.sid },
      { roleName: 'sofia_south', displayName: 'Sofía Peña', subaccountSid: south.sid },
    ]) {
      await workspace.addMember({ ...login, organisationId: parent.sid, kind: 'subaccount_member' });
    }
    sofia = new pg.Client({ connectionString: cluster.urlFor({ user: 'sofia_south', password: passwords.get('sofia_south')!, database: 'acme_launch' }) });
    await sofia.connect();
    laptop = await startDesktop('nils_north', LAPTOP_NAME);
    office = await startDesktop('noor_north', OFFICE_NAME);
  });

  afterAll(async () => {
    for (const desktop of [laptop, office]) desktop?.core.close();
    await sofia?.end();
    await workspace?.close();
    await sandbox?.close();
    cluster?.stop();
  });

  /** Every recipient in `rows` got exactly one message of the campaign, by the sandbox's own records. */
  async function expectDeliveredOnce(rows: readonly CrmRow[], campaignId: string): Promise<void> {
    expect(
      exactlyOnceProblems(
        rows.map((row) => row.e164),
        await deliveriesPerRecipient(sandbox, north, campaignId),
      ),
    ).toEqual([]);
  }

  /** Imports a CRM export into a desktop (as its user would) and returns the audience id. */
  async function importCrmFile(desktop: Desktop, rows: readonly CrmRow[]): Promise<string> {
    const received = await desktop.core.uploads.receive(Readable.from([Buffer.from(csvOf(rows))]), 'crm-export.csv');
    const preview = await callOk(desktop.core, 'audiences.preview', { uploadId: received.id });
    const { audienceId } = await callOk(desktop.core, 'audiences.import', {
      uploadId: received.id,
      name: 'CRM export',
      mapping: preview.suggestedMapping,
      defaultCountry: 'IN',
    });
    const audience = await importEnded(desktop.core, audienceId, 60_000, 100);
    // Every generated number was read as the truth says: none invalid, none a duplicate.
    expect(audience).toMatchObject({ status: 'ready', validRows: rows.length, invalidRows: 0, duplicateRows: 0 });
    return audienceId;
  }

  function mixedAudience(sizes: Partial<Record<'IN' | 'AE' | 'GB' | 'SG', number>>): CrmRow[] {
    const rows: CrmRow[] = [];
    for (const [country, count] of Object.entries(sizes) as Array<['IN' | 'AE' | 'GB' | 'SG', number]>) {
      rows.push(...crmRows(country, count, offset));
      offset += count;
    }
    // Interleaved as an export sorted by name would be, not grouped by country.
    return rows.sort((a, b) => (a.name + a.e164).localeCompare(b.name + b.e164));
  }

  /**
   * One campaign on both desktops, with the same id: drafted on the laptop and brought to the office
   * PC by the drafts sync, where it is pointed at the office's own import of the same CRM file.
   */
  async function sharedCampaign(name: string, rows: readonly CrmRow[], overrides: Record<string, unknown> = {}): Promise<string> {
    const onLaptop = await draftCampaign(laptop.core, await importCrmFile(laptop, rows), { name, ...overrides });
    const officeAudience = await importCrmFile(office, rows);
    await callOk(laptop.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
    await waitFor(
      'the drafts sync to bring the campaign to the office PC',
      async () => {
        await callOk(office.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
        return (await office.core.call('campaigns.get', { id: onLaptop.id })).ok || undefined;
      },
      20_000,
      100,
    );
    // Not an edit: the office's copy of the audience stands in for the laptop's (same file, same rows).
    withCoreDatabase(office.dataDir, (db) => db.prepare('UPDATE campaigns SET audience_id = ? WHERE id = ?').run(officeAudience, onLaptop.id));
    expect((await callOk(office.core, 'campaigns.get', { id: onLaptop.id })).audienceId).toBe(officeAudience);
    return onLaptop.id;
  }

  const launchOn = async (desktop: Desktop, campaignId: string) => {
    const campaign = await callOk(desktop.core, 'campaigns.get', { id: campaignId });
    return desktop.core.call('campaigns.launch', { id: campaignId, revision: campaign.revision });
  };
  const workspaceCampaign = async (campaignId: string) =>
    (await admin.query<{ status: string; launched_by: string | null }>('SELECT status, launched_by FROM desk.campaigns WHERE id = $1', [campaignId])).rows[0];
  const liveReservations = async (campaignId?: string) =>
    Number(
      (
        await admin.query<{ total: string }>(
          'SELECT coalesce(sum(amount_minor), 0)::text AS total FROM desk.reservations WHERE released_at IS NULL AND ($1::uuid IS NULL OR campaign_id = $1::uuid)',
          [campaignId ?? null],
        )
      ).rows[0]!.total,
    );
  const balanceMinor = async () => {
    const billing = (await fetch(`${sandbox.url}/api/v1/${north.sid}/billing`, { headers: { 'api-key': north.apiKey } }).then((r) => r.json())) as {
      data: { balance: number };
    };
    return Math.round(billing.data.balance * 100);
  };
  /** Sets AcmeNorth's balance with the parent's key (a recharge, or a withdrawal when negative), as a parent manager would. */
  const setBalance = async (minor: number) => {
    const amount = (minor - (await balanceMinor())) / 100;
    if (amount === 0) return;
    const response = await fetch(`${sandbox.url}/api/v1/${parent.sid}/subaccounts/${north.sid}/recharges`, {
      method: 'POST',
      headers: { 'api-key': parent.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ amount }),
    });
    expect(response.status).toBe(200);
    expect(await balanceMinor()).toBe(minor);
  };
  const workspaceShowsFinished = (campaignId: string) =>
    waitFor(
      'the workspace to show the launch finished and its reservation released',
      async () => (await workspaceCampaign(campaignId))?.status === 'finished' && (await liveReservations(campaignId)) === 0,
      20_000,
      100,
    );
  /** A balance read within a second of a release might not show its charges yet, so the release counts until then: wait past it. */
  const waitPastRelease = (campaignId: string) =>
    waitFor(
      'the release to be older than any balance read still in flight',
      async () =>
        (await admin.query("SELECT 1 FROM desk.reservations WHERE campaign_id = $1 HAVING now() - max(released_at) > interval '2 seconds'", [campaignId]))
          .rowCount === 1,
      20_000,
      100,
    );
  /** 16 minutes out: too close to schedule at the API (15 min + margin), so the outbox holds it and its money stays reserved. */
  const heldSchedule = () => ({ schedule: { kind: 'instant', utc: new Date(Date.now() + 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, '.000Z') } });
  const finish = async (desktop: Desktop, campaignId: string) => {
    await waitUntilSent(desktop.core, campaignId, 60_000);
    await pullFinalStatuses(desktop.core, sandbox);
    await waitFor(
      'the campaign to complete',
      async () => (await callOk(desktop.core, 'campaigns.get', { id: campaignId })).status === 'completed',
      30_000,
      100,
    );
  };

  it('the same campaign launched from two desktops at once: exactly one launches, the other is told who and from where', async () => {
    const rows = mixedAudience({ IN: 24, AE: 12, GB: 12, SG: 12 });
    const campaignId = await sharedCampaign('Diwali offers', rows);
    // Each user reviews the plan; nobody else holds money of the account yet.
    for (const desktop of [laptop, office]) {
      const plan = await callOk(desktop.core, 'campaigns.plan', { id: campaignId });
      expect(plan.accounting.inWaves).toBe(rows.length);
      expect(plan.budget?.teammates).toEqual({ reservations: [], unknownReason: null });
    }

    const [onLaptop, onOffice] = await Promise.all([launchOn(laptop, campaignId), launchOn(office, campaignId)]);
    expect([onLaptop.ok, onOffice.ok].filter(Boolean)).toHaveLength(1);
    const [winner, loser, refusal] = onLaptop.ok ? [laptop, office, onOffice] : [office, laptop, onLaptop];
    const winnerPerson = winner === laptop ? 'Nils Åberg' : 'Noor Haddad';
    if (refusal.ok) throw new Error('one launch must be refused');
    expect(refusal.error).toMatchObject({ code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining(winnerPerson) });
    expect(refusal.error.message).toContain(winner.name);
    // The refused desktop's campaign is the draft it was, with nothing queued or reserved.
    expect(await callOk(loser.core, 'campaigns.get', { id: campaignId })).toMatchObject({ status: 'draft' });
    expect(withCoreDatabase(loser.dataDir, (db) => db.prepare('SELECT count(*) AS n FROM outbox WHERE campaign_id = ?').get(campaignId))).toEqual({ n: 0 });

    await waitUntilSent(winner.core, campaignId, 60_000);
    // The sandbox received each recipient's message exactly once (both desktops tag sends with the same campaign id).
    const counts = await deliveriesPerRecipient(sandbox, north, campaignId);
    expect(
      exactlyOnceProblems(
        rows.map((row) => row.e164),
        counts,
      ),
    ).toEqual([]);
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'launched', launched_by: winner.person });

    // Asked again while it sends, the other desktop is told who launched it.
    const again = await launchOn(loser, campaignId);
    expect(again).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining(winnerPerson) } });

    // Finished: the winner releases the lease and the reservation, and the workspace says so.
    await finish(winner, campaignId);
    await workspaceShowsFinished(campaignId);
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('both desktops launch while the laptop imports a large CRM export: one launch goes out, each recipient once, and the import completes exactly', async () => {
    const rows = mixedAudience({ IN: 40, AE: 20, GB: 20, SG: 20 });
    const campaignId = await sharedCampaign('Year-end clearance', rows);
    const file = join(laptop.dataDir, 'big-crm-export.csv');
    const generated = await writeAudienceCsv(file, IMPORT_ROWS);
    const writing = untilEvent(laptop.core, (event) => event.name === 'audiences.importProgress' && event.payload.validRows > 0, 120_000);
    const { audienceId } = await startImportAsSuggested(laptop.core, file, 'Year-end CRM export');
    await writing;
    for (const desktop of [laptop, office]) await callOk(desktop.core, 'campaigns.plan', { id: campaignId });

    // The laptop's import writer commits chunk after chunk on its own connection while both launch.
    const [onLaptop, onOffice] = await Promise.all([launchOn(laptop, campaignId), launchOn(office, campaignId)]);
    expect((await callOk(laptop.core, 'audiences.get', { audienceId })).status).toBe('importing');
    expect([onLaptop.ok, onOffice.ok].filter(Boolean)).toHaveLength(1);
    const [winner, refusal] = onLaptop.ok ? [laptop, onOffice] : [office, onLaptop];
    expect(refusal).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT' } });

    await finish(winner, campaignId);
    await expectDeliveredOnce(rows, campaignId);
    await workspaceShowsFinished(campaignId);
    expect(await importEnded(laptop.core, audienceId)).toMatchObject(importedExactly(generated));
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  }, 300_000);

  it("reservations across desktops never overspend: the second launch is refused, naming the teammate's reservation", async () => {
    const spring = mixedAudience({ IN: 400, AE: 150, GB: 150, SG: 50 });
    const summer = mixedAudience({ IN: 300, AE: 100, GB: 150, SG: 60 });
    // Both go out in 16 minutes: the outbox holds them (too close to schedule at the API), so their money stays reserved, uncharged.
    const springId = (await draftCampaign(laptop.core, await importCrmFile(laptop, spring), { name: 'Spring sale', ...heldSchedule() })).id;
    const summerId = (await draftCampaign(office.core, await importCrmFile(office, summer), { name: 'Summer sale', ...heldSchedule() })).id;
    const springPlan = await callOk(laptop.core, 'campaigns.plan', { id: springId });
    const summerPlan = await callOk(office.core, 'campaigns.plan', { id: summerId });
    const costs = { [springId]: springPlan.estimate.totalMinor, [summerId]: summerPlan.estimate.totalMinor };
    // The parent sets the balance so that each fits alone and both together do not.
    const balance = Math.max(...Object.values(costs)) + Math.floor(Math.min(...Object.values(costs)) / 2);
    await setBalance(balance);
    for (const [desktop, id] of [
      [laptop, springId],
      [office, summerId],
    ] as const) {
      expect((await callOk(desktop.core, 'campaigns.plan', { id })).budget).toMatchObject({
        fits: true,
        reservedMinor: 0,
        teammates: { reservations: [], unknownReason: null },
      });
    }
    expect(springPlan.estimate.totalMinor + summerPlan.estimate.totalMinor).toBeGreaterThan(balance);

    const [springLaunch, summerLaunch] = await Promise.all([launchOn(laptop, springId), launchOn(office, summerId)]);
    expect([springLaunch.ok, summerLaunch.ok].filter(Boolean)).toHaveLength(1);
    const [winner, winnerId, loser, loserId, refusal] = springLaunch.ok
      ? [laptop, springId, office, summerId, summerLaunch]
      : [office, summerId, laptop, springId, springLaunch];
    if (refusal.ok) throw new Error('one launch must be refused');
    expect(refusal.error.code).toBe('INSUFFICIENT_FUNDS');
    const winnerPerson = winner === laptop ? 'Nils Åberg' : 'Noor Haddad';
    const winnerCampaign = winner === laptop ? 'Spring sale' : 'Summer sale';
    expect(refusal.error.message).toContain("reserved by teammates' launches");
    expect(refusal.error.message).toContain(`${winnerPerson} on “${winner.name}”: “${winnerCampaign}” ${formatMoney(costs[winnerId]!, 'INR')}`);
    expect(await callOk(loser.core, 'campaigns.get', { id: loserId })).toMatchObject({ status: 'draft' });
    // The account's live reservations never exceed its balance.
    expect(await liveReservations()).toBe(costs[winnerId]);

    // Where the user decides, the plan now shows whose launch holds the money.
    const loserPlan = await callOk(loser.core, 'campaigns.plan', { id: loserId });
    expect(loserPlan.budget).toMatchObject({
      fits: false,
      teammates: { reservations: [{ displayName: winnerPerson, desktopName: winner.name, campaignName: winnerCampaign, amountMinor: costs[winnerId] }] },
    });

    // The teammate cancels: the workspace says so and the money is free again.
    await callOk(winner.core, 'campaigns.cancel', { id: winnerId });
    // The drafts sync may say "cancelled" first; the lease's release frees the money right after.
    await waitFor(
      'the cancelled launch to release its reservation',
      async () => (await workspaceCampaign(winnerId))?.status === 'cancelled' && (await liveReservations(winnerId)) === 0,
      20_000,
      100,
    );
    await waitPastRelease(winnerId);
    const released = await callOk(loser.core, 'campaigns.plan', { id: loserId });
    expect(released.budget).toMatchObject({ fits: true, teammates: { reservations: [], unknownReason: null } });
    const second = await launchOn(loser, loserId);
    if (!second.ok) throw new Error(`second launch refused: ${second.error.code} ${second.error.message}`);
    expect(await liveReservations()).toBe(costs[loserId]);
    await callOk(loser.core, 'campaigns.cancel', { id: loserId });
    await waitFor('the second launch to release its reservation', async () => (await liveReservations()) === 0, 20_000, 100);
    // Nothing was charged: held launches reserve money, they do not spend it.
    expect(await balanceMinor()).toBe(balance);
  });

  it('what Kaleyra charged stops counting as reserved (the balance shows it): a teammate can use the rest, and spend stays within the balance', async () => {
    const flash = mixedAudience({ IN: 200, GB: 80, SG: 20 });
    const flashId = (await draftCampaign(laptop.core, await importCrmFile(laptop, flash), { name: 'Flash sale' })).id;
    const flashCost = (await callOk(laptop.core, 'campaigns.plan', { id: flashId })).estimate.totalMinor;
    const reminder = mixedAudience({ IN: 300, AE: 60, GB: 60 });
    const reminderId = (await draftCampaign(office.core, await importCrmFile(office, reminder), { name: 'Reminder' })).id;
    const reminderCost = (await callOk(office.core, 'campaigns.plan', { id: reminderId })).estimate.totalMinor;
    // Enough for both, but not if the flash sale's money counted twice (charged, and still reserved).
    const balance = flashCost + reminderCost + Math.floor(flashCost / 2);
    await setBalance(balance);
    expect((await launchOn(laptop, flashId)).ok).toBe(true);
    await waitUntilSent(laptop.core, flashId, 60_000);
    // Every request was accepted (and charged); the statuses are not final, so the campaign still sends.
    await waitFor('the charged part to leave the reservation', async () => (await liveReservations(flashId)) === 0, 20_000, 100);
    expect(await workspaceCampaign(flashId)).toEqual({ status: 'launched', launched_by: 'nils_north' });
    await waitPastRelease(flashId);

    // The office's campaign fits what is left, though not if the charged money were also still counted as reserved.
    const plan = await callOk(office.core, 'campaigns.plan', { id: reminderId });
    const left = await balanceMinor();
    expect(left).toBe(balance - flashCost);
    expect(plan.estimate.totalMinor).toBeLessThanOrEqual(left);
    expect(plan.estimate.totalMinor).toBeGreaterThan(left - flashCost);
    expect(plan.budget).toMatchObject({ fits: true, teammates: { reservations: [], unknownReason: null } });
    expect((await launchOn(office, reminderId)).ok).toBe(true);
    await finish(office, reminderId);
    await finish(laptop, flashId);
    const spent = balance - (await balanceMinor());
    // Both were charged (less any message the network did not take, which Kaleyra does not charge), within the balance.
    expect(spent).toBeGreaterThan(flashCost);
    expect(spent).toBeLessThanOrEqual(flashCost + plan.estimate.totalMinor);
    expect(spent).toBeLessThanOrEqual(balance);
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
    await expectDeliveredOnce(reminder, reminderId);
  });

  it('a desktop that stopped mid-launch keeps its claim until it expires; then only its own sub-account takes over, and it sends once', async () => {
    await setBalance(2_000_00);
    const rows = mixedAudience({ IN: 20, AE: 8, GB: 8, SG: 8 });
    const campaignId = await sharedCampaign('Eid greetings', rows);
    await callOk(laptop.core, 'campaigns.plan', { id: campaignId });
    await callOk(office.core, 'campaigns.plan', { id: campaignId });

    // The laptop's launch takes the lease, then the network drops just as it would go live.
    await admin.query(`
      CREATE FUNCTION public.hold_the_laptop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF session_user = 'nils_north' AND NEW.status = 'launched' THEN PERFORM pg_advisory_xact_lock(4242); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER hold_the_laptop BEFORE UPDATE ON desk.campaigns FOR EACH ROW EXECUTE FUNCTION public.hold_the_laptop();
      SELECT pg_advisory_lock(4242);`);
    const interrupted = launchOn(laptop, campaignId);
    await waitFor(
      'the laptop to hold the lease and wait to go live',
      async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE usename = 'nils_north' AND wait_event = 'advisory'")).rowCount === 1,
      30_000,
      50,
    );
    await admin.query('ALTER ROLE nils_north NOLOGIN');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'nils_north'");
    const failed = await interrupted;
    expect(failed).toMatchObject({ ok: false, error: { code: 'WORKSPACE_UNREACHABLE', message: expect.stringContaining('Reconnect') } });
    await admin.query('SELECT pg_advisory_unlock(4242); DROP TRIGGER hold_the_laptop ON desk.campaigns; DROP FUNCTION public.hold_the_laptop()');
    // Nothing was sent, and the laptop could not tell the workspace: it stops here, its claim still live there.
    expect(await callOk(laptop.core, 'campaigns.get', { id: campaignId })).toMatchObject({ status: 'draft' });
    laptop.core.close();
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'launching', launched_by: 'nils_north' });
    expect(await liveReservations(campaignId)).toBeGreaterThan(0);

    // Before the claim expires the office PC is refused, and told who holds it and where.
    const whileLive = await launchOn(office, campaignId);
    expect(whileLive).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT' } });
    if (!whileLive.ok) {
      expect(whileLive.error.message).toContain('Nils Åberg');
      expect(whileLive.error.message).toContain(LAPTOP_NAME);
    }

    // The claim expires (moved into the past by the owner rather than waited for).
    await admin.query("UPDATE desk.launch_leases SET expires_at = now() - interval '1 second' WHERE campaign_id = $1", [campaignId]);
    // Another sub-account cannot take it over: it cannot even see the campaign.
    expect(
      await takeLaunchLease(sofia, {
        campaignId,
        revision: 1,
        desktopId: 'desktop-sofia',
        desktopName: 'Sofía’s PC',
        reservations: [{ amountMinor: 1, currency: 'INR' }],
      }),
    ).toEqual({ kind: 'not-found' });
    // The same sub-account's office PC does.
    const takenOver = await launchOn(office, campaignId);
    expect(takenOver.ok).toBe(true);
    await waitUntilSent(office.core, campaignId, 60_000);
    await expectDeliveredOnce(rows, campaignId);
    const log = await admin.query<{ action: string; actor: string }>('SELECT action, actor FROM desk.activity WHERE subject = $1 ORDER BY id', [campaignId]);
    expect(log.rows.map((row) => `${row.actor} ${row.action}`)).toEqual(['nils_north campaign.launch_lease_taken', 'noor_north campaign.launch_taken_over']);

    // The laptop comes back: what it still had to tell the workspace (its launch undone) changes nothing of the office PC's.
    await admin.query('ALTER ROLE nils_north LOGIN');
    laptop = await startDesktop('nils_north', LAPTOP_NAME, laptop.dataDir);
    await waitFor(
      'the laptop to settle what it had to tell the workspace',
      () => withCoreDatabase(laptop.dataDir, (db) => new WorkspaceLaunchLeasesRepository(db).all().length === 0),
      20_000,
      100,
    );
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'launched', launched_by: 'noor_north' });
    const lease = (await admin.query('SELECT desktop_name, released_at FROM desk.launch_leases WHERE campaign_id = $1', [campaignId])).rows[0];
    expect(lease).toEqual({ desktop_name: OFFICE_NAME, released_at: null });
    await finish(office, campaignId);
    await waitFor(
      'the office PC to end its launch and release its reservation',
      async () => (await workspaceCampaign(campaignId))?.status === 'finished' && (await liveReservations(campaignId)) === 0,
      20_000,
      100,
    );
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'finished', launched_by: 'noor_north' });
    expect((await admin.query('SELECT released_at IS NOT NULL AS released FROM desk.launch_leases WHERE campaign_id = $1', [campaignId])).rows).toEqual([
      { released: true },
    ]);
  });

  it('a restarted desktop resumes its own lease: the campaign it still sends keeps its claim, and cancelling it there releases it', async () => {
    const rows = mixedAudience({ IN: 10, AE: 5, GB: 5 });
    const campaignId = (await draftCampaign(laptop.core, await importCrmFile(laptop, rows), { name: 'Weekend brunch', ...heldSchedule() })).id;
    expect((await launchOn(laptop, campaignId)).ok).toBe(true);
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'launched', launched_by: 'nils_north' });
    const expiresAt = async () =>
      (
        await admin.query<{ left_ms: number }>(
          'SELECT extract(epoch FROM expires_at - now()) * 1000 AS left_ms FROM desk.launch_leases WHERE campaign_id = $1',
          [campaignId],
        )
      ).rows[0]!.left_ms;
    // The laptop stops (its claim about to run out), then starts again on the same data folder.
    laptop.core.close();
    await admin.query("UPDATE desk.launch_leases SET expires_at = now() + interval '20 seconds' WHERE campaign_id = $1", [campaignId]);
    laptop = await startDesktop('nils_north', LAPTOP_NAME, laptop.dataDir);
    await waitFor('the restarted laptop to renew its claim', async () => (await expiresAt()) > 60_000, 20_000, 100);
    expect((await admin.query('SELECT desktop_name, released_at FROM desk.launch_leases WHERE campaign_id = $1', [campaignId])).rows).toEqual([
      { desktop_name: LAPTOP_NAME, released_at: null },
    ]);
    await callOk(laptop.core, 'campaigns.cancel', { id: campaignId });
    // The drafts sync may say "cancelled" first; the lease's release frees the money right after.
    await waitFor(
      'the cancelled launch to be released',
      async () => (await workspaceCampaign(campaignId))?.status === 'cancelled' && (await liveReservations(campaignId)) === 0,
      20_000,
      100,
    );
  });

  it('a teammate changed the campaign after this desktop planned it: the launch is refused until it is planned again', async () => {
    const rows = mixedAudience({ IN: 8, GB: 4 });
    const campaignId = await sharedCampaign('Mother’s Day', rows);
    // The drafts sync has pushed it.
    expect(await workspaceCampaign(campaignId)).toMatchObject({ status: 'draft' });
    await callOk(laptop.core, 'campaigns.plan', { id: campaignId });
    // Noor's edit reaches the workspace (as the drafts sync pushes it) after Nils planned.
    await admin.query("UPDATE desk.campaigns SET revision = revision + 1, name = 'Mother’s Day (new text)', updated_by = 'noor_north' WHERE id = $1", [
      campaignId,
    ]);
    // The launch syncs first: the teammate's text arrives and the plan Nils reviewed is stale. (An
    // edit arriving after that sync meets the lease's revision check: launch-lease.test.ts.)
    const refused = await launchOn(laptop, campaignId);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining('changed since you reviewed it. Review the plan again') },
    });
    expect(await callOk(laptop.core, 'campaigns.get', { id: campaignId })).toMatchObject({ status: 'draft', name: 'Mother’s Day (new text)' });
    expect(await workspaceCampaign(campaignId)).toEqual({ status: 'draft', launched_by: null });
    // Planned again, it launches.
    await callOk(laptop.core, 'campaigns.plan', { id: campaignId });
    expect((await launchOn(laptop, campaignId)).ok).toBe(true);
    await waitUntilSent(laptop.core, campaignId, 60_000);
    await expectDeliveredOnce(rows, campaignId);
  });

  it('with the workspace out of reach, a joined profile does not launch, and says to reconnect', async () => {
    const rows = mixedAudience({ IN: 6, SG: 4 });
    const campaignId = (await draftCampaign(office.core, await importCrmFile(office, rows), { name: 'Reconnect first' })).id;
    await admin.query('ALTER ROLE noor_north NOLOGIN');
    try {
      const plan = await callOk(office.core, 'campaigns.plan', { id: campaignId });
      expect(plan.budget?.teammates?.unknownReason).toContain('reconnect');
      const refused = await launchOn(office, campaignId);
      expect(refused).toMatchObject({ ok: false, error: { message: expect.stringContaining('Reconnect, then launch again') } });
    } finally {
      await admin.query('ALTER ROLE noor_north LOGIN');
    }
    expect(await callOk(office.core, 'campaigns.get', { id: campaignId })).toMatchObject({ status: 'draft' });
    expect((await deliveriesPerRecipient(sandbox, north, campaignId)).size).toBe(0);
    // Reconnected, it launches.
    expect((await launchOn(office, campaignId)).ok).toBe(true);
    await waitUntilSent(office.core, campaignId, 60_000);
    await expectDeliveredOnce(rows, campaignId);
  });
});
