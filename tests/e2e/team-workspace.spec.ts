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

/** The embedded sandbox's account of that name, read from its own file in the host's data folder. */
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

test('a parent manager joins the team workspace from the Profiles screen, sees its status, and leaves', async ({ page }) => {
  test.skip(postgresSkipReason !== null, postgresSkipReason ?? '');
  cluster = await startPostgresCluster();
  const dataDir = freshDataDir();
  host = await startHost(dataDir);
  const parentSid = sandboxSid(dataDir, 'Acme Retail');

  const admin = new pg.Client({ connectionString: await cluster.createDatabase('acme_workspace') });
  await admin.connect();
  let password: string;
  try {
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: parentSid, name: 'Acme Retail' });
    ({ password } = await addMember(admin, { roleName: 'priya_parent', displayName: 'Priya Raman', organisationId: parentSid, kind: 'parent_manager' }));
  } finally {
    await admin.end();
  }

  await page.goto(host.openUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const card = page.getByTestId('workspace-section');
  await expect(card.getByRole('heading')).toHaveText('Team workspace · Sandbox · Acme Retail');

  // An unencrypted connection to another computer is refused on the address field, with the fix.
  await card.getByLabel('Workspace address').fill('postgresql://db.example.com:5432/acme?sslmode=disable');
  await card.getByLabel('Login').fill('priya_parent');
  await card.getByLabel('Password').fill(password);
  await card.getByRole('button', { name: 'Check and join' }).click();
  await expect(card.getByRole('alert')).toContainText('must be encrypted');

  await card.getByLabel('Workspace address').fill(`postgresql://${cluster.host}:${cluster.port}/acme_workspace`);
  await card.getByLabel('Password').fill(password);
  await card.getByRole('button', { name: 'Check and join' }).click();
  const status = card.getByTestId('workspace-status');
  await expect(status).toContainText('Acme Retail · parent manager · signed in as Priya Raman (priya_parent)');
  await expect(status.getByRole('status')).toContainText('connected');

  // Still there after a reload (saved on this desktop), and checked against the server again.
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  await expect(page.getByTestId('workspace-status').getByRole('status')).toContainText('connected');
  // The active profile syncs by itself once joined; "Check connection" reads the state again.
  await expect(async () => {
    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect(page.getByTestId('workspace-sync')).toContainText('last synced', { timeout: 1_000 });
  }).toPass();

  await page.getByRole('button', { name: 'Leave workspace…' }).click();
  await page.getByRole('group', { name: 'Confirm leaving the workspace' }).getByRole('button', { name: 'Leave' }).click();
  await expect(page.getByTestId('workspace-section').getByLabel('Workspace address')).toBeVisible();
});
