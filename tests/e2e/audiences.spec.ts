import { readFileSync } from 'node:fs';
import { expect, test } from './support/desk-test';
import { keepDownload } from './support/downloads';

const AUDIENCE_CSV = [
  'Phone,First Name,Language,Time zone,City',
  '98100 00001,Asha,hi,,"Pune, MH"',
  '+1 212 555 0100,Bob,en,,NYC',
  '=1+2,Carl,en,,X',
  '9810000001,Asha again,hi,,Pune',
  '+4915112345678,Dora,de,,"Berlin\nMitte"',
  '+4915112345679,Emil,de,Europe/Berlin,Berlin',
  '12,Short,en,,',
  '+12125550101,Fay,en,Asia/Calcutta,NYC',
  '',
].join('\r\n');

test('import a CSV with bad rows, read the report, download the invalid rows, filter the recipients', async ({ page, desk }) => {
  await desk.open();
  await page.getByRole('button', { name: 'Audiences' }).click();
  await expect(page.getByTestId('audiences-empty')).toBeVisible();

  // Bob answered STOP earlier: on the suppression list, his row is reported as opted out.
  await page.getByText('Suppression list').click();
  await page.getByLabel('Numbers to suppress (one per line)').fill('+1 212 555 0100');
  await page.getByRole('button', { name: 'Add to the list' }).click();
  await expect(page.getByTestId('suppression-count')).toHaveText('1 numbers');

  // Keyboard: the empty state's button opens the import flow.
  await page.getByRole('button', { name: 'Import your first audience' }).focus();
  await page.keyboard.press('Enter');
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'spring-sale.csv', mimeType: 'text/csv', buffer: Buffer.from(AUDIENCE_CSV) });

  await expect(page.getByTestId('preview-summary')).toContainText('spring-sale.csv');
  await expect(page.getByTestId('preview-summary')).toContainText('UTF-8 · comma-separated');
  await expect(page.getByTestId('mapping-row')).toHaveCount(5);
  await expect(page.getByLabel('Use of Phone')).toHaveValue('phone');
  await expect(page.getByLabel('Use of Time zone')).toHaveValue('zone');
  await expect(page.getByLabel('Field name for City')).toHaveValue('city');
  await page.getByLabel('Audience name').fill('Spring sale');
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const report = page.getByTestId('audience-report').first();
  await expect(report).toBeVisible();
  await expect(report.getByTestId('count-total')).toContainText('8');
  await expect(report.getByTestId('count-valid')).toContainText('4');
  await expect(report.getByTestId('count-opted_out')).toContainText('1');
  await expect(report.getByTestId('count-invalid')).toContainText('2');
  await expect(report.getByTestId('count-duplicate')).toContainText('1');
  await expect(report.getByTestId('count-zone_ambiguous')).toContainText('1');
  await expect(report.getByTestId('zone-sources')).toContainText('time-zone column 2 · phone prefix 0 · country 1 · not found 1');
  await expect(report.getByTestId('issue-row')).toHaveCount(5);

  const downloading = page.waitForEvent('download');
  await report.getByRole('button', { name: /Download invalid rows/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('Spring-sale-invalid-rows.csv');
  const csv = readFileSync(await keepDownload(download), 'utf8');
  expect(csv.trim().split('\r\n')).toEqual([
    'row,problem,value,code,reason',
    expect.stringMatching(/^4,invalid,'=1\+2,PHONE_/),
    expect.stringMatching(/^8,invalid,12,PHONE_TOO_SHORT,/),
  ]);

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('audience-row')).toHaveCount(1);
  await expect(page.getByTestId('audience-row')).toContainText('ready');
  const rows = page.getByTestId('recipient-row');
  await expect(page.getByTestId('recipients-count')).toHaveText('4 recipients');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('+919810000001');

  await page.getByLabel('Time zone').selectOption('Asia/Kolkata');
  await expect(page.getByTestId('recipients-count')).toHaveText('2 recipients');
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Country').selectOption('US');
  await page.getByLabel('Time zone').selectOption('Asia/Kolkata');
  await expect(page.getByTestId('recipients-count')).toHaveText('1 recipient');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Fay');
  await expect(rows.first()).toContainText('column');

  await page.getByLabel('Country').selectOption('');
  await expect(page.getByTestId('recipients-count')).toHaveText('4 recipients');
  await page.getByLabel('Search recipients').fill('dora');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('ambiguous: Europe/Berlin, Europe/Zurich');
});

test('the recipients table jumps to the end of a long audience and reads the rows there', async ({ page, desk }) => {
  const rows = 20_000;
  const lines = ['phone,name'];
  for (let i = 0; i < rows; i++) lines.push(`+91981${String(i).padStart(7, '0')},Person ${i}`);
  await desk.open();
  await page.getByRole('button', { name: 'Audiences' }).click();
  await page.getByRole('button', { name: 'Import audience…' }).click();
  await page.getByLabel('Choose a file…').setInputFiles({ name: 'long.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByTestId('count-valid').first()).toContainText('20,000');
  await page.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByTestId('recipients-count')).toHaveText('20,000 recipients');
  const scroller = page.getByTestId('recipients-scroll');
  // Only what is on screen exists in the page, however long the audience.
  expect(await page.getByTestId('recipient-row').count()).toBeLessThan(100);
  await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(page.getByTestId('recipient-row').filter({ hasText: 'Person 19999' })).toBeVisible();
  await scroller.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
  await expect(page.getByTestId('recipient-row').filter({ hasText: /^10002\s*\+919810010000\s*Person 10000/ })).toBeVisible();
});
