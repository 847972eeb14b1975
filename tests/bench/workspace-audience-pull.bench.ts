/**
 * Pulling a 1,000,000-row team audience into a desktop's local store: a real core (AcmeNorth's
 * profile, joined to a throwaway PostgreSQL cluster under its own login) downloads a teammate's
 * audience through `teamAudiences.download` (COPY TO STDOUT in 50,000-row chunks, rows written into
 * SQLite, the audience made ready), timed from the call to the `done` event. The peer floor, in the
 * same run and as the same login: `psql -c "\copy (SELECT …) TO '/dev/null'"` of the same rows
 * (the server's and libpq's cost of sending them, nothing stored), and a raw COPY TO STDOUT read by
 * node into nothing. Also printed: the core thread's longest event-loop stall while pulling.
 * Run: npx tsx tests/bench/workspace-audience-pull.bench.ts   (BENCH_SCALE=0.1 for a quick run, BENCH_RUNS=n)
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { DeskEvent } from '../../shared/contract';
import { SANDBOX_PROFILE_ID } from '../../electron/core/profiles/profiles-service';
import { addMember, ensureOrganisation } from '../../workspace/members';
import { migrateWorkspace } from '../../workspace/migrate';
import { callOk, startTestCore, tempDir } from '../integration/app/support';
import { postgresBinaries, postgresSkipReason, startPostgresCluster } from '../support/postgres-cluster';
import { scaled } from './gen/random';
import { summarize } from './gen/timing';

const ROWS = scaled(1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ORGANISATION = 'ACME_PARENT01';
const TEAM = 'ACME_NORTH01';
const AUDIENCE_ID = '6f1c2a4e-0d7b-4c55-9a31-2b8e5d9c1f00';
const COLUMNS = 'row_number, phone_e164, country, zone, fields, name, language, country_source, zone_source, zone_candidates, issues';
const QUERY = `SELECT ${COLUMNS} FROM desk.audience_rows WHERE audience_id = '${AUDIENCE_ID}' ORDER BY row_number`;

if (postgresSkipReason) {
  console.log(`skipped: ${postgresSkipReason}`);
  process.exit(0);
}
await main();

async function main(): Promise<void> {
  const cluster = await startPostgresCluster();
  const adminUrl = await cluster.createDatabase('bench');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: ORGANISATION, name: 'Acme Retail' });
    const login = { roleName: 'nils_north', displayName: 'Nils Åberg', organisationId: ORGANISATION, kind: 'subaccount_member' as const, subaccountSid: TEAM };
    const { password } = await addMember(admin, login);
    const seeded = performance.now();
    await seedAudience(admin);
    console.log(
      `seeded ${ROWS.toLocaleString('en-US')} rows (4 countries, names, languages, two custom fields, 1 in 50 left out) in ${secs(performance.now() - seeded)} s`,
    );

    const dataDir = tempDir('desk-audience-pull-bench-');
    const core = await startTestCore(dataDir, { url: 'http://127.0.0.1:9', sid: TEAM, apiKey: 'k'.repeat(32), name: 'AcmeNorth', role: 'subaccount' });
    const url = `postgresql://${cluster.host}:${cluster.port}/bench`;
    await callOk(core, 'workspace.join', { profileId: SANDBOX_PROFILE_ID, url, user: login.roleName, password });
    await callOk(core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });

    const memberUrl = cluster.urlFor({ user: login.roleName, password, database: 'bench' });
    const ours: number[] = [];
    const stalls: number[] = [];
    const psqlFloor: number[] = [];
    const nodeFloor: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      psqlFloor.push(psqlCopyToDevNull(memberUrl));
      nodeFloor.push(await rawCopyOut(memberUrl));
      const { ms, stallMs, localAudienceId } = await timedDownload(core);
      ours.push(ms);
      stalls.push(stallMs);
      await callOk(core, 'audiences.delete', { audienceId: localAudienceId });
    }
    core.close();

    const line = (label: string, samples: number[]) => {
      const t = summarize(samples);
      return `${label}: median ${secs(t.medianMs)} s (min ${secs(t.minMs)} – max ${secs(t.maxMs)}), ${perSecond(t.medianMs)} rows/s`;
    };
    console.log(`${RUNS} run(s) of ${ROWS.toLocaleString('en-US')} rows, alternated:`);
    console.log(line('  ours (teamAudiences.download → local store, audience ready)', ours));
    console.log(line('  peer floor: psql \\copy (same rows) TO /dev/null', psqlFloor));
    console.log(line('  peer floor: node COPY TO STDOUT, bytes discarded', nodeFloor));
    const oursMedian = summarize(ours).medianMs;
    console.log(
      `  ratio ours / psql floor: ${(oursMedian / summarize(psqlFloor).medianMs).toFixed(1)}×; ours / node COPY floor: ${(oursMedian / summarize(nodeFloor).medianMs).toFixed(1)}×`,
    );
    console.log(`  core thread's longest event-loop stall while pulling: median ${summarize(stalls).medianMs.toFixed(0)} ms`);
  } finally {
    await admin.end();
    cluster.stop();
  }
}

/** A teammate's audience, straight into the workspace: what a completed share leaves there. */
async function seedAudience(admin: pg.Client): Promise<void> {
  const leftOut = Math.floor(ROWS / 50);
  await admin.query(
    `INSERT INTO desk.audiences (id, organisation_id, account_sid, name, row_count, columns, counts, rows_complete, shared_by)
     VALUES ($1, $2, $3, 'Loyalty members, all regions', $4, '["city","plan"]', $5, true, 'noor_north')`,
    [
      AUDIENCE_ID,
      ORGANISATION,
      TEAM,
      ROWS,
      JSON.stringify({ totalRows: ROWS, validRows: ROWS - leftOut, invalidRows: leftOut, duplicateRows: 0, optedOutRows: 0 }),
    ],
  );
  await admin.query(
    `INSERT INTO desk.audience_rows (audience_id, row_number, organisation_id, account_sid, ${COLUMNS.replace('row_number, ', '')})
     SELECT $1, i, $2, $3,
            CASE WHEN i % 50 = 0 THEN NULL ELSE (ARRAY['+9198', '+4479', '+6591', '+97150'])[i % 4 + 1] || lpad(i::text, 8, '0') END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE (ARRAY['IN', 'GB', 'SG', 'AE'])[i % 4 + 1] END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE (ARRAY['Asia/Kolkata', 'Europe/London', 'Asia/Singapore', 'Asia/Dubai'])[i % 4 + 1] END,
            jsonb_build_object('city', (ARRAY['Pune', 'Leeds', 'Jurong', 'دبي'])[i % 4 + 1], 'plan', CASE WHEN i % 3 = 0 THEN 'gold' ELSE '' END),
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'Customer ' || i END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE (ARRAY['hi', 'en', 'en', 'ar'])[i % 4 + 1] END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'number' END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'prefix' END,
            NULL,
            CASE WHEN i % 50 = 0 THEN jsonb_build_array(jsonb_build_object('kind', 'invalid', 'value', 'n/a', 'code', 'INVALID', 'message', 'Not a phone number.')) END
       FROM generate_series(1, $4::int) AS i`,
    [AUDIENCE_ID, ORGANISATION, TEAM, ROWS],
  );
  await admin.query('VACUUM ANALYZE desk.audience_rows');
}

