import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pushPlanSummary } from '../../electron/core/workspace/workspace-plan-summaries';
import { freshDataDir } from './support/browser-host';
import { screenshot } from './support/screenshots';
import { createTeamWorkspace, expect, nilsNorth, priyaParent, joinWorkspace, sandboxAccount, test } from './support/team-workspace';

/** AcmeNorth's plan as its desktop pushes it: 180 Indian recipients (Kolkata) and 12 in Dubai, two-part messages at the seeded prices. */
function northPlan(campaignId: string, revision: number, units: number) {
  const india = { zone: 'Asia/Kolkata', localDate: '2026-12-05', localTime: '10:00', recipients: 180, costMinor: 180 * units * 25 };
  const dubai = { zone: 'Asia/Dubai', localDate: '2026-12-05', localTime: '10:00', recipients: 12, costMinor: 12 * units * 180 };
  return {
    campaignId,
    revision,
    campaignName: 'Monsoon sale (North desktop)',
    budgetMinor: null,
    recipients: 192,
    leftOut: 3,
    estimateMinor: india.costMinor + dubai.costMinor,
    currency: 'INR',
    waves: [india, dubai],
    plannedAtMs: Date.now(),
  };
}

test("the parent's Spend view shows a draft planned on a team's desktop, with who planned which revision", async ({ page, desk, postgres }) => {
  const cluster = await postgres.start();
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  const parentSid = sandboxAccount(dataDir, 'Acme Retail').sid;
  const northSid = sandboxAccount(dataDir, 'AcmeNorth').sid;

  const { address, passwords } = await createTeamWorkspace(cluster, 'acme_planned', {
    organisation: { id: parentSid, name: 'Acme Retail' },
    members: [priyaParent(parentSid), nilsNorth(parentSid, northSid)],
  });
  const nilsPassword = passwords['nils_north']!;

  // AcmeNorth's desktop (its own login) pushes its plan with the app's own push: campaign row first, then the summary.
  const nils = new pg.Client({ connectionString: cluster.urlFor({ user: 'nils_north', password: nilsPassword, database: 'acme_planned' }) });
  await nils.connect();
  const campaignId = randomUUID();
  const first = northPlan(campaignId, 2, 2);
  try {
    expect(await pushPlanSummary(nils, { organisationId: parentSid, accountSid: northSid }, first)).toBe('pushed');
  } finally {
    await nils.end();
  }
  expect(first.estimateMinor).toBe(180 * 2 * 25 + 12 * 2 * 180);

  // The parent manager joins on the parent's profile; the joined profile syncs by itself.
  await joinWorkspace(page, { address, login: 'priya_parent', password: passwords['priya_parent']! });
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(async () => {
    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect(page.getByTestId('workspace-sync')).toContainText('last synced', { timeout: 1_000 });
  }).toPass();

  await nav.getByRole('button', { name: 'Spend' }).click();
  await expect(page.getByRole('heading', { name: 'Spend', exact: true })).toBeVisible();
  const campaignRow = page.getByTestId('spend-campaign-row').filter({ hasText: 'Monsoon sale (North desktop)' });
  await expect(campaignRow).toHaveAttribute('data-campaign-id', campaignId);
  await expect(campaignRow.getByTestId('spend-campaign-estimate')).toHaveAttribute('data-estimated-minor', String(first.estimateMinor));
  await expect(campaignRow.getByTestId('spend-campaign-estimate')).toContainText('₹133.20');
  await expect(campaignRow.getByTestId('spend-planned-source')).toContainText("planned on Nils Åberg's desktop, revision 2,");
  const northRow = page.getByTestId('spend-account-row').and(page.locator(`[data-sid="${northSid}"]`));
  await expect(northRow).toContainText('₹133.20');
  await expect(northRow.getByTestId('spend-account-workspace-planned')).toHaveText('1 planned on team desktops');
  await expect(page.getByTestId('spend-total-planned')).toContainText('₹133.20');
  await expect(page.getByTestId('spend-source-planned')).toContainText("₹133.20, of which ₹133.20 for 1 draft planned on the team workspace's desktops");
  await screenshot(page, 'spend-workspace-planned');

  // The team re-plans a one-part message (revision 3): it replaces revision 2 on the parent's open screen.
  const again = northPlan(campaignId, 3, 1);
  const nilsAgain = new pg.Client({ connectionString: cluster.urlFor({ user: 'nils_north', password: nilsPassword, database: 'acme_planned' }) });
  await nilsAgain.connect();
  try {
    await pushPlanSummary(nilsAgain, { organisationId: parentSid, accountSid: northSid }, again);
  } finally {
    await nilsAgain.end();
  }
  // No click: the workspace notifies the parent's desktop, its sync pulls the summary and the screen reads its figures again.
  await expect(campaignRow.getByTestId('spend-planned-source')).toContainText('revision 3,', { timeout: 30_000 });
  await expect(campaignRow.getByTestId('spend-campaign-estimate')).toHaveAttribute('data-estimated-minor', String(again.estimateMinor));
  await expect(page.getByTestId('spend-total-planned')).toContainText('₹66.60');
});
