import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { takeLaunchLease } from '../../electron/core/workspace/launch-lease';
import { freshDataDir } from './support/browser-host';
import { importAudience, sendNowAsTransactional, switchToRegionalTeam, writeEnglishMessage } from './support/regional-team';
import { createTeamWorkspace, expect, joinWorkspace, sandboxAccount, test } from './support/team-workspace';

test("a regional team sees its teammates' reservations where it decides, and launches within what they leave", async ({ page, desk, postgres }) => {
  const cluster = await postgres.start();
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  const north = sandboxAccount(dataDir, 'AcmeNorth');
  const parentSid = north.parentSid!;
  const member = (roleName: string, displayName: string) =>
    ({ roleName, displayName, organisationId: parentSid, kind: 'subaccount_member', subaccountSid: north.sid }) as const;
  const { adminUrl, address, passwords } = await createTeamWorkspace(cluster, 'acme_workspace', {
    organisation: { id: parentSid, name: 'Acme Retail' },
    members: [member('nils_north', 'Nils Åberg'), member('noor_north', 'Noor Haddad')],
  });
  // Noor's office PC launches "Eid greetings" and holds ₹900.00 of AcmeNorth's balance for it.
  const noor = new pg.Client({ connectionString: cluster.urlFor({ user: 'noor_north', password: passwords['noor_north']!, database: 'acme_workspace' }) });
  await noor.connect();
  try {
    const eid = randomUUID();
    await noor.query("INSERT INTO desk.campaigns (id, organisation_id, account_sid, name, currency) VALUES ($1, $2, $3, 'Eid greetings', 'INR')", [
      eid,
      parentSid,
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

  await switchToRegionalTeam(page);
  await joinWorkspace(page, { address, login: 'nils_north', password: passwords['nils_north']! });

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
