import { expect, test } from './support/desk-test';
import { sendAs } from '../support/many-subaccounts';
import { createAcmeCustomers } from './support/acme-customers';
import { freshDataDir } from './support/browser-host';

test('Spend charts the top accounts and an others total, finds any account, says how fresh it is, and drops another profile’s figures at once', async ({
  page,
  desk,
}) => {
  const dataDir = freshDataDir();
  const host = await desk.startHost({ dataDir });
  if (!host.sandboxUrl) throw new Error('the browser host runs no sandbox');
  const customers = await createAcmeCustomers(host, { count: 12, creditMinor: () => 10_00 });
  // Customer i sends i + 1 messages: the ranking's order is known.
  for (const [index, customer] of customers.entries()) {
    for (let n = 0; n <= index; n++) await sendAs(host.sandboxUrl, customer, `+9198${String(30_000_000 + index * 100 + n).padStart(8, '0')}`, 'Hello');
  }
  await page.goto(host.openUrl);
  await page.keyboard.press('Control+Shift+S');
  await expect(page.getByText('Select all 15', { exact: true })).toBeVisible();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Spend' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByTestId('spend-refreshed-at')).toContainText('Figures as of');

  // 16 accounts: the ten that spent most by name (most first), then one bar for the 6 others.
  const ranks = page.getByTestId('spend-rank');
  await expect(ranks).toHaveCount(10);
  await expect(ranks.first()).toHaveAttribute('data-sid', customers[11]!.sid);
  await expect(page.getByTestId('spend-rank-others')).toContainText('6 others');
  await expect(page.getByTestId('spend-legend-others')).toContainText('8 other accounts');

  // Any account is found by name in the table, with its spend (2 messages at ₹0.25).
  await page.getByLabel('Find an account').fill(customers[1]!.name);
  await expect(page.getByTestId('spend-accounts-count')).toHaveText('1 of 16 accounts');
  await expect(page.getByTestId('spend-account-row')).toHaveAttribute('data-actual-minor', '50');

  // Another profile: the previous figures leave the screen before the new ones come.
  await page.getByLabel('Profile').selectOption('sandbox-postpaid');
  await expect(page.getByTestId('spend-account-row').and(page.locator(`[data-sid="${customers[1]!.sid}"]`))).toHaveCount(0, { timeout: 3_000 });
  await expect(page.getByTestId('spend-rank').and(page.locator(`[data-sid="${customers[11]!.sid}"]`))).toHaveCount(0, { timeout: 3_000 });
});
