import { expect, test } from './support/desk-test';
import { DateTime } from 'luxon';
import { messyAudience, messyTruth } from '../support/messy-audience';
import { openNewCampaign, switchToRegionalTeam, sendNowAsTransactional } from './support/regional-team';
import { screenshot } from './support/screenshots';

test(
  'a regional team imports a messy multi-country CRM export: every number keeps its country, ' +
    'every person gets 10:00 on their own clock, every row is accounted for',
  async ({ page, desk }) => {
    test.setTimeout(180_000);
    const file = messyAudience();
    const truth = messyTruth(file);
    await desk.open();
    await switchToRegionalTeam(page);

    // --- Import: the Country column is recognised, the row count is exact once the file is read.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
    await page.getByRole('button', { name: 'Import your first audience' }).click();
    await page.getByLabel('Choose a file…').setInputFiles({ name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(file.csv) });
    await expect(page.getByTestId('preview-summary')).toContainText(`${truth.totalRows} rows`);
    await expect(page.getByTestId('preview-summary')).not.toContainText('about');
    await expect(page.getByLabel('Use of Mobile')).toHaveValue('phone');
    await expect(page.getByLabel('Use of Country')).toHaveValue('country');
    await expect(page.getByLabel('Use of Preferred Language')).toHaveValue('language');
    await expect(page.getByTestId('country-mapping-hint')).toBeVisible();
    await page.getByLabel(/^Default country/).fill(file.defaultCountry);
    await page.getByLabel('Audience name').fill('CRM export');
    await screenshot(page, 'multi-country-1-mapping');
    await page.getByRole('button', { name: 'Import', exact: true }).click();

    // --- The report's counts are the file's truth.
    const report = page.getByTestId('audience-report').first();
    await expect(report.getByTestId('count-total')).toContainText(String(truth.totalRows));
    await expect(report.getByTestId('count-valid')).toContainText(String(truth.validRows));
    await expect(report.getByTestId('count-invalid')).toContainText(String(truth.invalidRows));
    await expect(report.getByTestId('count-duplicate')).toContainText(String(truth.duplicateRows));
    await expect(report.getByTestId('country-sources')).toContainText("the row's Country column");
    await screenshot(page, 'multi-country-2-report');
    await page.getByRole('button', { name: 'Done' }).click();

    // --- No number changes country: the recipients per country are the file's, and so per zone.
    const countryFilter = page.getByRole('combobox', { name: 'Country' });
    for (const [country, count] of truth.byCountry) {
      await expect(countryFilter.locator(`option[value="${country}"]`)).toHaveText(`${country} (${count})`);
    }
    await expect(countryFilter.locator('option')).toHaveCount(truth.byCountry.size + 1);
    await countryFilter.selectOption('AU');
    const zoneFilter = page.getByRole('combobox', { name: 'Time zone' });
    await expect(zoneFilter.locator('option[value="Australia/Brisbane"]')).toHaveText(`Australia/Brisbane (${truth.byZone.get('Australia/Brisbane') ?? 0})`);
    await expect(zoneFilter.locator('option[value="Australia/Sydney"]')).toHaveText(`Australia/Sydney (${truth.byZone.get('Australia/Sydney') ?? 0})`);
    await expect(page.getByTestId('recipient-country-source').first()).toBeVisible();

    // --- A campaign at 10:00 local, two days ahead.
    await openNewCampaign(page, 'Ten everywhere');
    await page.getByLabel('Audience').selectOption({ label: `CRM export (${truth.validRows})` });
    await page.getByLabel('Sender ID').fill('ACMERT');
    await page.getByLabel('Language of a new variant').fill('en');
    await page.keyboard.press('Enter');
    await page.getByTestId('variant').first().getByLabel('en message').fill('Spring sale: 20% off today. Reply STOP to opt out.');
    await page.getByLabel('Language of a new variant').fill('hi');
    await page.getByRole('button', { name: 'Add variant' }).click();
    await page.getByTestId('variant').nth(1).getByLabel('hi message').fill('Vasant sale: aaj 20% chhoot. STOP bhejein.');
    await page.getByRole('tab', { name: 'Schedule' }).click();
    await page.getByRole('radio', { name: /At a local time in each recipient/ }).check();
    const day = DateTime.utc().plus({ days: 2 }).toISODate() ?? '';
    await page.getByLabel("Date (each recipient's local date)").fill(day);
    await page.getByLabel('Send time (local)').fill('10:00');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

    // --- Every wave holds exactly its zone's recipients, at 10:00 on their own clock.
    const waveRows = page.getByTestId('wave-row');
    await expect(waveRows).toHaveCount(truth.byZone.size);
    await expect(page.getByTestId('unscheduled')).toHaveCount(0);
    for (const [zone, count] of truth.byZone) {
      const row = page.locator(`[data-testid="wave-row"][data-zone="${zone}"]`);
      await expect(row).toHaveAttribute('data-recipients', String(count));
      await expect(row).toContainText(`${day} 10:00`);
    }
    await expect(page.locator('[data-testid="wave-row"][data-zone="Australia/Brisbane"]')).toHaveAttribute('data-recipients', '12');

    // --- The plan adds up: the headline is the sum of the waves; with the left out, it is the file.
    const accounting = page.getByTestId('plan-accounting');
    await expect(accounting).toHaveAttribute('data-in-waves', String(truth.validRows));
    await expect(accounting).toHaveAttribute('data-file-rows', String(truth.totalRows));
    await expect(accounting).toContainText(
      `${truth.validRows} in waves + ${truth.invalidRows + truth.duplicateRows} left out = ${truth.totalRows} of ${truth.totalRows} rows`,
    );
    await screenshot(page, 'multi-country-3-waves');

    await page.getByRole('tab', { name: 'Budget and launch' }).click();
    const panel = page.getByTestId('budget-panel').last();
    await expect(panel.getByTestId('budget-recipients')).toHaveText(String(truth.validRows));
    const leftOut = panel.getByTestId('budget-left-out');
    await expect(leftOut.locator('li[data-reason="invalid"]')).toHaveAttribute('data-count', String(truth.invalidRows));
    await expect(leftOut.locator('li[data-reason="duplicate"]')).toHaveAttribute('data-count', String(truth.duplicateRows));
    await expect(leftOut.locator('li')).toHaveCount(2);
    // Every destination has a price: no dead end, nothing unpriced.
    await expect(page.getByTestId('unpriced-destination')).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-fits', 'true');

    await page.getByRole('button', { name: 'Review and launch…' }).click();
    const dialog = page.getByTestId('launch-dialog');
    await expect(dialog.getByTestId('confirm-recipients')).toHaveText(String(truth.validRows));
    await expect(dialog.getByTestId('confirm-left-out').locator('li')).toHaveCount(2);
    await expect(dialog.getByTestId('confirm-accounting')).toContainText(`${truth.totalRows} of ${truth.totalRows} rows`);
    await expect(dialog.getByRole('button', { name: `Launch to ${truth.validRows} recipients` })).toBeEnabled();
    await screenshot(page, 'multi-country-4-confirm');
  },
);

