import { type BrowserContext } from '@playwright/test';
import { freshDataDir } from './support/browser-host';
import { expectAccessible } from './support/expect-accessible';
import { importAudience, sectionButton, sendNowAsTransactional, switchToRegionalTeam, THREE_COUNTRY_CSV, writeEnglishMessage } from './support/regional-team';
import { addRemoteProfileAndSwitch } from './support/remote-profile';
import { createTeamWorkspace, expect, nilsNorth, priyaParent, joinWorkspace, sandboxAccount, startRemoteAcme, test } from './support/team-workspace';

const contexts: BrowserContext[] = [];
test.afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

test("a parent manager sets a sub-account's approval rule, sees the team's request, and approves it; the team's launch waits for it", async ({
  page,
  desk,
  postgres,
}) => {
  const cluster = await postgres.start();
  const dataDir = freshDataDir();
  const host = await desk.startHost({ dataDir });
  const parentSid = sandboxAccount(dataDir, 'Acme Retail').sid;
  const northSid = sandboxAccount(dataDir, 'AcmeNorth').sid;
  const { address, passwords } = await createTeamWorkspace(cluster, 'acme_approvals', {
    organisation: { id: parentSid, name: 'Acme Retail' },
    members: [priyaParent(parentSid), nilsNorth(parentSid, northSid)],
  });

  // --- The parent manager: empty state, then a rule for AcmeNorth, confirmed -------------------------
  await page.goto(host.openUrl);
  await sectionButton(page, 'Approvals').click();
  await expect(page.getByTestId('approvals-not-joined')).toContainText('Approvals work through a team workspace');
  await joinWorkspace(page, { address, login: 'priya_parent', password: passwords['priya_parent']! });
  await sectionButton(page, 'Approvals').click();
  await expect(page.getByTestId('approvals-empty')).toContainText('No campaign is waiting for approval');
  const northRule = page.getByTestId('approval-rule-row').filter({ hasText: 'AcmeNorth' });
  await expect(northRule).toContainText('No rule');
  await northRule.getByRole('button', { name: 'Require approval for AcmeNorth' }).click();
  const ruleDialog = page.getByTestId('approval-rule-dialog');
  await ruleDialog.getByLabel('Campaigns estimated above (INR) need approval').fill('3');
  await ruleDialog.getByRole('button', { name: 'Review…' }).click();
  await expect(ruleDialog.getByTestId('approval-rule-confirm')).toContainText('estimated above ₹3.00 can only be launched after a parent manager approves');
  await ruleDialog.getByRole('button', { name: 'Require approval' }).click();
  await expect(northRule).toContainText('₹3.00');
  await expect(northRule).toContainText('Priya Raman');
  await expectAccessible(page, 'Approvals screen with a rule');

  // --- The team (AcmeNorth's profile on this desktop, its own login): launch disabled, request -------
  await switchToRegionalTeam(page);
  await joinWorkspace(page, { address, login: 'nils_north', password: passwords['nils_north']! });
  await importAudience(page, { name: 'Winter sale', fileName: 'winter.csv', csv: THREE_COUNTRY_CSV, valid: 3 });
  await sectionButton(page, 'Campaigns').click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Winter sale');
  await page.keyboard.press('Enter');
  await writeEnglishMessage(page, { audienceLabel: 'Winter sale (3)', body: 'Winter sale: 20% off until Sunday. Reply STOP to opt out.' });
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  const launchButton = page.getByRole('button', { name: 'Review and launch…' });
  await expect(page.getByTestId('approval-reason')).toContainText("Needs a parent manager's approval: estimated ₹4.05, above ₹3.00.");
  await expect(launchButton).toBeDisabled();
  await expect(page.locator('#launch-reason')).toContainText('estimated ₹4.05, above ₹3.00');
  await page.getByRole('button', { name: 'Request approval' }).click();
  await expect(page.getByTestId('approval-gate')).toHaveAttribute('data-state', 'pending');
  await expect(page.getByTestId('approval-reason')).toContainText("Requested by Nils Åberg; waiting for a parent manager's decision.");
  await expect(launchButton).toBeDisabled();
  await expectAccessible(page, 'Budget and launch waiting for approval');

  // --- Back on the parent's profile: told in the window (no notification permission), decides by keyboard
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption('sandbox');
  await expect(page.getByTestId('approval-notices')).toContainText('Approval requested: Winter sale');
  await expect(page.getByTestId('approval-notices')).toContainText('Nils Åberg (AcmeNorth) asks to launch it, estimated ₹4.05');
  await sectionButton(page, 'Approvals').click();
  const pending = page.getByRole('table', { name: 'Pending approval requests' }).getByTestId('approval-row');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText('Winter sale');
  await expect(pending).toContainText('AcmeNorth');
  await expect(pending).toContainText('₹4.05');
  await expect(pending).toContainText('Nils Åberg');
  await pending.getByRole('button', { name: 'Approve Winter sale' }).focus();
  await page.keyboard.press('Enter');
  const decision = page.getByTestId('approval-decision-dialog');
  await expectAccessible(page, 'Approve dialog');
  await decision.getByLabel('Note for the team (optional)').fill('Fine for the winter push');
  await decision.getByRole('button', { name: 'Approve', exact: true }).press('Enter');
  await expect(page.getByTestId('approvals-empty')).toBeVisible();
  const decided = page.getByRole('table', { name: 'Decided approval requests' }).getByTestId('approval-row');
  await expect(decided).toHaveAttribute('data-status', 'approved');
  await expect(decided.getByTestId('approval-decision')).toContainText('Approved by Priya Raman');
  await expect(decided.getByTestId('approval-decision')).toContainText('Fine for the winter push');
  await page.getByTestId('approval-notices').getByRole('button', { name: 'Dismiss: Approval requested: Winter sale' }).click();

  // --- The team again: told of the decision, and the launch is enabled for this version --------------
  await switchToRegionalTeam(page);
  await expect(page.getByTestId('approval-notices')).toContainText('Approved: Winter sale');
  await sectionButton(page, 'Campaigns').click();
  await page.getByTestId('campaign-row').getByRole('button', { name: 'Winter sale', exact: true }).click();
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  await expect(page.getByTestId('approval-gate')).toHaveAttribute('data-state', 'approved');
  await expect(page.getByTestId('approval-gate')).toContainText('Approved by Priya Raman');
  await expect(page.getByRole('button', { name: 'Review and launch…' })).toBeEnabled();
});

