import { expect, test } from './support/desk-test';
import { customerName } from '../support/many-subaccounts';
import { createAcmeCustomers } from './support/acme-customers';
import { freshDataDir } from './support/browser-host';
import { readSandbox } from './support/sandbox-truth';
import { screenshot } from './support/screenshots';

/** The sandbox's ledger: the recharges each account received after its initial credit. */
function rechargesOf(dataDir: string, sid: string): number[] {
  const rows = readSandbox(
    dataDir,
    (db) =>
      db.prepare(`SELECT amount_minor AS amount FROM ledger WHERE account_sid = ? AND kind = 'allocation' ORDER BY rowid`).all(sid) as Array<{
        amount: number;
      }>,
  );
  return rows.slice(1).map((row) => row.amount);
}

const CUSTOMERS = 40;
const EACH_MINOR = 2_500_00;

test('a parent selects every sub-account matching a search, recharges them after one confirmation and reads a result per account', async ({ page, desk }) => {
  const dataDir = freshDataDir();
  const host = await desk.startHost({ dataDir });
  if (!host.sandboxUrl) throw new Error('the browser host runs no sandbox');
  const created = await createAcmeCustomers(host, { count: CUSTOMERS, creditMinor: () => 1_00 });
  await page.goto(host.openUrl);
  await page.keyboard.press('Control+Shift+S');
  await expect(page.getByText(`Select all ${CUSTOMERS + 3}`, { exact: true })).toBeVisible();

  // "Tea" matches 4 of the customers: 4 × ₹2,500 is more than the parent's ₹7,410 left.
  const teaShops = created.filter((_, index) => customerName(index).startsWith('Tea '));
  expect(teaShops).toHaveLength(4);
  await page.getByLabel('Search').fill('Tea');
  await expect(page.getByText('Select all 4 matching')).toBeVisible();
  await page.getByText('Select all 4 matching').click();
  await expect(page.getByTestId('selected-count')).toHaveText('4 selected');
  await page.getByRole('button', { name: 'Recharge selected…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Recharge 4 sub-accounts' });
  await dialog.getByLabel('Amount for each account (INR)').fill('2,500');
  await dialog.getByRole('button', { name: 'Review…' }).click();
  await expect(dialog.getByTestId('bulk-total')).toHaveText('₹10,000.00');
  await expect(dialog.getByTestId('bulk-confirmation')).toContainText('The parent cannot cover every account');
  await screenshot(page, 'bulk-01-confirmation');
  await dialog.getByRole('button', { name: 'Confirm: recharge 4 for ₹10,000.00' }).click();

  // The sandbox's ledger decides who was recharged; the dialog must say the same, account by account.
  await expect(dialog.getByTestId('bulk-summary')).toContainText('2 done · 2 refused');
  const recharged = teaShops.filter((shop) => rechargesOf(dataDir, shop.sid).length > 0);
  expect(recharged).toHaveLength(2);
  for (const shop of teaShops) {
    const row = dialog.getByTestId('bulk-result-row').and(page.locator(`[data-sid="${shop.sid}"]`));
    const done = recharged.includes(shop);
    await expect(row).toHaveAttribute('data-outcome', done ? 'done' : 'refused');
    if (done) await expect(row).toContainText('₹2,501.00');
    else await expect(row).toContainText(/balance/i);
  }
  await screenshot(page, 'bulk-02-results');

  // Trying the refused again cannot charge the done ones twice (nor, without money, the others).
  await dialog.getByRole('button', { name: 'Try the 2 refused again' }).click();
  await expect(dialog.getByTestId('bulk-summary')).toContainText('2 done · 2 refused');
  for (const shop of teaShops) expect(rechargesOf(dataDir, shop.sid)).toEqual(recharged.includes(shop) ? [EACH_MINOR] : []);
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByTestId('subaccount-row').filter({ hasText: recharged[0]!.name })).toContainText('₹2,501.00');
});

