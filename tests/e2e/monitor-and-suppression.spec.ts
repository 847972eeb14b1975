import { readFileSync } from 'node:fs';
import { expect, test } from './support/desk-test';
import { freshDataDir } from './support/browser-host';
import { keepDownload } from './support/downloads';
import { importAudience, launchCampaignNow, switchToRegionalTeam } from './support/regional-team';
import { screenshot } from './support/screenshots';

/** A suppression file as a CRM exports it: a "Mobile" column, a repeat and a cell that is no number. */
const SUPPRESSION_CSV = ['Name,Mobile', 'Opted,+919810000035', 'Also,98100 00045', 'Again,+91 98100 00035', 'Typo,98x', 'Third,+919810000055', ''].join('\r\n');

test('imports a suppression file, sees it applied to an audience, and finds the stored delivery chart after a restart', async ({ page, desk }) => {
  test.setTimeout(120_000);
  const dataDir = freshDataDir();
  let host = await desk.open({ dataDir });
  await switchToRegionalTeam(page);

  // --- Suppression list: a file through the picker ------------------------------------------
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  await page.getByText('Suppression list', { exact: true }).click();
  await expect(page.getByTestId('suppression-count')).toHaveText('0 numbers');
  await expect(page.getByLabel('Numbers without + are from')).toHaveValue('IN');
  await page.getByTestId('suppression-file').setInputFiles({ name: 'opt-outs.csv', mimeType: 'text/csv', buffer: Buffer.from(SUPPRESSION_CSV) });
  const summary = page.getByTestId('suppression-import-summary');
  await expect(summary).toContainText('Imported opt-outs.csv: 3 added, 1 already listed (or repeated in the file), 1 not valid numbers.');
  await expect(summary.getByTestId('suppression-invalid')).toContainText('Row 5: 98x');
  await expect(page.getByTestId('suppression-count')).toHaveText('3 numbers');
  await screenshot(page, 'monitor-1-suppression-imported');

  // Search by the start of a number, then remove one after confirming.
  await page.getByLabel('Search numbers').fill('98100 00045');
  await expect(page.getByTestId('suppression-matching')).toHaveText('1 number matches.');
  await expect(page.getByTestId('suppressed-numbers').locator('li')).toHaveCount(1);
  await page.getByRole('button', { name: 'Remove +919810000045 from the suppression list' }).click();
  const confirm = page.getByTestId('suppression-remove-dialog');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('suppression-count')).toHaveText('3 numbers');
  await page.getByRole('button', { name: 'Remove +919810000045 from the suppression list' }).click();
  await confirm.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('suppression-count')).toHaveText('2 numbers');
  await page.getByLabel('Search numbers').fill('');

  // The whole list as CSV, phones neutralised for spreadsheets.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('suppression-export').click()]);
  const exported = readFileSync(await keepDownload(download), 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n');
  expect(exported[0]).toBe('phone,reason,added_at');
  expect(exported.slice(1).map((line) => line.split(',')[0])).toEqual(['+919810000035', '+919810000055']);

  // --- An audience with a suppressed number: reported as opted out ----------------------------
  const audience = [
    'Phone,First Name,Language,Time zone',
    '+919810000015,Asha,en,Asia/Kolkata',
    '+919810000025,Ravi,en,Asia/Kolkata',
    '+919810000035,Mira,en,Asia/Kolkata',
    '',
  ].join('\r\n');
  await importAudience(page, { name: 'North regulars', fileName: 'north.csv', csv: audience, valid: 2 });
  // The audience just imported stays selected, with its report.
  await expect(page.getByTestId('audience-row').getByRole('button', { name: 'North regulars', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('audience-report').getByTestId('count-opted_out')).toContainText('1');

  // --- Launch, deliveries, and the stored chart --------------------------------------------------
  await launchCampaignNow(page, { name: 'North sale', audienceLabel: 'North regulars (2)', body: 'North sale: 20% off today', recipients: 2 });
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(async () => {
    await page.getByRole('button', { name: 'Check delivery now' }).click();
    await expect(page.getByTestId('monitor-delivered').locator('dd')).toHaveText('2', { timeout: 1_000 });
  }).toPass({ timeout: 60_000 });
  const chartSummary = page.getByTestId('timeline-summary');
  await expect(chartSummary).toContainText('2 sent (handed to Kaleyra), 2 delivered, 0 undelivered, 0 not sent', { timeout: 10_000 });

  // --- Restart the host on the same data: the chart comes from the store, not from memory --------
  await host.stop();
  host = await desk.open({ dataDir });
  await switchToRegionalTeam(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByTestId('campaign-row').getByRole('button', { name: 'North sale', exact: true }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(page.getByTestId('timeline-chart')).toBeVisible();
  await expect(page.getByTestId('timeline-summary')).toContainText('2 sent (handed to Kaleyra), 2 delivered, 0 undelivered, 0 not sent');
  await expect(page.getByTestId('timeline-chart').locator('svg')).toHaveAttribute('aria-label', /^Cumulative deliveries over time\. From .* 2 delivered/);
  await expect(page.getByTestId('timeline-chart').locator('polyline')).toHaveCount(4);
  await screenshot(page, 'monitor-2-timeline-after-restart');
});

test('a 100,000-number suppression file imports in chunks with progress, and Cancel keeps what was already added', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await desk.open();
  await switchToRegionalTeam(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  await page.getByText('Suppression list', { exact: true }).click();
  // Headerless, one national number a line.
  const numbers = Array.from({ length: 100_000 }, (_, n) => `98${String(10_000_000 + n).slice(-8)}`).join('\n');
  await page.getByTestId('suppression-file').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.from(numbers) });
  const running = page.getByTestId('suppression-import-progress');
  await expect(running.getByRole('progressbar')).toBeVisible();
  // The window keeps answering while chunks go: the search box takes typing.
  await page.getByLabel('Search numbers').fill('9810');
  await expect(page.getByLabel('Search numbers')).toHaveValue('9810');
  await running.getByRole('button', { name: 'Cancel import' }).click();
  const summary = page.getByTestId('suppression-import-summary');
  await expect(summary).toContainText(/^Import of big\.txt cancelled after [\d,]+ of 100,000 numbers: [\d,]+ added/);
  const added = Number(/: ([\d,]+) added/.exec((await summary.textContent()) ?? '')?.[1]?.replaceAll(',', ''));
  expect(added).toBeGreaterThan(0);
  expect(added).toBeLessThan(100_000);
  expect(added % 5_000).toBe(0);
  await expect(page.getByTestId('suppression-count')).toHaveText(`${added.toLocaleString('en-US')} numbers`);
});
