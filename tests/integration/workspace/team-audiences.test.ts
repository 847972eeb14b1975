/**
 * Audiences shared through the team workspace. A messy multi-country CRM export is imported on the
 * AcmeNorth laptop (a real core and its import threads), shared (metadata by the sync, rows with
 * COPY in chunks), and downloaded on the office PC of the same team: the office's rows, report and
 * plan are the laptop's. A push cut mid-way (pg_terminate_backend) leaves whole chunks and a second
 * "Share" completes it without duplicates. The parent manager sees the team's audience; another
 * sub-account's login reads none of it (raw SQL).
 */
import { DateTime } from 'luxon';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceTransfer } from '../../../shared/calls/team-audiences';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { AudiencesRepository } from '../../../electron/core/store/audiences-repository';
import { callOk } from '../app/support';
import { importAndWait, upload } from '../audiences/support';
import { draftCampaign, ENGLISH_AND_HINDI_VARIANTS, waitFor, withCoreDatabase } from '../launch/support';
import { messyAudience, messyTruth, type MessyAudience } from '../../support/messy-audience';
import { postgresSkipReason, type PostgresCluster } from '../../support/postgres-cluster';
import { expectRefusedByPolicy, startSandboxOrganisation, type DesktopPerson, type SandboxOrganisation, type WorkspaceDesktop } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;
/** Small chunks, so a few hundred rows make several COPY transactions. */
const CHUNK_ROWS = 64;

type Desktop = WorkspaceDesktop;

/** Notes a CRM holds in other languages and scripts, with the characters COPY's text format escapes. */
const NOTES = ['प्रिय ग्राहक, दिवाली ऑफ़र', 'عميل مميز منذ ٢٠١٩', '老客户\t优先联系', 'Línea 1\nLínea 2', 'C:\\crm\\export 😀', ''];

/** The messy export with a Notes column, left out entirely on every seventh line (a shorter row, as spreadsheets save them). */
function messyWithNotes(): MessyAudience {
  const file = messyAudience();
  const lines = file.csv.split('\r\n');
  const cell = (value: string) => (/[",\n\r\t]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const withNotes = lines.map((line, index) => {
    if (index === 0) return `${line},Notes`;
    if (line === '' || index % 7 === 0) return line;
    return `${line},${cell(NOTES[index % NOTES.length] ?? '')}`;
  });
  return { ...file, csv: withNotes.join('\r\n') };
}