test('a parent creates sub-accounts from a CRM export and reads what happened to every row', async ({ page, desk }) => {
  const dataDir = freshDataDir();
  await desk.open({ dataDir });
  await expect(page.getByTestId('subaccount-row')).toHaveCount(3);

  // A Spanish CRM's export: BOM, semicolons, its own column names, amounts as people type them.
  const rows: Array<{ cells: string; created: boolean; why?: RegExp }> = [
    { cells: 'Tienda Pune 1;ventas@tienda-pune.example;in;₹250', created: true },
    { cells: 'Kopi Jurong 2;owner@kopi-jurong.example;SG;1,500.00', created: true },
    { cells: 'Souk Deira 3;souk.deira@gmail.com;AE;100', created: false, why: /business/i },
    { cells: 'AcmeNorth;north2@acme-retail.example;IN;100', created: false, why: /already|taken|unique/i },
    { cells: 'Tienda Pune 1;otra@tienda-pune.example;IN;100', created: false, why: /already|taken|unique/i },
    { cells: 'Baeckerei Koeln 4;info@baeckerei-koeln.example;XX;100', created: false, why: /country/i },
    { cells: 'Padaria Recife 5;contato@padaria-recife.example;BR;abc', created: false, why: /not an amount/i },
    { cells: 'Warung Bandung 6;halo@warung-bandung.example;GB;75.5', created: true },
  ];
  const csv = `\uFEFFNombre;Correo electrónico;País;Crédito\r\n${rows.map((row) => row.cells).join('\r\n')}\r\n`;
  await page.getByRole('button', { name: 'Create from file…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create sub-accounts from a file' });
  await dialog.getByLabel('File').setInputFiles({ name: 'clientes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await expect(dialog.getByTestId('file-create-summary')).toContainText('8 rows · 3 ready · 5 not created');
  await screenshot(page, 'file-create-01-report');
  await dialog.getByRole('button', { name: 'Confirm: create 3 sub-accounts with ₹1,825.50 of credit' }).click();
  await expect(dialog.getByTestId('file-create-summary')).toContainText('3 created · 0 refused');

  const remote = readSandbox(
    dataDir,
    (db) =>
      db.prepare('SELECT name, email, country_iso_code AS country FROM accounts WHERE parent_sid IS NOT NULL').all() as Array<{
        name: string;
        email: string;
        country: string;
      }>,
  );
  for (const [index, row] of rows.entries()) {
    const [name, email, country] = row.cells.split(';');
    const line = index + 2;
    const reportRow = dialog.getByTestId('file-row').and(page.locator(`[data-line="${line}"]`));
    await expect(reportRow).toHaveAttribute('data-state', row.created ? 'created' : 'problem');
    if (row.why) await expect(reportRow).toContainText(row.why);
    expect(
      remote.some((account) => account.name === name && account.email === email && account.country === country?.toUpperCase()),
      `line ${line}`,
    ).toBe(row.created);
  }
  await screenshot(page, 'file-create-02-done');
  await dialog.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByTestId('subaccount-row')).toHaveCount(6);
});

test('printing the sub-accounts prints every matching row, not only those the virtualised table has on screen', async ({ page, desk, context }) => {
  const dataDir = freshDataDir();
  const host = await desk.startHost({ dataDir });
  if (!host.sandboxUrl) throw new Error('the browser host runs no sandbox');
  await createAcmeCustomers(host, { count: 60, creditMinor: () => 1_00 });
  await context.addInitScript(`window.printRequests = 0; window.print = () => { window.printRequests += 1; };`);
  await page.goto(host.openUrl);
  await page.keyboard.press('Control+Shift+S');
  await expect(page.getByText('Select all 63', { exact: true })).toBeVisible();
  expect(await page.getByTestId('subaccount-row').count()).toBeLessThan(63);
  await page.getByRole('button', { name: 'Print…' }).click();
  await expect.poll(() => page.evaluate('window.printRequests')).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-report-row')).toHaveCount(63);
  await expect(page.getByTestId('subaccount-row').first()).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  // A search narrows the printout to what matches: "Kiosk" is every twelfth customer.
  await page.getByRole('button', { name: 'Close' }).click();
  await page.getByLabel('Search').fill('Kiosk');
  await expect(page.getByText('Select all 5 matching')).toBeVisible();
  await page.getByRole('button', { name: 'Print…' }).click();
  await expect(page.getByTestId('print-report-row')).toHaveCount(5);
});
