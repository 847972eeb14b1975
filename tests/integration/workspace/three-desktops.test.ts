/**
 * Three desktops of one organisation share a workspace: two of the AcmeNorth team and the parent
 * manager's. Each is a real core with its own SQLite file, talking to the real sandbox and to a
 * throwaway PostgreSQL cluster under its own login. A number suppressed on one desktop leaves the
 * other's next plan; the parent's numbers protect every team; the active profile is woken by
 * LISTEN/NOTIFY; a removal that someone else's change overtook keeps both versions and the number.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { WorkspaceSyncRepository } from '../../../electron/core/store/workspace-sync-repository';
import { callOk } from '../app/support';
import { draftCampaign, kolkataAudience, launch, waitFor, withCoreDatabase } from '../launch/support';
import { postgresSkipReason } from '../../support/postgres-cluster';
import { startSandboxOrganisation, type SandboxOrganisation, type WorkspaceDesktop } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

type Desktop = WorkspaceDesktop;

describeWithPostgres('shared suppressions across desktops', () => {
  let organisation: SandboxOrganisation;
  let admin: pg.Client;
  let parentSid: string;
  let teamSid: string;
  let laptop: Desktop;
  let office: Desktop;
  let headquarters: Desktop;

  beforeAll(async () => {
    organisation = await startSandboxOrganisation('acme_shared');
    parentSid = organisation.parent.sid;
    teamSid = organisation.accountOf('nils').sid;
    admin = organisation.workspace.admin;
    laptop = await organisation.openDesktop('nils');
    office = await organisation.openDesktop('noor');
    headquarters = await organisation.openDesktop('priya');
  });

  afterAll(async () => {
    await organisation?.close();
  });

  const syncNow = (desktop: Desktop) => callOk(desktop.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
  const listed = async (desktop: Desktop) => (await callOk(desktop.core, 'suppressions.list', { limit: 500 })).latest.map((entry) => entry.phoneE164).sort();

  it("a number suppressed on one desktop is left out of the other desktop's next plan", async () => {
    // The office PC's audience: CRM numbers in several formats, one of which the laptop will suppress.
    const audienceId = kolkataAudience(office.dataDir, ['+919810000999', '+919810000105', '+919810000115', '+919810000125']);
    const draft = await draftCampaign(office.core, audienceId);
    const before = await callOk(office.core, 'campaigns.plan', { id: draft.id });
    expect(before.excluded.suppressed).toBe(0);

    // Typed on the laptop as a national number ("98100 00999", India as the default country).
    const added = await callOk(laptop.core, 'suppressions.add', { numbers: '98100 00999', reason: 'do_not_contact', defaultCountry: 'IN' });
    expect(added.added).toBe(1);
    // Desktops also sync by themselves when woken, so what is checked is where the number ends up, not who moved it.
    await syncNow(laptop);
    await syncNow(office);

    expect(await listed(office)).toContain('+919810000999');
    const after = await callOk(office.core, 'campaigns.plan', { id: draft.id });
    expect(after.excluded.suppressed).toBe(1);
    expect(after.estimate.recipients ?? after.accounting.inWaves).toBe(3);
    // In the workspace it is the sub-account's row, written by the laptop's login.
    const row = (await admin.query('SELECT account_sid, updated_by, deleted FROM desk.suppressions WHERE phone_e164 = $1', ['+919810000999'])).rows;
    expect(row).toEqual([{ account_sid: teamSid, updated_by: 'nils_north', deleted: false }]);
  });

  it("the parent manager's numbers protect every team, and a team cannot remove them", async () => {
    const added = await callOk(headquarters.core, 'suppressions.add', {
      numbers: '+44 7911 123456\n+971 50 123 4567',
      reason: 'opt_out',
      defaultCountry: null,
    });
    expect(added.added).toBe(2);
    await syncNow(headquarters);
    await syncNow(office);
    expect(await listed(office)).toEqual(expect.arrayContaining(['+447911123456', '+971501234567']));
    const organisationWide = await admin.query('SELECT account_sid FROM desk.suppressions WHERE phone_e164 = ANY($1)', [['+447911123456', '+971501234567']]);
    expect(organisationWide.rows).toEqual([{ account_sid: parentSid }, { account_sid: parentSid }]);

    // The team removes one on its desktop: the workspace keeps it, and the next sync puts it back on the list.
    await callOk(office.core, 'suppressions.remove', { phoneE164: '+447911123456' });
    await syncNow(office);
    expect(await listed(office)).toContain('+447911123456');
    expect((await admin.query('SELECT deleted FROM desk.suppressions WHERE phone_e164 = $1', ['+447911123456'])).rows).toEqual([{ deleted: false }]);
  });

  it('the active profile is woken by LISTEN/NOTIFY: a change on another desktop arrives without asking', async () => {
    await callOk(office.core, 'suppressions.add', { numbers: '+6591234567', reason: 'do_not_contact', defaultCountry: null });
    await syncNow(office);
    // No syncNow on the laptop: its followed profile pulls when the workspace notifies it.
    await waitFor("the laptop to receive the office's suppression", async () => (await listed(laptop)).includes('+6591234567'), 20_000, 100);
  });

  it("a removal overtaken by someone else's change keeps both versions and the number stays suppressed", async () => {
    await callOk(laptop.core, 'suppressions.add', { numbers: '+14155550123', reason: 'do_not_contact', defaultCountry: null });
    await syncNow(laptop);
    await syncNow(office);
    // The laptop goes offline (its login cannot connect, its connections are cut)…
    await admin.query('ALTER ROLE nils_north NOLOGIN');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'nils_north'");
    // …the office removes the number and later adds it back (revision 3)…
    await callOk(office.core, 'suppressions.remove', { phoneE164: '+14155550123' });
    await syncNow(office);
    await callOk(office.core, 'suppressions.add', { numbers: '+14155550123', reason: 'opt_out', defaultCountry: null });
    await syncNow(office);
    // …while the laptop, which only ever saw revision 1, removes it offline.
    await callOk(laptop.core, 'suppressions.remove', { phoneE164: '+14155550123' });
    expect(await listed(laptop)).not.toContain('+14155550123');
    const offline = await laptop.core.call('workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
    expect(offline).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REFUSED' } });

    await admin.query('ALTER ROLE nils_north LOGIN');
    await syncNow(laptop);
    // Nothing was overwritten: the workspace keeps the office's revision, and the number stays suppressed here.
    expect((await admin.query('SELECT revision, deleted, updated_by FROM desk.suppressions WHERE phone_e164 = $1', ['+14155550123'])).rows).toEqual([
      { revision: 3, deleted: false, updated_by: 'noor_north' },
    ]);
    expect(await listed(laptop)).toContain('+14155550123');
    const conflicts = conflictsOf(laptop.dataDir);
    expect(conflicts).toHaveLength(1);
    expect(await callOk(laptop.core, 'workspace.status', { profileId: SANDBOX_PROFILE_ID, check: false })).toMatchObject({ conflicts: 1, syncProblem: null });
    expect(conflicts[0]).toMatchObject({
      entity: 'suppression',
      mine: { deleted: true, revision: 1, phoneE164: '+14155550123' },
      theirs: { deleted: false, revision: 3, updatedBy: 'noor_north' },
    });
  });

  it("the frequency cap spans desktops: recipients the laptop messaged are left out of the office's capped plan", async () => {
    const messaged = ['+919811000105', '+919811000115', '+919811000125', '+919811000135', '+919811000145'];
    const sent = await draftCampaign(laptop.core, kolkataAudience(laptop.dataDir, messaged), { name: 'Flash sale (laptop)' });
    await launch(laptop.core, sent.id);
    await waitFor(
      "the laptop's request to be accepted by the API",
      async () => (await callOk(laptop.core, 'campaigns.progress', { id: sent.id })).requests.accepted === 1,
      30_000,
      100,
    );

    // The office's audience shares two of those recipients; its draft caps at one message per 24 hours.
    const audienceId = kolkataAudience(office.dataDir, ['+919811000115', '+919811000145', '+919811000905', '+919811000915']);
    const capped = await draftCampaign(office.core, audienceId, { name: 'Reminder (office)', frequencyCapHours: 24 });
    expect((await callOk(office.core, 'campaigns.plan', { id: capped.id })).excluded.recentlyMessaged).toBe(0);

    await syncNow(laptop);
    await syncNow(office);
    const plan = await callOk(office.core, 'campaigns.plan', { id: capped.id });
    expect(plan.excluded.recentlyMessaged).toBe(2);
    expect(plan.accounting.leftOut).toEqual(expect.arrayContaining([{ reason: 'frequency_cap', recipients: 2 }]));
    // Without a cap the same audience is whole: the shared times only ever serve the cap.
    const uncapped = await draftCampaign(office.core, audienceId, { name: 'Reminder (no cap)' });
    expect((await callOk(office.core, 'campaigns.plan', { id: uncapped.id })).excluded.recentlyMessaged).toBe(0);
    // The parent's desktop sees the team's sends in the workspace but its own plans are not capped by them.
    const inWorkspace = await admin.query<{ account_sid: string; n: string }>('SELECT account_sid, count(*) AS n FROM desk.last_messaged GROUP BY account_sid');
    expect(inWorkspace.rows).toEqual([{ account_sid: teamSid, n: '5' }]);
  });

  it('the connection cut in the middle of a push: whole chunks arrive, the next sync sends the rest, nothing twice', async () => {
    // The server will drop the laptop's connection as soon as one chunk of them is in (set first, so a
    // sync the laptop starts by itself meets it too).
    await admin.query(`
      CREATE FUNCTION public.cut_the_laptop() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF session_user = 'nils_north' AND (SELECT count(*) FROM desk.suppressions WHERE phone_e164 LIKE '+4915%') >= 500 THEN
          PERFORM pg_terminate_backend(pg_backend_pid());
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER cut_the_laptop BEFORE INSERT ON desk.suppressions FOR EACH STATEMENT EXECUTE FUNCTION public.cut_the_laptop();`);
    // 1,200 German mobiles as a CRM exports them: international, national, 00-prefixed and bracketed.
    const digits = Array.from({ length: 1_200 }, (_, index) => `151${String(20_000_000 + index * 7).slice(-8)}`);
    const formats = [
      (d: string) => `+49 ${d.slice(0, 3)} ${d.slice(3)}`,
      (d: string) => `0${d}`,
      (d: string) => `0049${d}`,
      (d: string) => `(0${d.slice(0, 3)}) ${d.slice(3)}`,
    ];
    const imported = await callOk(laptop.core, 'suppressions.import', {
      numbers: digits.map((d, index) => formats[index % formats.length]!(d)),
      reason: 'opt_out',
      defaultCountry: 'DE',
    });
    expect(imported.added).toBe(1_200);

    const cut = await laptop.core.call('workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
    expect(cut).toMatchObject({ ok: false, error: { code: 'WORKSPACE_UNREACHABLE', message: expect.stringContaining('was cut') } });
    const countInWorkspace = async () =>
      Number((await admin.query<{ n: string }>("SELECT count(*) AS n FROM desk.suppressions WHERE phone_e164 LIKE '+4915%'")).rows[0]!.n);
    expect(await countInWorkspace()).toBe(500);

    await admin.query('DROP TRIGGER cut_the_laptop ON desk.suppressions; DROP FUNCTION public.cut_the_laptop()');
    await syncNow(laptop);
    const inWorkspace = await admin.query<{ phone_e164: string; copies: string }>(
      "SELECT phone_e164, count(*) AS copies FROM desk.suppressions WHERE phone_e164 LIKE '+4915%' GROUP BY phone_e164",
    );
    expect(inWorkspace.rows.map((row) => row.phone_e164).sort()).toEqual(digits.map((d) => `+49${d}`).sort());
    expect(inWorkspace.rows.every((row) => row.copies === '1')).toBe(true);
    await syncNow(office);
    const officeList = await callOk(office.core, 'suppressions.list', { limit: 1, search: '+4915' });
    expect(officeList.matching).toBe(1_200);
  });

  it('edits offline on both desktops, then reconnect: both lists converge and the workspace holds each number once', async () => {
    await callOk(laptop.core, 'suppressions.add', { numbers: '+33 6 12 34 56 78', reason: 'do_not_contact', defaultCountry: null });
    await syncNow(laptop);
    await syncNow(office);
    expect(await listed(office)).toContain('+33612345678');

    // Both lose the workspace (their logins refused, their connections cut) and keep working.
    await admin.query('ALTER ROLE nils_north NOLOGIN; ALTER ROLE noor_north NOLOGIN');
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ('nils_north', 'noor_north')");
    await callOk(laptop.core, 'suppressions.add', { numbers: '+52 55 1234 5678\n+81 90-1234-5678', reason: 'opt_out', defaultCountry: null });
    await callOk(laptop.core, 'suppressions.remove', { phoneE164: '+33612345678' });
    await callOk(office.core, 'suppressions.add', { numbers: '+81 90 1234 5678\n+61 412 345 678', reason: 'do_not_contact', defaultCountry: null });
    expect((await laptop.core.call('workspace.syncNow', { profileId: SANDBOX_PROFILE_ID })).ok).toBe(false);

    await admin.query('ALTER ROLE nils_north LOGIN; ALTER ROLE noor_north LOGIN');
    await syncNow(office);
    await syncNow(laptop);
    await syncNow(office);
    const wholeList = async (desktop: Desktop) =>
      (await callOk(desktop.core, 'suppressions.export', {})).csv
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(',')[0])
        .filter(Boolean)
        .sort();
    const laptopList = await wholeList(laptop);
    expect(laptopList).toEqual(await wholeList(office));
    expect(laptopList).toEqual(expect.arrayContaining(['+525512345678', '+819012345678', '+61412345678']));
    expect(laptopList).not.toContain('+33612345678');
    const rows = await admin.query<{ phone_e164: string; deleted: boolean }>(
      'SELECT phone_e164, deleted FROM desk.suppressions WHERE phone_e164 = ANY($1) ORDER BY phone_e164',
      [['+33612345678', '+525512345678', '+61412345678', '+819012345678']],
    );
    expect(rows.rows).toEqual([
      { phone_e164: '+33612345678', deleted: true },
      { phone_e164: '+525512345678', deleted: false },
      { phone_e164: '+61412345678', deleted: false },
      { phone_e164: '+819012345678', deleted: false },
    ]);
  });
});

/** The laptop's stored conflicts, read from its own SQLite file. */
export function conflictsOf(dataDir: string) {
  return withCoreDatabase(dataDir, (db) => new WorkspaceSyncRepository(db).conflicts(SANDBOX_PROFILE_ID));
}
