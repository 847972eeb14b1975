import { expect, test } from './support/desk-test';
import { workbookOfRows } from '../bench/gen/audience-xlsx';
import { switchToRegionalTeam } from './support/regional-team';
import { screenshot } from './support/screenshots';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** As the team keeps it in Excel: phones typed as numbers or text, a bad row, a duplicate. */
const STORES = [
  ['Mobile', 'First Name', 'Language', 'Time zone', 'Store'],
  ['919810000001', 'Asha', 'hi', 'Asia/Kolkata', 'Pune'],
  ['+12125550100', 'Bob', 'en', 'America/New_York', 'NYC'],
  ['+447400123456', 'Clare', 'en', '', 'London'],
  ['12', 'Short', 'en', '', ''],
  ['+919810000001', 'Asha again', 'hi', 'Asia/Kolkata', 'Pune'],
];

test('a regional team imports an Excel workbook through the file picker and reads the report', async ({ page, desk }) => {
  await desk.open();
  await switchToRegionalTeam(page);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
  await page.getByRole('button', { name: 'Import your first audience' }).click();
  await expect(page.getByTestId('audience-drop-zone')).toContainText('Excel (.xlsx)');

  // An old .xls is refused with what to do instead; the flow stays on the file step.
  await page.getByLabel('Choose a file…').setInputFiles({
    name: 'stores.xls',
    mimeType: 'application/vnd.ms-excel',
    buffer: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(512).fill(0)]),
  });
  await expect(page.getByRole('alert')).toContainText('save it as an Excel Workbook (.xlsx)');

  await page
    .getByLabel('Choose a file…')
    .setInputFiles({ name: 'north-stores.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(workbookOfRows(STORES, 'North')) });
  await expect(page.getByTestId('preview-summary')).toContainText('north-stores.xlsx');
  await expect(page.getByTestId('preview-summary')).toContainText('Excel workbook, sheet “North”');
  await screenshot(page, 'xlsx-1-mapping');
  await expect(page.getByTestId('mapping-row')).toHaveCount(5);
  await expect(page.getByLabel('Use of Mobile')).toHaveValue('phone');
  await expect(page.getByLabel('Use of First Name')).toHaveValue('name');
  await expect(page.getByLabel('Use of Time zone')).toHaveValue('zone');
  await expect(page.getByLabel('Field name for Store')).toHaveValue('store');
  // The phone stored as a number shows as the digits typed, not 9.1981E+11.
  await expect(page.getByTestId('mapping-row').first()).toContainText('919810000001');
  await page.getByLabel('Audience name').fill('North stores');
  await page.getByRole('button', { name: 'Import', exact: true }).click();

  const report = page.getByTestId('audience-report').first();
  await expect(report).toBeVisible();
  await expect(report.getByTestId('count-total')).toContainText('5');
  await expect(report.getByTestId('count-valid')).toContainText('3');
  await expect(report.getByTestId('count-invalid')).toContainText('1');
  await expect(report.getByTestId('count-duplicate')).toContainText('1');
  await expect(report.getByTestId('issue-row')).toHaveCount(2);
  await screenshot(page, 'xlsx-2-report');

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('audience-row')).toHaveCount(1);
  await expect(page.getByTestId('audience-row')).toContainText('ready');
  await expect(page.getByTestId('recipients-count')).toHaveText('3 recipients');
  await expect(page.getByTestId('recipient-row').first()).toContainText('+919810000001');
});
