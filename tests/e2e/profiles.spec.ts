import { expect, test } from '@playwright/test';
import { freshDataDir, startHost, type RunningHost } from './support/browser-host';
import { startStandaloneSandbox, type StandaloneSandbox } from './support/standalone-sandbox';

let host: RunningHost | null = null;
let remote: StandaloneSandbox | null = null;
test.afterEach(async () => {
  await host?.stop();
  await remote?.stop();
  host = null;
  remote = null;
});

test('switching to the sub-account profile hides the parent screens', async ({ page }) => {
  host = await startHost(freshDataDir());
  await page.goto(host.openUrl);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('button', { name: 'Sub-accounts' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: 'Sandbox · AcmeNorth (sub-account)' });
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
  await expect(nav.getByRole('button', { name: 'Sub-accounts' })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: 'Profiles' })).toBeVisible();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
  // A regional team sees its own assigned budget, pulled from the API.
  await expect(page.getByTestId('billing-badge')).toHaveText('Balance ₹2,000.00');

  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: 'Sandbox · Globex Corporation (parent)' });
  await expect(page.getByTestId('billing-badge')).toContainText('this month');
  await nav.getByRole('button', { name: 'Sub-accounts' }).click();
  await expect(page.getByTestId('subaccount-row').filter({ hasText: 'GlobexEurope' })).toHaveCount(1);
});

test('adding an account checks the key first and shows the refusal on the key field', async ({ page }) => {
  remote = await startStandaloneSandbox();
  const parent = remote.accounts.find((a) => a.billing === 'postpaid')!;
  host = await startHost(freshDataDir());
  await page.goto(host.openUrl);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();

  await page.getByLabel('Profile name').fill('Globex US');
  await page.getByLabel('Region').selectOption('custom');
  await page.getByLabel('Base URL').fill(remote.url);
  await page.getByLabel('Account SID').fill(parent.sid);
  await page.getByLabel('API key', { exact: true }).fill('definitely-wrong-key');
  await page.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'refused this SID and key' })).toBeVisible();
  await expect(page.getByTestId('profile-row')).toHaveCount(3);

  await page.getByLabel('API key', { exact: true }).fill(parent.apiKey);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Profile “Globex US” added' })).toBeVisible();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Globex US' })).toContainText('Parent account');
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: 'Globex US (parent)' });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
});
