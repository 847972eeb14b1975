import pg from 'pg';
import { freshDataDir } from './support/browser-host';
import { createTeamWorkspace, expect, priyaParent, joinWorkspace, sandboxAccount, test } from './support/team-workspace';

const AUDIENCE_ID = '3b0f6d2e-8a41-4c7e-9f15-7d2c1e0a9b44';
const ROWS = 1_200;
/** Three customers and a row whose number cannot be read (shared too, as a left-out row). */
const VIP_CSV = 'name,phone,city\nAsha,+91 98100 00105,Pune\nLiam,+44 7911 123456,Leeds\nMei,+65 9123 4567,Jurong\nBroken,12,Nowhere\n';

test("a parent manager sees a team's shared audience, downloads it ready to plan, and shares one of their own", async ({ page, desk, postgres }) => {
  const cluster = await postgres.start();
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  const parentSid = sandboxAccount(dataDir, 'Acme Retail').sid;
  const northSid = sandboxAccount(dataDir, 'AcmeNorth').sid;

  const workspace = await createTeamWorkspace(cluster, 'acme_workspace', {
    organisation: { id: parentSid, name: 'Acme Retail' },
    members: [
      priyaParent(parentSid),
      { roleName: 'nils_north', displayName: 'Nils Åberg', organisationId: parentSid, kind: 'subaccount_member', subaccountSid: northSid },
    ],
    // What a completed "Share with team" on AcmeNorth's laptop leaves in the workspace.
    async seed(admin) {
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
    },
  });

  await joinWorkspace(page, { address: workspace.address, login: 'priya_parent', password: workspace.passwords['priya_parent']! });
  await expect(page.getByTestId('workspace-section').getByTestId('workspace-status')).toContainText('Priya Raman');

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

  // The parent's own list: imported here, shared only when asked, then in the workspace whole.
  await page.getByRole('button', { name: 'Import audience…' }).click();
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'vip.csv', mimeType: 'text/csv', buffer: Buffer.from(VIP_CSV) });
  await page.getByLabel('Audience name').fill('VIP customers');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const vip = page.getByTestId('audience-row').filter({ hasText: 'VIP customers' });
  await expect(vip).toContainText('ready');
  await vip.getByRole('button', { name: 'Share with team: VIP customers' }).click();
  await expect(vip).toContainText('Shared with team', { timeout: 30_000 });
  await expect(team.getByTestId('team-audience-row').filter({ hasText: 'VIP customers' })).toContainText('Shared by you');

  const check = new pg.Client({ connectionString: workspace.adminUrl });
  await check.connect();
  try {
    const shared = await check.query(
      `SELECT a.account_sid, a.rows_complete, a.shared_by, (SELECT count(*)::int FROM desk.audience_rows r WHERE r.audience_id = a.id) AS rows,
              (SELECT count(*)::int FROM desk.audience_rows r WHERE r.audience_id = a.id AND r.phone_e164 IS NULL) AS left_out
         FROM desk.audiences a WHERE a.name = 'VIP customers'`,
    );
    expect(shared.rows).toEqual([{ account_sid: parentSid, rows_complete: true, shared_by: 'priya_parent', rows: 4, left_out: 1 }]);
  } finally {
    await check.end();
  }
});
