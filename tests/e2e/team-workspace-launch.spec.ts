import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import pg from 'pg';
import { takeLaunchLease } from '../../electron/core/workspace/launch-lease';
import { addMember, ensureOrganisation } from '../../workspace/members';
import { migrateWorkspace } from '../../workspace/migrate';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { freshDataDir, startHost, type RunningHost } from './support/browser-host';
import { importAudience, sendNowAsTransactional, switchToRegionalTeam, writeEnglishMessage } from './support/regional-team';

let host: RunningHost | null = null;
let cluster: PostgresCluster | null = null;
test.afterEach(async () => {
  await host?.stop();
  cluster?.stop();
  host = null;
  cluster = null;
});

/** The embedded sandbox's account of that name, read from its own file in the host's data folder. */
function sandboxAccount(dataDir: string, name: string): { sid: string; parentSid: string } {
  const db = new Database(join(dataDir, 'sandbox', 'sandbox.sqlite'), { readonly: true });
  try {
    const row = db.prepare<[string], { sid: string; parent_sid: string }>('SELECT sid, parent_sid FROM accounts WHERE name = ?').get(name);
    if (!row) throw new Error(`no sandbox sub-account named ${name}`);
    return { sid: row.sid, parentSid: row.parent_sid };
  } finally {
    db.close();
  }
}

test("a regional team sees its teammates' reservations where it decides, and launches within what they leave", async ({ page }) => {
  test.skip(postgresSkipReason !== null, postgresSkipReason ?? '');
  cluster = await startPostgresCluster();
  const dataDir = freshDataDir();
  host = await startHost(dataDir);
  const north = sandboxAccount(dataDir, 'AcmeNorth');

  const adminUrl = await cluster.createDatabase('acme_workspace');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const passwords: Record<string, string> = {};
  try {
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: north.parentSid, name: 'Acme Retail' });
    for (const [roleName, displayName] of [
      ['nils_north', 'Nils Åberg'],
      ['noor_north', 'Noor Haddad'],
    ] as const) {
      passwords[roleName] = (
        await addMember(admin, { roleName, displayName, organisationId: north.parentSid, kind: 'subaccount_member', subaccountSid: north.sid })
      ).password;
    }
  } finally {
    await admin.end();
  }
  // Noor's office PC launches "Eid greetings" and holds ₹900.00 of AcmeNorth's balance for it.
  const noor = new pg.Client({ connectionString: cluster.urlFor({ user: 'noor_north', password: passwords['noor_north']!, database: 'acme_workspace' }) });
  await noor.connect();
  try {
    const eid = randomUUID();
    await noor.query("INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, currency) VALUES ($1, $2, $3, 'Eid greetings', 'INR')", [
      eid,
      north.parentSid,
      north.sid,
    ]);
    const taken = await takeLaunchLease(noor, {
      campaignId: eid,
      revision: 1,
      desktopId: 'desktop-noor-office',
      desktopName: 'Noor’s office PC',
      reservations: [{ amountMinor: 900_00, currency: 'INR' }],
    });
    expect(taken.kind).toBe('taken');
  } finally {
    await noor.end();
  }

  await page.goto(host.openUrl);
  await switchToRegionalTeam(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const card = page.getByTestId('workspace-section');
  await card.getByLabel('Workspace address').fill(`postgresql://${cluster.host}:${cluster.port}/acme_workspace`);
  await card.getByLabel('Login').fill('nils_north');
  await card.getByLabel('Password').fill(passwords['nils_north']!);
  await card.getByRole('button', { name: 'Check and join' }).click();
  await expect(card.getByTestId('workspace-status').getByRole('status')).toContainText('connected');

  // A CRM export: Indian numbers written three ways, the country written three ways.
  const csv = [
    'Name,Phone,Country,Time zone',
    'Aarav,+91 98100 11205,India,Asia/Kolkata',
    'Diya,09810011215,IN,Asia/Kolkata',
    'Kabir,0091 98100 11225,91,Asia/Kolkata',
    '',
  ].join('\r\n');
  await importAudience(page, { name: 'Diwali list', fileName: 'crm.csv', csv, valid: 3 });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Diwali offers');
  await page.keyboard.press('Enter');
  await writeEnglishMessage(page, { audienceLabel: 'Diwali list (3)', body: 'Diwali offers: 20% off this week.' });
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();

  const teammates = '₹900.00 · “Eid greetings” by Noor Haddad on “Noor’s office PC”';
  await expect(page.getByTestId('budget-teammates-reserved')).toContainText(teammates);
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-teammates-reserved')).toContainText(teammates);
  await dialog.getByRole('button', { name: 'Launch to 3 recipients' }).click();
  await expect(dialog).toBeHidden();
  // The workspace knows who launched it, and holds its reservation beside Noor's.
  const check = new pg.Client({ connectionString: adminUrl });
  await check.connect();
  try {
    await expect(async () => {
      const rows = await check.query<{ name: string; status: string; launched_by: string }>(
        "SELECT name, status, launched_by FROM desk.campaigns WHERE launched_by = 'nils_north'",
      );
      expect(rows.rows).toEqual([{ name: 'Diwali offers', status: expect.stringMatching(/^(launched|finished)$/), launched_by: 'nils_north' }]);
    }).toPass({ timeout: 10_000 });
  } finally {
    await check.end();
  }
});
