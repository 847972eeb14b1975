import { expect, test } from './support/desk-test';

const ENTITY = '1101456789012345678';
/** A Jio-style export: BOM, CRLF, a quoted text with commas, a rejected row, an ID a spreadsheet shortened. */
const EXPORT = [
  '\uFEFFEntity ID,Template ID,Template Name,Template Type,Header,Template Content,Status',
  `${ENTITY},1107161234500000001,Diwali offer,Promotional,567890,"Hi {#var#}, Diwali offer: {#var#} off at Acme, today only.",Approved`,
  `${ENTITY},1107161234500000002,Order shipped,Transactional,ACMENR,"Dear {#var#}, your order {#var#} has shipped.",Approved`,
  `${ENTITY},1107161234500000003,OTP,Service Implicit,ACMEIN,आपका Acme OTP {#var#} है।,Approved`,
  `${ENTITY},1107161234500000004,Old,Promotional,567890,Sale {#var#},Rejected`,
  `${ENTITY},1.10716E+18,Broken,Transactional,ACMENR,Dear {#var#},Approved`,
].join('\r\n');

test('a regional team imports its DLT registry and checks a message against a template', async ({ page, desk }) => {
  await desk.open();
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: 'Sandbox · AcmeNorth (sub-account)' });
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'DLT (India)' }).click();
  await expect(page.getByText('No template yet')).toBeVisible();

  await page.locator('input[type="file"]').setInputFiles({ name: 'jio-templates.csv', mimeType: 'text/csv', buffer: Buffer.from(EXPORT, 'utf8') });
  const report = page.getByTestId('dlt-import-report');
  await expect(report).toContainText('3 added, 0 updated, 1 skipped, 1 refused.');
  await expect(report).toContainText('only approved templates can be used');
  await expect(report).toContainText('shortened by a spreadsheet');
  await expect(page.getByTestId('dlt-templates').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByLabel('Entity ID (PE ID)')).toHaveValue(ENTITY);

  await page.getByLabel('Template', { exact: true }).selectOption('1107161234500000002');
  const message = page.getByLabel('Message', { exact: true });
  await message.fill('Dear Ananya Venkataraman Subramanian Iyer, your order 4471 has shipped.');
  const result = page.getByTestId('dlt-check-result');
  await expect(result).toContainText('Does not match');
  await expect(result).toContainText('Variable 1 holds 36 characters; a variable may hold at most 30.');
  await expect(page.getByTestId('dlt-check-highlight').locator('mark')).toHaveText(['n Iyer']);
  await message.fill('Dear Ananya, your order 4471 was shipped.');
  await expect(page.getByTestId('dlt-check-highlight').locator('mark')).toHaveText(['w']);
  await expect(result).toContainText('"w" differs from the registered text "h".');
  await message.fill('Dear Ananya, your order 4471 has shipped.');
  await expect(result).toContainText('Matches: operators will accept this text under template 1107161234500000002.');

  // A header of the wrong shape is refused on its field, with what to fix.
  const headers = page.getByRole('region', { name: 'Headers (sender IDs)' });
  await headers.getByLabel('Header', { exact: true }).fill('ACMEIN');
  await headers.getByLabel('Category', { exact: true }).selectOption('promotional');
  await headers.getByRole('button', { name: 'Add header' }).click();
  await expect(headers.getByRole('alert').filter({ hasText: 'A promotional header is 6 digits' })).toBeVisible();
  await headers.getByLabel('Header', { exact: true }).fill('500123');
  await headers.getByRole('button', { name: 'Add header' }).click();
  await expect(page.getByTestId('dlt-headers')).toContainText('500123');
});

test('the sandbox profile switches to the documented API only and back', async ({ page, desk }) => {
  await desk.open();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const row = page.getByTestId('profile-row').filter({ hasText: 'AcmeNorth' });
  await row.getByLabel('Documented API only').check();
  await expect(row.getByRole('status')).toContainText('Now served only what Kaleyra documents');
  await expect(row.getByLabel('Documented API only')).toBeChecked();
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: 'Sandbox · AcmeNorth (sub-account)' });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  await page.getByTestId('profile-row').filter({ hasText: 'AcmeNorth' }).getByLabel('Documented API only').uncheck();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'AcmeNorth' }).getByRole('status')).toContainText('everything the sandbox offers');
});