test("two browser hosts: the team's request reaches the parent's desktop by itself, the rejection and its note reach the team's", async ({
  browser,
  desk,
  postgres,
}) => {
  test.setTimeout(180_000);
  const { cluster, remote, parent: acme, north } = await startRemoteAcme(postgres, desk);
  const { address, passwords } = await createTeamWorkspace(cluster, 'acme_two_desktops', {
    organisation: { id: acme.sid, name: 'Acme Retail' },
    members: [priyaParent(acme.sid), nilsNorth(acme.sid, north.sid)],
  });

  // Two desktops: the parent manager's and the regional team's, each its own host, store and browser.
  const [host, teamHost] = await Promise.all([desk.startHost(), desk.startHost()]);
  contexts.push(await browser.newContext(), await browser.newContext());
  const [parentPage, teamPage] = await Promise.all(contexts.map((context) => context.newPage()));
  if (!parentPage || !teamPage) throw new Error('two browser pages were expected');
  await parentPage.goto(host.openUrl);
  await addRemoteProfileAndSwitch(parentPage, {
    profileName: 'Acme HQ',
    menuLabel: 'Acme HQ (parent)',
    baseUrl: remote.url,
    sid: acme.sid,
    apiKey: acme.apiKey,
  });
  await joinWorkspace(parentPage, { address, login: 'priya_parent', password: passwords['priya_parent']! });
  await teamPage.goto(teamHost.openUrl);
  await addRemoteProfileAndSwitch(teamPage, {
    profileName: 'Acme North',
    menuLabel: 'Acme North (sub-account)',
    baseUrl: remote.url,
    sid: north.sid,
    apiKey: north.apiKey,
  });
  await joinWorkspace(teamPage, { address, login: 'nils_north', password: passwords['nils_north']! });

  // The parent requires approval above ₹3.00 (the keyboard: Enter on the row's button and in the form).
  await sectionButton(parentPage, 'Approvals').click();
  const northRule = parentPage.getByTestId('approval-rule-row').filter({ hasText: 'AcmeNorth' });
  await northRule.getByRole('button', { name: 'Require approval for AcmeNorth' }).press('Enter');
  await parentPage.getByLabel('Campaigns estimated above (INR) need approval').fill('3.00');
  await parentPage.keyboard.press('Enter');
  await parentPage.getByTestId('approval-rule-dialog').getByRole('button', { name: 'Require approval' }).press('Enter');
  await expect(northRule).toContainText('₹3.00');

  // The team's desktop learns the rule by itself (LISTEN/NOTIFY or its minute's pull), then drafts and asks.
  await importAudience(teamPage, { name: 'Winter sale', fileName: 'winter.csv', csv: THREE_COUNTRY_CSV, valid: 3 });
  await sectionButton(teamPage, 'Campaigns').click();
  await teamPage.getByRole('button', { name: 'New campaign' }).click();
  await teamPage.getByLabel('Campaign name').fill('Winter sale');
  await teamPage.keyboard.press('Enter');
  await writeEnglishMessage(teamPage, { audienceLabel: 'Winter sale (3)', body: 'Winter sale: 20% off until Sunday. Reply STOP to opt out.' });
  await sendNowAsTransactional(teamPage);
  await teamPage.getByRole('tab', { name: 'Budget and launch' }).click();
  const needsApproval = "Needs a parent manager's approval: estimated ₹4.05, above ₹3.00.";
  await expect(teamPage.getByTestId('approval-reason')).toContainText(needsApproval, { timeout: 70_000 });
  await expect(teamPage.getByRole('button', { name: 'Review and launch…' })).toBeDisabled();
  await teamPage.getByRole('button', { name: 'Request approval' }).click();
  await expect(teamPage.getByTestId('approval-gate')).toHaveAttribute('data-state', 'pending');

  // The parent's open Approvals screen and its notice update without anyone asking.
  await expect(parentPage.getByTestId('approval-notices')).toContainText('Approval requested: Winter sale', { timeout: 70_000 });
  const pending = parentPage.getByRole('table', { name: 'Pending approval requests' }).getByTestId('approval-row');
  await expect(pending).toContainText('Nils Åberg');
  await expect(pending).toContainText('₹4.05');
  await pending.getByRole('button', { name: 'Reject Winter sale' }).click();
  await parentPage.getByLabel('Note for the team (optional)').fill('Leave the US out: no promotions there this month');
  await parentPage.getByTestId('approval-decision-dialog').getByRole('button', { name: 'Reject', exact: true }).click();
  await expect(parentPage.getByRole('table', { name: 'Decided approval requests' }).getByTestId('approval-row')).toHaveAttribute('data-status', 'rejected');

  // The team is told, and its launch stays disabled with the note.
  await expect(teamPage.getByTestId('approval-notices')).toContainText('Rejected: Winter sale', { timeout: 70_000 });
  await expect(teamPage.getByTestId('approval-notices')).toContainText('Leave the US out: no promotions there this month');
  await expect(teamPage.getByTestId('approval-gate')).toHaveAttribute('data-state', 'rejected');
  await expect(teamPage.getByTestId('approval-reason')).toContainText('Rejected by Priya Raman "Leave the US out: no promotions there this month"');
  await expect(teamPage.getByRole('button', { name: 'Review and launch…' })).toBeDisabled();
});
