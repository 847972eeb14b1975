import { expect, test } from './support/desk-test';
import { freshDataDir } from './support/browser-host';
import { fillRemoteProfileForm } from './support/remote-profile';

test('switching to the sub-account profile hides the parent screens', async ({ page, desk }) => {
  await desk.open();
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

test('adding an account checks the key first and shows the refusal on the key field', async ({ page, desk }) => {
  const remote = await desk.startSandbox();
  const parent = remote.accounts.find((a) => a.billing === 'postpaid')!;
  await desk.open();
  await fillRemoteProfileForm(page, { profileName: 'Globex US', baseUrl: remote.url, sid: parent.sid, apiKey: 'definitely-wrong-key' });
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

test('a parent sets its request budget: out-of-range values are refused where they are typed, and the setting stays after a restart', async ({
  page,
  desk,
}) => {
  const dataDir = freshDataDir();
  let host = await desk.open({ dataDir });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  const row = page.getByTestId('profile-row').first();
  const name = (await row.locator('strong').first().textContent()) ?? '';
  await row.getByRole('button', { name: `Request budget of ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Request budget of ${name}` });
  await expect(dialog.getByLabel('Background share (%)')).toHaveValue('20');
  await expect(dialog.getByTestId('request-budget-summary')).toHaveText('Background work may use 10,000 requests per 5 min.');
  await dialog.getByLabel('Background share (%)').fill('80');
  await expect(dialog.getByText('The background share is at most 50')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled();
  await dialog.getByLabel('Background share (%)').fill('5');
  await dialog.getByLabel('Rate limit (requests)').fill('6,000');
  await dialog.getByLabel('Per (minutes)').fill('1');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByTestId('request-budget-summary')).toContainText('Saved: background work keeps to 300 requests per 1 min');

  await host.stop();
  host = await desk.open({ dataDir });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  await page
    .getByTestId('profile-row')
    .first()
    .getByRole('button', { name: `Request budget of ${name}` })
    .click();
  const again = page.getByRole('dialog', { name: `Request budget of ${name}` });
  await expect(again.getByLabel('Rate limit (requests)')).toHaveValue('6000');
  await expect(again.getByLabel('Background share (%)')).toHaveValue('5');
  await again.getByRole('button', { name: 'Back to the defaults' }).click();
  await expect(again.getByLabel('Background share (%)')).toHaveValue('20');
});
