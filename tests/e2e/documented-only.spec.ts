import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { freshDataDir } from './support/browser-host';
import { importAudience, openNewCampaign, sendNowAsTransactional, switchToRegionalTeam, writeEnglishMessage } from './support/regional-team';
import { screenshot } from './support/screenshots';
import { ledgerSpend, sandboxAccount } from './support/sandbox-truth';

/**
 * The documented-only walkthroughs: the sandbox profiles switched to "Documented API only", so the
 * app sees what a real Kaleyra account offers (no balance, rate card, message log, opt-outs or
 * billing). Every money figure must show a value computed from documented data, with its source,
 * or "not known" with the reason; the computed spend must equal the sandbox's ledger.
 */

const shot = (page: Page, name: string) => screenshot(page, `documented-only-${name}`);

/** Several countries, Hindi and English, one number the platform will not deliver (…0001: MOB-OFF, refunded). */
const AUDIENCE_CSV = [
  'Phone,First Name,Language,Time zone',
  '+919810000015,Asha,hi,Asia/Kolkata',
  '+919810000025,Ravi,en,Asia/Kolkata',
  '+919810000001,Mira,en,Asia/Kolkata',
  '+447400123456,Clare,en,Europe/London',
  '+12125550100,Bob,en,America/New_York',
  '+971501234567,Eman,en,Asia/Dubai',
  '+6581234567,Dev,en,Asia/Singapore',
  '',
].join('\r\n');
const RECIPIENTS = 7;
const ENGLISH =
  'Hi {{name|there}}, your Acme Rewards statement is ready: 1,250 points earned this quarter and 300 expire on 31 March. ' +
  'Redeem them at acme.example/rewards before they lapse. STOP to opt out';
const HINDI = 'नमस्ते {{name|ग्राहक}}! आपका Acme रिवॉर्ड्स विवरण तैयार है: इस तिमाही 1,250 अंक मिले, 300 अंक 31 मार्च को समाप्त होंगे।';
/** The customer's Kaleyra price list (what the sandbox charges Acme per unit). */
const PRICE_LIST = 'IN 0.25\nGB 3.20\nUS 0.60\nAE 1.80\nSG 2.40';

/** "₹12.34" → 1234 (the rupee has two decimals). */
const paiseOf = (text: string) => Number(text.replace(/[^0-9]/g, ''));

async function switchDocumentedOnly(page: Page, profileName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const row = page.getByTestId('profile-row').filter({ hasText: profileName });
  await row.getByLabel('Documented API only').check();
  await expect(row.getByRole('status')).toContainText('Now served only what Kaleyra documents');
}

/**
 * The regional team's walkthrough on the documented API: import, message (English and Hindi,
 * multi-part), schedule (now, transactional), the prices typed from the price list, the campaign
 * budget as the money guard, launch, and the monitor until every message has its final status.
 */