/** What a COPY … TO STDOUT sends this login, as text. */
async function copyOut(client: pg.Client, sql: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(sql)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describeWithPostgres('audiences shared through the team workspace', () => {
  let organisation: SandboxOrganisation;
  let cluster: PostgresCluster;
  let admin: pg.Client;
  let southPassword: string;
  let parentSid: string;
  let teamSid: string;
  let laptop: Desktop;
  let office: Desktop;
  let headquarters: Desktop;
  const file = messyWithNotes();
  const truth = messyTruth(file);

  beforeAll(async () => {
    organisation = await startSandboxOrganisation('acme_audiences');
    cluster = organisation.cluster;
    parentSid = organisation.parent.sid;
    teamSid = organisation.accountOf('nils').sid;
    admin = organisation.workspace.admin;
    // AcmeSouth's member reads the workspace with raw SQL only.
    southPassword = await organisation.workspace.addMember(organisation.memberOf('sofia'));
    const desktop = async (person: DesktopPerson) => {
      const opened = await organisation.openDesktop(person, { teamAudienceChunkRows: CHUNK_ROWS });
      await callOk(opened.core, 'sync.now');
      return opened;
    };
    laptop = await desktop('nils');
    office = await desktop('noor');
    headquarters = await desktop('priya');
  }, 120_000);

  afterAll(async () => {
    await organisation?.close();
  });

  const syncNow = (desktop: Desktop) => callOk(desktop.core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
  const importMessy = async (desktop: Desktop) => {
    const core = desktop.core as never;
    return await importAndWait(core, await upload(core, file.csv, 'crm-export.csv'), file.defaultCountry);
  };

  /** Runs a transfer and returns every progress event of it, the last one being where it ended. */
  async function transfer(desktop: Desktop, start: () => Promise<AudienceTransfer>): Promise<AudienceTransfer[]> {
    const from = desktop.core.events.length;
    const started = await start();
    const ended = await waitFor(
      `the ${started.direction} to end`,
      () =>
        desktop.core.events
          .slice(from)
          .some((e) => e.name === 'teamAudiences.transfer' && e.payload.workspaceAudienceId === started.workspaceAudienceId && e.payload.state !== 'running'),
      60_000,
    );
    expect(ended).toBe(true);
    return desktop.core.events
      .slice(from)
      .flatMap((e) => (e.name === 'teamAudiences.transfer' && e.payload.workspaceAudienceId === started.workspaceAudienceId ? [e.payload] : []));
  }

  const expectMonotonic = (events: readonly AudienceTransfer[]) => {
    const done = events.map((event) => event.rowsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
  };

  /** Every row of a local audience (recipients and left-out rows with their issues), as the store holds it. */
  const rowsOf = (desktop: Desktop, audienceId: string) =>
    withCoreDatabase(desktop.dataDir, (db) => {
      const rows = new AudiencesRepository(db).sharedRows(audienceId, 0, 1_000_000);
      return rows.map(({ rowNumber: _rowNumber, ...row }) => ({
        ...row,
        fields: row.fieldsJson === null ? null : (JSON.parse(row.fieldsJson) as unknown),
        issues: [...row.issues].sort((a, b) => a.kind.localeCompare(b.kind)),
      }));
    });

  const planOf = async (desktop: Desktop, audienceId: string) => {
    const draft = await draftCampaign(desktop.core, audienceId, {
      name: 'Diwali, every zone at 10:00',
      schedule: { kind: 'local', localDate: DateTime.utc().plus({ days: 2 }).toISODate(), localTime: '10:00' },
      variants: ENGLISH_AND_HINDI_VARIANTS,
    });
    const plan = await callOk(desktop.core, 'campaigns.plan', { id: draft.id });
    return {
      waves: plan.waves.map((wave) => ({ zone: wave.zone, utc: wave.utc, recipients: wave.recipients })).sort((a, b) => a.zone.localeCompare(b.zone)),
      accounting: plan.accounting,
      excluded: plan.excluded,
      recipients: plan.estimate.recipients,
      byCountry: plan.estimate.byCountry.map((row) => ({ country: row.country, recipients: row.recipients })),
    };
  };

  it("a messy audience shared from the laptop is the same audience, row by row and plan by plan, on the office's desktop", { timeout: 180_000 }, async () => {
    const { audienceId, audience } = await importMessy(laptop);
    expect(audience).toMatchObject({ status: 'ready', totalRows: truth.totalRows, validRows: truth.validRows, invalidRows: truth.invalidRows });

    const upload = await transfer(laptop, () => callOk(laptop.core, 'teamAudiences.share', { audienceId }));
    expectMonotonic(upload);
    expect(upload.at(-1)).toMatchObject({ state: 'done', direction: 'upload', rowsDone: truth.totalRows, rowsTotal: truth.totalRows, problem: null });
    // Several chunks, each its own COPY: at least one progress event per chunk.
    expect(new Set(upload.map((event) => event.rowsDone)).size).toBeGreaterThanOrEqual(Math.ceil(truth.totalRows / CHUNK_ROWS));
    const inWorkspace = await admin.query<{ rows: number; rows_complete: boolean; shared_by: string }>(
      `SELECT (SELECT count(*)::int FROM desk.audience_rows r WHERE r.audience_id = a.id) AS rows, a.rows_complete, a.shared_by
         FROM desk.audiences a WHERE a.id = $1`,
      [audienceId],
    );
    expect(inWorkspace.rows).toEqual([{ rows: truth.totalRows, rows_complete: true, shared_by: 'nils_north' }]);

    // The office sees it after a sync: who shared it, when, how many recipients.
    await syncNow(office);
    const listed = await callOk(office.core, 'teamAudiences.list');
    const shared = listed.audiences.find((entry) => entry.workspaceAudienceId === audienceId);
    expect(shared).toMatchObject({
      name: 'Diwali list',
      recipients: truth.validRows,
      rowCount: truth.totalRows,
      sharedBy: 'Nils Åberg',
      sharedHere: false,
      rowsComplete: true,
      localAudienceId: null,
    });
    expect(shared?.sharedAtMs).toEqual(expect.any(Number));

    const download = await transfer(office, () => callOk(office.core, 'teamAudiences.download', { workspaceAudienceId: audienceId }));
    expectMonotonic(download);
    expect(download.at(-1)).toMatchObject({ state: 'done', direction: 'download', rowsDone: truth.totalRows, rowsTotal: truth.totalRows });
    const local = (await callOk(office.core, 'teamAudiences.list')).audiences.find((entry) => entry.workspaceAudienceId === audienceId);
    const officeAudienceId = local?.localAudienceId;
    // The same id as on the laptop: a teammate's draft that names this audience finds it here.
    expect(officeAudienceId).toBe(audienceId);
    // A teammate's audience is not shared a second time from the desktop that downloaded it.
    expect(await office.core.call('teamAudiences.share', { audienceId: officeAudienceId })).toMatchObject({
      ok: false,
      error: { message: 'This audience came from a teammate: it is already shared with the team.' },
    });

    // Row by row: the same numbers, countries, zones, fields (other scripts, tabs, line breaks, backslashes) and issues.
    const laptopRows = rowsOf(laptop, audienceId);
    expect(laptopRows).toHaveLength(truth.totalRows);
    expect(rowsOf(office, officeAudienceId!)).toEqual(laptopRows);
    expect(laptopRows.some((row) => JSON.stringify(row.fields).includes('\\n'))).toBe(true);
    expect(laptopRows.filter((row) => row.phoneE164 !== null)).toHaveLength(truth.validRows);
    const { id: _laptopId, createdAt: _c1, updatedAt: _u1, ...laptopAudience } = await callOk(laptop.core, 'audiences.get', { audienceId });
    const { id: _officeId, createdAt: _c2, updatedAt: _u2, ...officeAudience } = await callOk(office.core, 'audiences.get', { audienceId: officeAudienceId! });
    expect(officeAudience).toEqual(laptopAudience);

    // The same plan: the same waves, recipients and left-out counts, from the truth of the file.
    const laptopPlan = await planOf(laptop, audienceId);
    const officePlan = await planOf(office, officeAudienceId!);
    expect(officePlan).toEqual(laptopPlan);
    expect(officePlan.accounting.inWaves).toBe(truth.validRows);
    expect(officePlan.accounting.leftOut).toEqual([
      { reason: 'invalid', recipients: truth.invalidRows },
      { reason: 'duplicate', recipients: truth.duplicateRows },
    ]);

    // The parent manager sees the team's audience (read).
    await syncNow(headquarters);
    const parentList = await callOk(headquarters.core, 'teamAudiences.list');
    expect(parentList.audiences.find((entry) => entry.workspaceAudienceId === audienceId)).toMatchObject({ sharedBy: 'Nils Åberg', rowsComplete: true });

    // Another sub-account's login reads none of it, with hand-written SQL, and cannot add rows to it.
    const south = new pg.Client({ connectionString: cluster.urlFor({ user: 'sofia_south', password: southPassword, database: 'acme_audiences' }) });
    await south.connect();
    try {
      expect((await south.query('SELECT count(*)::int AS n FROM desk.audiences WHERE id = $1', [audienceId])).rows).toEqual([{ n: 0 }]);
      expect((await south.query('SELECT count(*)::int AS n FROM desk.audience_rows')).rows).toEqual([{ n: 0 }]);
      expect((await south.query('SELECT phone_e164 FROM desk.audience_rows WHERE audience_id = $1', [audienceId])).rows).toEqual([]);
      await expectRefusedByPolicy(
        south.query(
          "INSERT INTO desk.audience_rows (audience_id, row_number, organisation_id, account_sid, phone_e164) VALUES ($1, 99999, $2, $3, '+15550000000')",
          [audienceId, parentSid, teamSid],
        ),
      );
      expect(await copyOut(south, `COPY (SELECT phone_e164 FROM desk.audience_rows WHERE audience_id = '${audienceId}') TO STDOUT`)).toBe('');
    } finally {
      await south.end();
    }
  });

  it('a push cut mid-way leaves whole chunks, and sharing again completes it without duplicates', { timeout: 180_000 }, async () => {
    const { audienceId } = await importMessy(laptop);
    // Holds the third chunk's COPY inside the server until the admin cuts the connection.
    await admin.query(`
      CREATE FUNCTION desk.stall_third_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM desk.audience_rows WHERE audience_id = NEW.audience_id) >= ${2 * CHUNK_ROWS} THEN PERFORM pg_sleep(120); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER stall_third_chunk BEFORE INSERT ON desk.audience_rows FOR EACH ROW EXECUTE FUNCTION desk.stall_third_chunk();`);
    const from = laptop.core.events.length;
    await callOk(laptop.core, 'teamAudiences.share', { audienceId });
    const stalled = await waitFor(
      "the laptop's third chunk to be inside the server",
      async () => (await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE usename = 'nils_north' AND wait_event = 'PgSleep'")).rows[0]?.pid,
      60_000,
      50,
    );
    await admin.query('SELECT pg_terminate_backend($1)', [stalled]);
    await admin.query('DROP TRIGGER stall_third_chunk ON desk.audience_rows; DROP FUNCTION desk.stall_third_chunk()');
    const cut = await waitFor('the upload to stop', () =>
      laptop.core.events
        .slice(from)
        .flatMap((e) =>
          e.name === 'teamAudiences.transfer' && e.payload.workspaceAudienceId === audienceId && e.payload.state !== 'running' ? [e.payload] : [],
        )
        .at(0),
    );
    expect(cut).toMatchObject({ state: 'failed', rowsDone: 2 * CHUNK_ROWS });
    expect(cut.problem).toMatch(/Resume sharing/);
    expect(cut.problem).not.toMatch(/57P01|SQLSTATE/);

    // Whole chunks only: exactly the first two chunks' rows, and teammates cannot use it yet.
    const laptopRowNumbers = withCoreDatabase(laptop.dataDir, (db) => new AudiencesRepository(db).sharedRows(audienceId, 0, 1_000_000)).map(
      (row) => row.rowNumber,
    );
    const held = await admin.query<{ row_number: number }>('SELECT row_number FROM desk.audience_rows WHERE audience_id = $1 ORDER BY row_number', [
      audienceId,
    ]);
    expect(held.rows.map((row) => row.row_number)).toEqual(laptopRowNumbers.slice(0, 2 * CHUNK_ROWS));
    await syncNow(office);
    expect((await callOk(office.core, 'teamAudiences.list')).audiences.find((entry) => entry.workspaceAudienceId === audienceId)).toMatchObject({
      rowsComplete: false,
    });
    expect(await office.core.call('teamAudiences.download', { workspaceAudienceId: audienceId })).toMatchObject({ ok: false });

    // "Resume sharing": starts after the last whole chunk and ends with every row once.
    const resumed = await transfer(laptop, () => callOk(laptop.core, 'teamAudiences.share', { audienceId }));
    expectMonotonic(resumed);
    expect(resumed.find((event) => event.rowsDone > 0)?.rowsDone).toBe(2 * CHUNK_ROWS);
    expect(resumed.at(-1)).toMatchObject({ state: 'done', rowsDone: truth.totalRows });
    const after = await admin.query<{ rows: number; distinct_rows: number }>(
      'SELECT count(*)::int AS rows, count(DISTINCT row_number)::int AS distinct_rows FROM desk.audience_rows WHERE audience_id = $1',
      [audienceId],
    );
    expect(after.rows).toEqual([{ rows: truth.totalRows, distinct_rows: truth.totalRows }]);

    await syncNow(office);
    const download = await transfer(office, () => callOk(office.core, 'teamAudiences.download', { workspaceAudienceId: audienceId }));
    expect(download.at(-1)).toMatchObject({ state: 'done', rowsDone: truth.totalRows });
    const officeAudienceId = (await callOk(office.core, 'teamAudiences.list')).audiences.find(
      (entry) => entry.workspaceAudienceId === audienceId,
    )?.localAudienceId;
    expect(rowsOf(office, officeAudienceId!)).toEqual(rowsOf(laptop, audienceId));
  });

  it('Cancel withdraws an upload from the workspace and leaves nothing of a download', { timeout: 180_000 }, async () => {
    const { audienceId } = await importMessy(laptop);
    // The second chunk waits a moment inside the server: long enough to press Cancel during it.
    await admin.query(`
      CREATE FUNCTION desk.slow_second_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT count(*) FROM desk.audience_rows WHERE audience_id = NEW.audience_id) = ${CHUNK_ROWS} THEN PERFORM pg_sleep(3); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER slow_second_chunk BEFORE INSERT ON desk.audience_rows FOR EACH ROW EXECUTE FUNCTION desk.slow_second_chunk();`);
    try {
      const upload = transfer(laptop, () => callOk(laptop.core, 'teamAudiences.share', { audienceId }));
      await waitFor(
        'the second chunk to be inside the server',
        async () => (await admin.query("SELECT 1 FROM pg_stat_activity WHERE usename = 'nils_north' AND wait_event = 'PgSleep'")).rowCount === 1,
        60_000,
        20,
      );
      expect(await callOk(laptop.core, 'teamAudiences.cancel', { workspaceAudienceId: audienceId })).toEqual({ cancelled: true });
      expect((await upload).at(-1)).toMatchObject({ state: 'cancelled' });
    } finally {
      await admin.query('DROP TRIGGER slow_second_chunk ON desk.audience_rows; DROP FUNCTION desk.slow_second_chunk()');
    }
    expect((await admin.query('SELECT count(*)::int AS n FROM desk.audiences WHERE id = $1', [audienceId])).rows).toEqual([{ n: 0 }]);
    expect((await admin.query('SELECT count(*)::int AS n FROM desk.audience_rows WHERE audience_id = $1', [audienceId])).rows).toEqual([{ n: 0 }]);
    expect((await callOk(laptop.core, 'teamAudiences.list')).audiences.some((entry) => entry.workspaceAudienceId === audienceId)).toBe(false);

    // A download held at its first chunk (the admin locks the rows), cancelled meanwhile: no audience is left on the office's desktop.
    await transfer(laptop, () => callOk(laptop.core, 'teamAudiences.share', { audienceId }));
    await syncNow(office);
    const before = (await callOk(office.core, 'audiences.list')).length;
    // Activity is read on another connection: inside the locking transaction its snapshot would not move.
    const observer = new pg.Client({ connectionString: cluster.superuserUrl.replace(/\/[^/]*$/, '/acme_audiences') });
    await observer.connect();
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE desk.audience_rows IN ACCESS EXCLUSIVE MODE');
    let download: Promise<AudienceTransfer[]>;
    try {
      download = transfer(office, () => callOk(office.core, 'teamAudiences.download', { workspaceAudienceId: audienceId }));
      await waitFor(
        "the office's first chunk to wait for the rows",
        async () => (await observer.query("SELECT 1 FROM pg_stat_activity WHERE usename = 'noor_north' AND wait_event_type = 'Lock'")).rowCount === 1,
        60_000,
        20,
      );
      expect(await callOk(office.core, 'teamAudiences.cancel', { workspaceAudienceId: audienceId })).toEqual({ cancelled: true });
    } finally {
      await admin.query('COMMIT');
      await observer.end();
    }
    expect((await download).at(-1)).toMatchObject({ state: 'cancelled' });
    expect(await callOk(office.core, 'audiences.list')).toHaveLength(before);
    expect((await callOk(office.core, 'teamAudiences.list')).audiences.find((entry) => entry.workspaceAudienceId === audienceId)).toMatchObject({
      localAudienceId: null,
      rowsComplete: true,
    });
  });
});
