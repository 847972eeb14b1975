import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { DateTime } from 'luxon';
import { importAnotherAudience, importAudience, launchCampaignNow, switchToRegionalTeam, writeEnglishMessage } from './support/regional-team';
import { screenshot } from './support/screenshots';

const csvOf = (phones: readonly string[]) =>
  ['Phone,First Name,Language,Time zone', ...phones.map((phone, index) => `${phone},Guest${index},en,Asia/Kolkata`), ''].join('\r\n');

/** Messaged by the first campaign, then in the second audience too. */
const MESSAGED = ['+919810000105', '+919810000115'];
/** Opts out after the second audience was imported. */
const OPTS_OUT = '+919810000225';
const AUTUMN = [...MESSAGED, '+919810000125'];
const WINTER = [...MESSAGED, '+919810000205', '+919810000215', OPTS_OUT];

const saved = (page: Page) => expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

test('a regional team throttles a campaign, caps how often people hear from them, and sees who is left out before launching', async ({ page, desk }) => {
  test.setTimeout(120_000);
  await desk.open();
  await switchToRegionalTeam(page);

  // Yesterday's campaign reached three people.
  await importAudience(page, { name: 'Autumn', fileName: 'autumn.csv', csv: csvOf(AUTUMN), valid: 3 });
  await launchCampaignNow(page, { name: 'Autumn sale', audienceLabel: 'Autumn (3)', body: 'Autumn sale: 20% off.', recipients: 3 });
  await expect(page.getByTestId('monitor-requests')).toContainText('1 of 1 accepted', { timeout: 30_000 });

  // Today's audience overlaps it; one of its numbers opts out after the import.
  await importAnotherAudience(page, { name: 'Winter', fileName: 'winter.csv', csv: csvOf(WINTER), valid: 5 });
  await page.getByText('Suppression list').click();
  await page.getByLabel('Numbers to suppress (one per line)').fill(OPTS_OUT);
  await page.getByRole('button', { name: 'Add to the list' }).click();
  await expect(page.getByTestId('suppression-count')).toHaveText('1 numbers');

  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: '← All campaigns' }).click();
  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Winter sale');
  await page.keyboard.press('Enter');
  await writeEnglishMessage(page, { audienceLabel: 'Winter (5)', body: 'Winter sale: 30% off.' });

  // --- Schedule: tomorrow 20:59 in India at one message a minute runs into the 21:00 quiet hours.
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await page.getByRole('radio', { name: /At a local time in each recipient/ }).check();
  const tomorrow = DateTime.local().plus({ days: 1 }).toISODate() ?? '';
  await page.getByLabel("Date (each recipient's local date)").fill(tomorrow);
  await page.getByLabel('Send time (local)').fill('20:59');
  const throttle = page.getByLabel('Throttle (messages per minute, optional)');
  await expect(throttle).toBeEnabled();
  await throttle.fill('1');
  await page.getByLabel('Frequency cap (hours, optional)').fill('24');
  await saved(page);

  // Three are left out (one suppressed, two messaged yesterday): the two others go one a minute.
  await expect(page.getByTestId('plan-excluded')).toHaveText('1 on the suppression list and 2 messaged in the last 24 h are left out.');
  const wave = page.getByTestId('wave-row');
  await expect(wave).toHaveCount(1);
  await expect(wave.getByTestId('wave-spread')).toHaveText('20:59–21:00');
  await expect(wave).toHaveAttribute('data-late', 'true');
  await expect(wave).toContainText('raise the throttle or pick an earlier time');
  await expect(page.getByTestId('timeline-spread')).toHaveCount(1);
  await expect(page.getByTestId('budget-panel').getByTestId('launch-blocker')).toContainText('The throttle spreads the Asia/Kolkata wave into quiet hours');
  await screenshot(page, 'guard-rails-1-throttle-into-quiet-hours');

  // An earlier time fits: 10:00–10:01.
  await page.getByLabel('Send time (local)').fill('10:00');
  await saved(page);
  await expect(wave.getByTestId('wave-spread')).toHaveText('10:00–10:01');
  await expect(wave).not.toHaveAttribute('data-late', 'true');

  // --- Budget and launch: the same figures, then in the confirmation.
  await page.getByRole('tab', { name: 'Budget and launch' }).click();
  const panel = page.getByTestId('budget-panel').last();
  await expect(panel.getByTestId('budget-left-out').locator('li[data-reason="suppressed"]')).toHaveAttribute('data-count', '1');
  await expect(panel.getByTestId('budget-left-out').locator('li[data-reason="frequency_cap"]')).toHaveAttribute('data-count', '2');
  await page.getByRole('button', { name: 'Review and launch…' }).click();
  const dialog = page.getByTestId('launch-dialog');
  await expect(dialog.getByTestId('confirm-recipients')).toHaveText('2');
  await expect(dialog.getByTestId('confirm-left-out').locator('li[data-reason="suppressed"]')).toHaveAttribute('data-count', '1');
  await expect(dialog.getByTestId('confirm-left-out').locator('li[data-reason="frequency_cap"]')).toHaveAttribute('data-count', '2');
  await expect(dialog.getByTestId('confirm-throttle')).toContainText('1 message per minute');
  await expect(dialog.getByTestId('confirm-first')).toContainText('10:00–10:01 local');
  await screenshot(page, 'guard-rails-2-confirm-excluded-and-throttle');
  await dialog.getByRole('button', { name: 'Launch to 2 recipients' }).click();
  await expect(page.getByTestId('monitor')).toBeVisible();
  await expect(page.getByTestId('monitor-recipients')).toContainText('2');
  await expect(page.getByTestId('monitor-requests')).toContainText('2 of 2 accepted', { timeout: 30_000 });
});
