/**
 * Campaign drafts shared through the workspace by four desktops of one organisation: two of the
 * AcmeNorth team (a laptop and an office PC), AcmeSouth's and the parent manager's. Each is a real
 * core with its own SQLite file and the real sandbox, under its own login on a throwaway
 * PostgreSQL cluster. Drafts are generated as teams write them (several languages and scripts,
 * long texts, several variants, DLT template ids) and every check compares with what was written.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { callOk, freshSpendSummary } from '../app/support';
import { draftCampaign, kolkataAudience, launch, waitFor } from '../launch/support';
import { postgresSkipReason, type PostgresCluster } from '../../support/postgres-cluster';
import { startSandboxOrganisation, type SandboxOrganisation, type WorkspaceDesktop } from './support';
import { sharedFieldsOf, teamDrafts, type GeneratedDraft } from '../../support/team-drafts';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

type Desktop = WorkspaceDesktop;

describeWithPostgres('shared campaign drafts across desktops', () => {
  let organisation: SandboxOrganisation;
  let cluster: PostgresCluster;
  let admin: pg.Client;
  let adminUrl: string;
  let northSid: string;
  let southSid: string;
  let passwords: ReadonlyMap<string, string>;
  let laptop: Desktop;
  let office: Desktop;
  let south: Desktop;
  let headquarters: Desktop;

  beforeAll(async () => {
    organisation = await startSandboxOrganisation('acme_drafts');
    cluster = organisation.cluster;
    northSid = organisation.accountOf('nils').sid;
    southSid = organisation.accountOf('sofia').sid;
    ({ admin, adminUrl, passwords } = organisation.workspace);
    laptop = await organisation.openDesktop('nils');
    office = await organisation.openDesktop('noor');
    south = await organisation.openDesktop('sofia');
    headquarters = await organisation.openDesktop('priya');
  });

  afterAll(async () => {
    await organisation?.close();
  });

  const syncNow = (desktop: Desktop) => callOk(desktop.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
  const create = (desktop: Desktop, draft: GeneratedDraft) => callOk(desktop.core, 'campaigns.create', draft);
  const get = (desktop: Desktop, id: string) => callOk(desktop.core, 'campaigns.get', { id });
  const listedIds = async (desktop: Desktop) => (await callOk(desktop.core, 'campaigns.list')).map((campaign) => campaign.id);
  const shared = async (desktop: Desktop, id: string) => (await callOk(desktop.core, 'workspaceCampaigns.get', { id })).state;
  const edit = async (desktop: Desktop, id: string, changes: Partial<GeneratedDraft>) => {
    const current = await get(desktop, id);
    return callOk(desktop.core, 'campaigns.update', { id, revision: current.revision, ...changes });
  };
  /** The desktop loses the workspace: its login refused, its connections cut (as a dropped VPN does). */
  const goOffline = async (...desktops: Desktop[]) => {
    const logins = desktops.map((desktop) => desktop.login);
    for (const login of logins) await admin.query(`ALTER ROLE ${login} NOLOGIN`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = ANY($1)', [logins]);
  };
  const goOnline = async (desktop: Desktop) => admin.query(`ALTER ROLE ${desktop.login} LOGIN`);
  const workspaceRow = async (id: string) =>
    (await admin.query('SELECT name, variants, schedule, budget_minor, revision, updated_by, status, account_sid FROM desk.campaigns WHERE id = $1', [id]))
      .rows[0] as { name: string; variants: unknown; schedule: Record<string, unknown>; revision: number; updated_by: string; status: string } | undefined;

  it('a draft written on the laptop arrives whole on the office PC and, read-only, on the parent manager\u2019s desktop; AcmeSouth sees none', async () => {
    const [northDraft] = teamDrafts(1, { seed: 18, label: 'North' });
    const [southDraft] = teamDrafts(1, { seed: 81, label: 'South' });
    const written = await create(laptop, northDraft!);
    const southWritten = await create(south, southDraft!);
    await syncNow(laptop);
    await syncNow(south);
    await syncNow(office);
    await syncNow(headquarters);

    // Same id everywhere; every shared field as the laptop wrote it, variants with their DLT template ids.
    expect(sharedFieldsOf(await get(office, written.id))).toEqual(sharedFieldsOf(written));
    expect(sharedFieldsOf(written)).toEqual(sharedFieldsOf({ ...northDraft!, variants: northDraft!.variants }));
    const row = await workspaceRow(written.id);
    expect(row).toMatchObject({ name: northDraft!.name, revision: 1, updated_by: 'nils_north', status: 'draft', account_sid: northSid });
    expect(row!.variants).toEqual(written.variants);
    expect(row!.schedule).toMatchObject({ schedule: northDraft!.schedule, senderId: northDraft!.senderId });
    expect(await shared(office, written.id)).toMatchObject({ readOnly: false, status: 'draft', updatedByName: 'Nils Åberg', accountName: 'AcmeNorth' });

    // The parent manager sees both sub-accounts' drafts, labelled, and cannot change them.
    const hqIds = await listedIds(headquarters);
    expect(hqIds).toEqual(expect.arrayContaining([written.id, southWritten.id]));
    const hqShared = await callOk(headquarters.core, 'workspaceCampaigns.list');
    expect(hqShared.find((entry) => entry.campaignId === written.id)).toMatchObject({ readOnly: true, accountName: 'AcmeNorth', accountSid: northSid });
    expect(hqShared.find((entry) => entry.campaignId === southWritten.id)).toMatchObject({ readOnly: true, accountName: 'AcmeSouth', accountSid: southSid });
    const refused = await headquarters.core.call('campaigns.update', {
      id: written.id,
      revision: (await get(headquarters, written.id)).revision,
      name: 'HQ rename',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining('AcmeNorth') } });
    // Shown on the parent's desktop, they are not the parent's own planned spend.
    const day = 24 * 60 * 60 * 1000;
    const spend = await freshSpendSummary(headquarters.core, {
      from: new Date(Date.now() - 7 * day).toISOString(),
      to: new Date(Date.now() + day).toISOString(),
      zone: 'UTC',
    });
    expect(spend.campaigns.filter((row) => row.campaignId === written.id || row.campaignId === southWritten.id)).toEqual([]);

    // AcmeSouth's desktop has none of AcmeNorth's, and its login cannot read or change them with raw SQL either.
    expect(await listedIds(south)).not.toContain(written.id);
    expect(await listedIds(laptop)).not.toContain(southWritten.id);
    const sofia = new pg.Client({
      connectionString: cluster.urlFor({ user: 'sofia_south', password: passwords.get('sofia_south')!, database: 'acme_drafts' }),
    });
    await sofia.connect();
    try {
      expect((await sofia.query('SELECT id FROM desk.campaigns WHERE account_sid = $1', [northSid])).rows).toEqual([]);
      expect((await sofia.query("UPDATE desk.campaigns SET name = 'hijacked' WHERE id = $1", [written.id])).rowCount).toBe(0);
      expect((await sofia.query('SELECT id FROM desk.campaigns')).rows).toEqual([{ id: southWritten.id }]);
    } finally {
      await sofia.end();
    }
    expect((await workspaceRow(written.id))!.name).toBe(northDraft!.name);
  });

  it('edits offline on both desktops, then reconnect: the second gets a conflict with both versions; "Take theirs" makes both desktops equal', async () => {
    const [draft] = teamDrafts(1, { seed: 7, label: 'Conflict' });
    const created = await create(laptop, draft!);
    await syncNow(laptop);
    await syncNow(office);
    expect(await listedIds(office)).toContain(created.id);

    await goOffline(laptop, office);
    await edit(laptop, created.id, { name: 'Diwali — laptop version', budgetMinor: 120_000 });
    await edit(office, created.id, { name: 'दिवाली — office version', schedule: { kind: 'local', localDate: '2027-10-20', localTime: '10:00' } });
    expect((await laptop.core.call('workspace.syncNow', { profileId: SANDBOX_PROFILE_ID })).ok).toBe(false);
    expect((await shared(laptop, created.id))?.pendingPush).toBe(true);

    // The office comes back first and its edit lands; then the laptop's push meets revision 2.
    await goOnline(office);
    await syncNow(office);
    await goOnline(laptop);
    // (The laptop may also sync by itself once its login works again: what is checked is the outcome, not which round found it.)
    await syncNow(laptop);
    expect(await workspaceRow(created.id)).toMatchObject({ name: 'दिवाली — office version', revision: 2, updated_by: 'noor_north' });
    // Nothing overwritten on the laptop either: its draft is still its own, marked with the conflict.
    expect((await get(laptop, created.id)).name).toBe('Diwali — laptop version');
    const { conflict, state } = await callOk(laptop.core, 'workspaceCampaigns.get', { id: created.id });
    expect(state).toMatchObject({ conflict: true });
    expect(conflict).toMatchObject({
      mine: { name: 'Diwali — laptop version', budgetMinor: 120_000, updatedByName: 'Nils Åberg', revision: 1 },
      theirs: {
        name: 'दिवाली — office version',
        updatedByName: 'Noor Haddad',
        revision: 2,
        settings: { schedule: { kind: 'local', localDate: '2027-10-20' } },
      },
    });
    expect(Date.parse(conflict!.theirs.updatedAt)).toBeGreaterThan(0);
    // Another round changes nothing while the person has not chosen.
    await syncNow(laptop);
    expect((await workspaceRow(created.id))!.revision).toBe(2);

    await callOk(laptop.core, 'workspaceCampaigns.resolve', { id: created.id, choice: 'take-theirs' });
    await syncNow(laptop);
    await syncNow(office);
    const onLaptop = await get(laptop, created.id);
    const onOffice = await get(office, created.id);
    expect(sharedFieldsOf(onLaptop)).toEqual(sharedFieldsOf(onOffice));
    expect(onLaptop).toMatchObject({ name: 'दिवाली — office version', budgetMinor: draft!.budgetMinor });
    expect((await workspaceRow(created.id))!.revision).toBe(2);
    expect(await shared(laptop, created.id)).toMatchObject({ conflict: false, pendingPush: false });
  });

  it('"Keep mine" pushes the laptop\u2019s version on top of theirs, and the office then receives it', async () => {
    const [draft] = teamDrafts(1, { seed: 8, label: 'Keep mine' });
    const created = await create(office, draft!);
    await syncNow(office);
    await syncNow(laptop);

    await goOffline(laptop, office);
    const laptopVariants = [
      { language: 'en', body: 'Laptop text: 2 for 1 on winter boots until Sunday. Reply STOP to opt out.', isDefault: true },
      { language: 'ar', body: 'نص الحاسوب: اشترِ واحداً واحصل على الثاني مجاناً. أرسل STOP.', isDefault: false },
    ];
    await edit(laptop, created.id, { variants: laptopVariants });
    await edit(office, created.id, { name: 'Office rename', budgetMinor: 990_000 });
    await goOnline(office);
    await syncNow(office);
    await goOnline(laptop);
    await syncNow(laptop);
    expect(await shared(laptop, created.id)).toMatchObject({ conflict: true });

    await callOk(laptop.core, 'workspaceCampaigns.resolve', { id: created.id, choice: 'keep-mine' });
    await syncNow(laptop);
    const row = await workspaceRow(created.id);
    expect(row).toMatchObject({ revision: 3, updated_by: 'nils_north', name: draft!.name });
    expect(row!.variants).toEqual(laptopVariants);
    await syncNow(office);
    const onOffice = await get(office, created.id);
    expect(onOffice.variants).toEqual(laptopVariants);
    expect(onOffice.name).toBe(draft!.name);
    expect(sharedFieldsOf(onOffice)).toEqual(sharedFieldsOf(await get(laptop, created.id)));
    expect(await shared(office, created.id)).toMatchObject({ updatedByName: 'Nils Åberg', pendingPush: false, conflict: false });
  });

  it('drafts written offline on both desktops that do not overlap both arrive on both', async () => {
    await goOffline(laptop, office);
    const onLaptop = await Promise.all(teamDrafts(3, { seed: 31, label: 'Laptop offline' }).map((draft) => create(laptop, draft)));
    const onOffice = await Promise.all(teamDrafts(3, { seed: 32, label: 'Office offline' }).map((draft) => create(office, draft)));
    await goOnline(laptop);
    await goOnline(office);
    await syncNow(laptop);
    await syncNow(office);
    await syncNow(laptop);
    for (const written of [...onLaptop, ...onOffice]) {
      expect(sharedFieldsOf(await get(laptop, written.id))).toEqual(sharedFieldsOf(written));
      expect(sharedFieldsOf(await get(office, written.id))).toEqual(sharedFieldsOf(written));
    }
    const conflicts = await callOk(laptop.core, 'workspaceCampaigns.list');
    expect(conflicts.filter((entry) => entry.conflict)).toEqual([]);
  });

  it('an edit made while its push is in flight is not lost: it stays pending and the next round pushes it', async () => {
    const [draft] = teamDrafts(1, { seed: 44, label: 'In flight' });
    const created = await create(laptop, draft!);
    await syncNow(laptop);
    // The admin holds the draft's row locked, so the laptop's push waits in the server while the person edits again.
    const locker = new pg.Client({ connectionString: adminUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM desk.campaigns WHERE id = $1 FOR UPDATE', [created.id]);
      await edit(laptop, created.id, { name: 'Pushed while held' });
      const pushing = syncNow(laptop);
      await waitFor(
        'the push to wait for the row',
        async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE usename = 'nils_north' AND wait_event_type = 'Lock'")).rowCount === 1 || undefined,
        20_000,
        20,
      );
      await edit(laptop, created.id, { name: 'Typed during the push — Ünïcödé ✓' });
      await locker.query('COMMIT');
      await pushing;
    } finally {
      await locker.end();
    }
    // (The laptop may start rounds by itself after each edit, so what is checked is where the edits end up.)
    await syncNow(laptop);
    expect((await workspaceRow(created.id))!.name).toBe('Typed during the push — Ünïcödé ✓');
    expect((await get(laptop, created.id)).name).toBe('Typed during the push — Ünïcödé ✓');
    expect(await shared(laptop, created.id)).toMatchObject({ pendingPush: false, conflict: false });
  });

  it('the connection cut in the middle of a push of many drafts leaves whole drafts, and the next round completes', async () => {
    await goOffline(laptop);
    const generated = teamDrafts(40, { seed: 2026, label: 'Cut' });
    const written = [];
    for (const draft of generated) written.push(await create(laptop, draft));
    // Once 15 of them are in, the server holds each further insert of the laptop's until the admin cuts its connection.
    await admin.query(`
      CREATE FUNCTION public.hold_after_fifteen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF session_user = 'nils_north' AND (SELECT count(*) FROM desk.campaigns WHERE name LIKE '%· Cut %') >= 15 THEN PERFORM pg_sleep(60); END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER hold_after_fifteen BEFORE INSERT ON desk.campaigns FOR EACH STATEMENT EXECUTE FUNCTION public.hold_after_fifteen();`);
    const inWorkspace = async () =>
      (
        await admin.query<{ id: string; name: string; variants: unknown; schedule: Record<string, unknown>; budget_minor: string | null }>(
          "SELECT id, name, variants, schedule, budget_minor FROM desk.campaigns WHERE name LIKE '%· Cut %'",
        )
      ).rows;
    try {
      await goOnline(laptop);
      const cut = laptop.core.call('workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
      let settled = false;
      void cut.finally(() => (settled = true));
      // The admin terminates every held backend of the laptop (its own round, or one it started by itself) until this round fails.
      while (!settled) {
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'nils_north' AND wait_event = 'PgSleep'");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await cut).toMatchObject({ ok: false, error: { code: 'WORKSPACE_UNREACHABLE' } });
      const halfway = await inWorkspace();
      expect(halfway).toHaveLength(15);
      // Whole drafts only: each one in the workspace is exactly as written.
      for (const row of halfway) {
        const original = written.find((draft) => draft.id === row.id)!;
        expect(row.name).toBe(original.name);
        expect(row.variants).toEqual(original.variants);
        expect(row.schedule).toMatchObject({ schedule: original.schedule, throttlePerMinute: original.throttlePerMinute });
        expect(row.budget_minor === null ? null : Number(row.budget_minor)).toBe(original.budgetMinor);
      }
    } finally {
      await admin.query('DROP TRIGGER hold_after_fifteen ON desk.campaigns; DROP FUNCTION public.hold_after_fifteen()');
    }

    await syncNow(laptop);
    const all = await inWorkspace();
    expect(all.map((row) => row.id).sort()).toEqual(written.map((draft) => draft.id).sort());
    const revisions = await admin.query<{ revision: number; n: string }>(
      "SELECT revision, count(*) AS n FROM desk.campaigns WHERE name LIKE '%· Cut %' GROUP BY revision",
    );
    expect(revisions.rows).toEqual([{ revision: 1, n: '40' }]);
    await syncNow(office);
    for (const draft of written) expect(sharedFieldsOf(await get(office, draft.id))).toEqual(sharedFieldsOf(draft));
    expect((await callOk(laptop.core, 'workspaceCampaigns.list')).filter((entry) => entry.pendingPush)).toEqual([]);
  });

  it('a launch on the office PC shows on the laptop as launched by Noor Haddad, and the laptop can no longer change or launch it', async () => {
    const audienceId = kolkataAudience(office.dataDir, ['+919812000105', '+919812000115', '+919812000125']);
    const draft = await draftCampaign(office.core, audienceId, { name: 'Flash sale — आज ही' });
    await syncNow(office);
    await syncNow(laptop);
    expect(await shared(laptop, draft.id)).toMatchObject({ status: 'draft', launchedByName: null });

    const before = Date.now();
    await launch(office.core, draft.id);
    await syncNow(office);
    const row = await admin.query<{ status: string; launched_by: string; launched_at: Date }>(
      'SELECT status, launched_by, launched_at FROM desk.campaigns WHERE id = $1',
      [draft.id],
    );
    expect(row.rows[0]).toMatchObject({ status: 'launched', launched_by: 'noor_north' });
    expect(row.rows[0]!.launched_at.getTime()).toBeGreaterThanOrEqual(before - 60_000);

    await syncNow(laptop);
    const onLaptop = await shared(laptop, draft.id);
    expect(onLaptop).toMatchObject({ status: 'launched', launchedByName: 'Noor Haddad', readOnly: false });
    expect(Date.parse(onLaptop!.launchedAt!)).toBe(row.rows[0]!.launched_at.getTime());
    const current = await get(laptop, draft.id);
    const refusedEdit = await laptop.core.call('campaigns.update', { id: draft.id, revision: current.revision, name: 'Too late' });
    expect(refusedEdit).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT', message: expect.stringContaining('launched by Noor Haddad') } });
    const refusedLaunch = await laptop.core.call('campaigns.launch', { id: draft.id, revision: current.revision });
    expect(refusedLaunch).toMatchObject({ ok: false, error: { code: 'CAMPAIGN_CONFLICT' } });
    // The office's own list says who launched it too.
    expect(await shared(office, draft.id)).toMatchObject({ status: 'launched', launchedByName: 'Noor Haddad', pendingPush: false });

    // A draft launched before any push: offline the launch is refused (only the workspace can say no
    // other desktop launches it); online its content as launched arrives with its status.
    await goOffline(office);
    const offlineAudience = kolkataAudience(office.dataDir, ['+919812000205', '+919812000215']);
    const quick = await draftCampaign(office.core, offlineAudience, {
      name: 'Offline flash — ऑफ़लाइन',
      variants: [
        { language: 'en', body: 'Flash sale today only: 15% off with code QUICK. Reply STOP to opt out.', isDefault: true },
        { language: 'hi', body: 'आज ही फ़्लैश सेल: कोड QUICK से 15% छूट। STOP भेजें।', isDefault: false },
      ],
    });
    const offline = await office.core.call('campaigns.launch', { id: quick.id, revision: (await get(office, quick.id)).revision });
    expect(offline).toMatchObject({ ok: false, error: { message: expect.stringContaining('Reconnect, then launch again') } });
    expect(await workspaceRow(quick.id)).toBeUndefined();
    await goOnline(office);
    await launch(office.core, quick.id);
    await syncNow(office);
    const launchedRow = await workspaceRow(quick.id);
    expect(launchedRow).toMatchObject({ name: 'Offline flash — ऑफ़लाइन', status: 'launched', updated_by: 'noor_north' });
    expect(launchedRow!.variants).toEqual(quick.variants);
    expect(launchedRow!.schedule).toMatchObject({ schedule: { kind: 'now' }, senderId: 'ACME' });
  });

  it('a shared draft deleted on one desktop is cancelled in the workspace and leaves the other desktop', async () => {
    const [draft] = teamDrafts(1, { seed: 99, label: 'Delete' });
    const created = await create(office, draft!);
    await syncNow(office);
    await syncNow(laptop);
    expect(await listedIds(laptop)).toContain(created.id);
    await callOk(office.core, 'campaigns.delete', { id: created.id });
    await syncNow(office);
    expect(await workspaceRow(created.id)).toMatchObject({ status: 'cancelled', updated_by: 'noor_north' });
    await syncNow(laptop);
    expect(await listedIds(laptop)).not.toContain(created.id);
  });
});