async function timedDownload(core: Awaited<ReturnType<typeof startTestCore>>): Promise<{ ms: number; stallMs: number; localAudienceId: string }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const ended = new Promise<DeskEvent>((resolve) => {
    const stop = core.onEvent((event) => {
      if (event.name === 'teamAudiences.transfer' && event.payload.state !== 'running') {
        stop();
        resolve(event);
      }
    });
  });
  delay.enable();
  const started = performance.now();
  await callOk(core, 'teamAudiences.download', { workspaceAudienceId: AUDIENCE_ID });
  const end = await ended;
  const ms = performance.now() - started;
  delay.disable();
  if (end.name !== 'teamAudiences.transfer' || end.payload.state !== 'done') throw new Error(`the download did not finish: ${JSON.stringify(end.payload)}`);
  const listed = await callOk(core, 'teamAudiences.list');
  const localAudienceId = listed.audiences.find((entry) => entry.workspaceAudienceId === AUDIENCE_ID)?.localAudienceId;
  if (!localAudienceId) throw new Error('the downloaded audience is not linked');
  const audience = await callOk(core, 'audiences.get', { audienceId: localAudienceId });
  if (audience.status !== 'ready' || audience.validRows !== ROWS - Math.floor(ROWS / 50)) throw new Error(`unexpected audience: ${JSON.stringify(audience)}`);
  return { ms, stallMs: delay.max / 1e6, localAudienceId };
}

function psqlCopyToDevNull(memberUrl: string): number {
  const binDir = 'binDir' in postgresBinaries ? postgresBinaries.binDir : '';
  const psql = existsSync(join(binDir, 'psql')) ? join(binDir, 'psql') : 'psql';
  const started = performance.now();
  execFileSync(psql, [memberUrl, '-X', '-q', '-c', `\\copy (${QUERY}) TO '/dev/null'`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return performance.now() - started;
}

async function rawCopyOut(memberUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: memberUrl });
  const started = performance.now();
  await client.connect();
  let bytes = 0;
  for await (const chunk of client.query(copyTo(`COPY (${QUERY}) TO STDOUT`)) as AsyncIterable<Buffer>) bytes += chunk.length;
  await client.end();
  if (bytes === 0) throw new Error('the raw COPY read nothing');
  return performance.now() - started;
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function perSecond(ms: number): string {
  return Math.round((ROWS * 1000) / ms).toLocaleString('en-US');
}