async function runCampaign(page: Page, options: { check: boolean }): Promise<void> {
  await switchToRegionalTeam(page);
  await importAudience(page, { name: 'Rewards', fileName: 'rewards.csv', csv: AUDIENCE_CSV, valid: RECIPIENTS });
  await openNewCampaign(page, 'Rewards statement');
  await writeEnglishMessage(page, { audienceLabel: `Rewards (${RECIPIENTS})`, body: ENGLISH });
  await page.getByLabel('Language of a new variant').fill('hi');
  await page.getByRole('button', { name: 'Add variant' }).click();
  const hindi = page.getByTestId('variant').nth(1);
  await hindi.getByLabel('hi message').fill(HINDI);
  await expect(hindi.getByTestId('counter-encoding')).toHaveText('UCS-2');
  await expect(page.getByTestId('variant').first().getByTestId('counter-segments')).toHaveText(/[2-9] segments/);
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();

  const launchButton = page.getByRole('button', { name: 'Review and launch…' });
  const card = page.getByTestId('entered-rate-card');
  if (options.check) {
    // No rate card is served: the launch says what to do, and the prices are typed once.
    await expect(launchButton).toBeDisabled();
    await expect(page.locator('#launch-reason')).toContainText('No rate card is known');
    await expect(card).toContainText('serves no rate card');
    await card.getByTestId('entered-rate-lines').fill('IN 0.25\nGB three');
    await card.getByTestId('entered-rate-save').click();
    await expect(card.locator('.field-error')).toContainText('Line 2 ("GB three") is not a destination and a price');
  }
  await card.getByTestId('entered-rate-currency').fill('INR');
  await card.getByTestId('entered-rate-lines').fill(PRICE_LIST);
  await card.getByTestId('entered-rate-save').click();
  await expect(card.getByTestId('entered-rate-saved')).toBeVisible();
  await expect(page.getByTestId('cost-country')).toHaveCount(5);
  if (options.check) {
    // No balance either: the campaign's budget becomes the money guard.
    await expect(launchButton).toBeDisabled();
    await expect(page.locator('#launch-reason')).toContainText('set a campaign budget');
    await page.getByLabel('Campaign budget (INR, optional)').fill('1');
    await expect(page.locator('#launch-reason')).toContainText("campaign's own budget");
    await shot(page, '1-budget-cap-refused');
  }
  await page.getByLabel('Campaign budget (INR, optional)').fill('200');
  await expect(page.getByTestId('budget-panel').last()).toHaveAttribute('data-fits', 'true');
  await expect(launchButton).toBeEnabled();
  await launchButton.click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-budget-cap')).toContainText('reports no balance');
  if (options.check) await shot(page, '2-confirm');
  await dialog.getByRole('button', { name: `Launch to ${RECIPIENTS} recipients` }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();

  // Statuses come through the documented status API; wait for every final one.
  await expect(async () => {
    await page.getByRole('button', { name: 'Check delivery now' }).click();
    await expect(page.getByTestId('monitor-delivered').locator('dd')).toHaveText(String(RECIPIENTS - 1), { timeout: 1_000 });
    await expect(page.getByTestId('monitor-undelivered').locator('dd')).toHaveText('1', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
}

test('documented API only: a regional team imports, writes, schedules, launches under its budget and monitors spend computed from statuses', async ({
  page,
  desk,
}) => {
  test.setTimeout(150_000);
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  await switchDocumentedOnly(page, 'AcmeNorth');
  await runCampaign(page, { check: true });

  // Actual spend, computed from the delivery statuses, equals what the platform kept, to the paisa.
  const north = sandboxAccount(dataDir, 'AcmeNorth').sid;
  const kept = ledgerSpend(dataDir, north);
  expect(kept).toBeGreaterThan(0);
  const spend = page.getByTestId('monitor-spend');
  await expect(spend.getByTestId('spend-actual-source')).toHaveAttribute('data-source', 'statuses');
  await expect(spend.getByTestId('spend-actual-source')).toContainText('computed from delivery statuses');
  expect(paiseOf(await spend.getByTestId('spend-actual').innerText())).toBe(kept);
  await expect(spend.getByTestId('spend-refunded')).not.toHaveText('₹0.00');
  // No wave shows a figure without a source.
  await expect(page.getByTestId('progress-wave').filter({ hasText: 'not known' })).toHaveCount(0);
  await shot(page, '3-monitor');
});

test("documented API only: a parent's spend review names every figure's source or why it is not known", async ({ page, desk }) => {
  test.setTimeout(150_000);
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  await switchDocumentedOnly(page, 'AcmeNorth');
  await switchDocumentedOnly(page, 'Acme Retail');
  await runCampaign(page, { check: false });
  const kept = ledgerSpend(dataDir, sandboxAccount(dataDir, 'AcmeNorth').sid);

  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption('sandbox');
  await expect(page.getByTestId('active-profile')).toContainText('Acme Retail');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Spend' }).click();
  const sources = page.getByTestId('spend-sources');
  await expect(sources).toBeVisible({ timeout: 30_000 });

  // The parent's own funds: no documented route reports them.
  await expect(sources.getByTestId('spend-source-parent')).toHaveAttribute('data-source', 'unavailable');
  await expect(sources.getByTestId('spend-source-parent')).toContainText('not known');
  await expect(sources.getByTestId('spend-source-parent')).toContainText('no billing route');
  // Actual spend per account needs the message log [ours]: not known, with why, for every account.
  await expect(sources.getByTestId('spend-source-actual')).toHaveCount(1);
  await expect(sources.getByTestId('spend-source-actual')).toHaveAttribute('data-source', 'unavailable');
  await expect(sources.getByTestId('spend-source-actual')).toContainText('4 accounts: not known');
  await expect(sources.getByTestId('spend-source-actual')).toContainText('no message log');
  // The sub-accounts' balances come from the documented sub-account list.
  await expect(sources.getByTestId('spend-source-funds').and(page.locator('[data-source="billing"]'))).toContainText(
    "3 accounts: from the API's account figures",
  );
  // Totals, the chart per day and the header say "not known" (or nothing), never a silent 0.
  await expect(page.getByTestId('spend-total-actual').locator('dd')).toHaveText('not known');
  await expect(page.getByTestId('spend-days-unknown')).toContainText('no message log');
  await expect(page.getByTestId('billing-badge')).toHaveCount(0);
  // The per-account table says "not known", never a silent 0.
  await expect(page.getByTestId('spend-account-row').first().getByTestId('spend-actual')).toHaveText('not known');

  // The regional team's campaign, launched from this desktop, is priced from its statuses: equal to the ledger.
  const campaign = sources.getByTestId('spend-statuses-campaign');
  await expect(campaign).toHaveCount(1);
  await expect(campaign).toContainText('Rewards statement');
  await expect(campaign.getByTestId('spend-statuses-source')).toHaveText('computed from delivery statuses');
  expect(paiseOf(await campaign.getByTestId('spend-statuses-actual').innerText())).toBe(kept);
  await expect(page.getByTestId('spend-campaigns-computed')).toContainText('Rewards statement is computed from delivery statuses');
  await shot(page, '4-parent-spend');
});