test('a destination without a price is no dead end: enter a price for this campaign, or leave its recipients out and launch', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await desk.open();
  await switchToRegionalTeam(page);
  // Kosovo: a real country the sandbox's rate card has no price for.
  const csv = ['Name,Phone,Country', 'Asha,98100 11111,India', 'Ravi,98100 22222,IN', 'Arben,044 123 456,Kosovo', 'Drita,+383 44 123 457,', ''].join('\r\n');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  await page.getByRole('button', { name: 'Import your first audience' }).click();
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'balkans.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByLabel('Use of Country')).toHaveValue('country');
  await page.getByLabel('Audience name').fill('Balkans test');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('audience-report').first().getByTestId('count-valid')).toContainText('4');
  await page.getByRole('button', { name: 'Done' }).click();

  await openNewCampaign(page, 'Priced by hand');
  await page.getByLabel('Audience').selectOption({ label: 'Balkans test (4)' });
  await page.getByLabel('Sender ID').fill('ACMERT');
  await page.getByLabel('Language of a new variant').fill('en');
  await page.keyboard.press('Enter');
  await page.getByTestId('variant').first().getByLabel('en message').fill('Hello from Acme. Reply STOP to opt out.');
  await sendNowAsTransactional(page);
  await page.getByRole('tab', { name: 'Budget and launch' }).click();

  // The dead end is gone: the panel says what to do, and offers both ways.
  const panel = page.getByTestId('budget-panel').last();
  const unpriced = panel.getByTestId('unpriced-destination');
  await expect(unpriced).toHaveAttribute('data-country', 'XK');
  await expect(unpriced).toContainText('2 recipients in XK');
  await expect(panel.getByTestId('launch-blocker')).toContainText('leave those recipients out or enter a price');
  await screenshot(page, 'no-price-1-offer');

  // (b) A price for this campaign: priced, marked as entered by you, launchable.
  await unpriced.getByLabel('Price per SMS for XK').fill('4.50');
  await unpriced.getByRole('button', { name: 'Use this price' }).click();
  await expect(panel.getByTestId('unpriced-destination')).toHaveCount(0);
  await expect(panel.getByTestId('no-price-decisions')).toContainText('XK: price entered by you, 4.50 per SMS');
  await expect(page.getByTestId('cost-country').filter({ hasText: 'XK' })).toContainText('(entered by you)');
  await expect(panel.getByTestId('budget-recipients')).toHaveText('4');
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-entered-prices')).toContainText('XK 4.5 per SMS');
  await expect(dialog.getByTestId('confirm-recipients')).toHaveText('4');
  await screenshot(page, 'no-price-2-entered');
  await page.keyboard.press('Escape');

  // (a) Leave them out instead: recorded on the plan and the confirmation, then launched.
  await panel.getByTestId('no-price-decisions').getByRole('button', { name: 'Undo' }).click();
  await panel.getByTestId('unpriced-destination').getByRole('button', { name: 'Leave them out' }).click();
  await expect(panel.getByTestId('budget-left-out').locator('li[data-reason="no_price"]')).toHaveAttribute('data-count', '2');
  await expect(panel.getByTestId('budget-recipients')).toHaveText('2');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  await expect(dialog.getByTestId('confirm-left-out').locator('li[data-reason="no_price"]')).toHaveAttribute('data-count', '2');
  await expect(dialog.getByTestId('confirm-accounting')).toContainText('2 in waves + 2 left out = 4 of 4 rows');
  await dialog.getByRole('button', { name: 'Launch to 2 recipients' }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(page.getByTestId('monitor-left-out').locator('li[data-reason="no_price"]')).toHaveAttribute('data-count', '2');
  await screenshot(page, 'no-price-3-launched');
});
