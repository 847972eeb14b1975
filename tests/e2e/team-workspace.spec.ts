import { freshDataDir } from './support/browser-host';
import { createTeamWorkspace, expect, priyaParent, sandboxAccount, test } from './support/team-workspace';

test('a parent manager joins the team workspace from the Profiles screen, sees its status, and leaves', async ({ page, desk, postgres }) => {
  const cluster = await postgres.start();
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  const parentSid = sandboxAccount(dataDir, 'Acme Retail').sid;
  const { passwords } = await createTeamWorkspace(cluster, 'acme_workspace', {
    organisation: { id: parentSid, name: 'Acme Retail' },
    members: [priyaParent(parentSid)],
  });
  const password = passwords['priya_parent']!;

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
