import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { addMember, ensureOrganisation } from '../../workspace/members';
import { migrateWorkspace } from '../../workspace/migrate';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { freshDataDir, startHost, type RunningHost } from './support/browser-host';

let host: RunningHost | null = null;
let cluster: PostgresCluster | null = null;
test.afterEach(async () => {
  await host?.stop();
  cluster?.stop();
  host = null;
  cluster = null;
});

function sandboxSid(dataDir: string, name: string): string {
  const db = new Database(join(dataDir, 'sandbox', 'sandbox.sqlite'), { readonly: true });
  try {
    const row = db.prepare<[string], { sid: string }>('SELECT sid FROM accounts WHERE name = ?').get(name);
    if (!row) throw new Error(`no sandbox account named ${name}`);
    return row.sid;
  } finally {
    db.close();
  }
}

const AUDIENCE_ID = '3b0f6d2e-8a41-4c7e-9f15-7d2c1e0a9b44';
const ROWS = 1_200;

test("a parent manager sees a team's shared audience, downloads it, and finds it among their audiences, ready to plan", async ({ page }) => {
  test.skip(postgresSkipReason !== null, postgresSkipReason ?? '');
  cluster = await startPostgresCluster();
  const dataDir = freshDataDir();
  host = await startHost(dataDir);
  const parentSid = sandboxSid(dataDir, 'Acme Retail');
  const northSid = sandboxSid(dataDir, 'AcmeNorth');

  const admin = new pg.Client({ connectionString: await cluster.createDatabase('acme_workspace') });
  await admin.connect();
  let password: string;
  try {
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: parentSid, name: 'Acme Retail' });
    ({ password } = await addMember(admin, { roleName: 'priya_parent', displayName: 'Priya Raman', organisationId: parentSid, kind: 'parent_manager' }));
    await addMember(admin, {
      roleName: 'nils_north',
      displayName: 'Nils Åberg',
      organisationId: parentSid,
      kind: 'subaccount_member',
      subaccountSid: northSid,
    });
    // What a completed "Share with team" on AcmeNorth's laptop leaves in the workspace.
    await admin.query(
      `INSERT INTO desk.audiences (id, organisation_id, account_sid, name, row_count, columns, counts, rows_complete, shared_by)
       VALUES ($1, $2, $3, 'Stockholm loyalty', $4, '["city"]', $5, true, 'nils_north')`,
      [AUDIENCE_ID, parentSid, northSid, ROWS, JSON.stringify({ totalRows: ROWS, validRows: ROWS, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 })],
    );
    await admin.query(
      `INSERT INTO desk.audience_rows (audience_id, row_number, organisation_id, account_sid, phone_e164, country, zone, fields, zone_source, country_source)
       SELECT $1, i, $2, $3, '+46701' || lpad(i::text, 6, '0'), 'SE', 'Europe/Stockholm', jsonb_build_object('city', 'Göteborg'), 'prefix', 'number'
         FROM generate_series(1, $4::int) AS i`,
      [AUDIENCE_ID, parentSid, northSid, ROWS],
    );
  } finally {
    await admin.end();
  }

  await page.goto(host.openUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const card = page.getByTestId('workspace-section');
  await card.getByLabel('Workspace address').fill(`postgresql://${cluster.host}:${cluster.port}/acme_workspace`);
  await card.getByLabel('Login').fill('priya_parent');
  await card.getByLabel('Password').fill(password);
  await card.getByRole('button', { name: 'Check and join' }).click();
  await expect(card.getByTestId('workspace-status')).toContainText('Priya Raman');

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  const team = page.getByRole('region', { name: 'Team audiences' });
  await expect(team).toContainText('An audience is shared only when you choose Share with team');
  // The joined profile syncs by itself: the team's audience arrives with who shared it.
  const row = team.getByTestId('team-audience-row').filter({ hasText: 'Stockholm loyalty' });
  await expect(row).toContainText('Nils Åberg', { timeout: 30_000 });
  await expect(row).toContainText('1,200');

  await row.getByRole('button', { name: 'Download Stockholm loyalty to this desktop' }).click();
  await expect(row).toContainText('On this desktop', { timeout: 30_000 });
  const local = page.getByTestId('audience-row').filter({ hasText: 'Stockholm loyalty' });
  await expect(local).toContainText('ready');
  await expect(local).toContainText('1,200');
  await expect(local).toContainText('From Nils Åberg');
});
