import { expect, test } from './support/desk-test';
import { freshDataDir } from './support/browser-host';

// The bundled sandbox's prepaid demo parent and its sub-accounts (sandbox/domain/seed.ts).
const DEMO_SUBACCOUNTS = ['AcmeNorth', 'AcmeSouth', 'AcmeWest'];

test('a fresh start shows the sandbox parent’s sub-accounts, pulled into the local cache', async ({ page, desk }) => {
  await desk.open();

  await expect(page.getByTestId('active-profile')).toContainText('Sandbox · Acme Retail');
  const rows = page.getByTestId('subaccount-row');
  await expect(rows).toHaveCount(DEMO_SUBACCOUNTS.length);
  for (const name of DEMO_SUBACCOUNTS) await expect(rows.filter({ hasText: name })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'AcmeWest' })).toContainText('suspended');
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
  // The token left the address bar once the page had it.
  expect(page.url()).not.toContain('token=');
});

test('“Sync now” pulls again and the indicator shows the new time', async ({ page, desk }) => {
  await desk.open();
  const status = page.getByTestId('sync-status');
  await expect(status).toHaveAttribute('data-state', 'online');
  const before = await status.getAttribute('data-last-synced');
  expect(before).toBeTruthy();

  await page.getByRole('button', { name: 'Sync now' }).click();
  await expect(status).not.toHaveAttribute('data-last-synced', before!);
  await expect(status).toHaveAttribute('data-state', 'online');
  await expect(status).toContainText('last synced');

  // Keyboard: Ctrl+Shift+S syncs as well.
  const second = await status.getAttribute('data-last-synced');
  await page.keyboard.press('Control+Shift+S');
  await expect(status).not.toHaveAttribute('data-last-synced', second!);
});

test('search and status filters narrow the list, with an empty state when nothing matches', async ({ page, desk }) => {
  await desk.open();
  const rows = page.getByTestId('subaccount-row');
  await expect(rows).toHaveCount(DEMO_SUBACCOUNTS.length);

  await page.getByLabel('Search').fill('south');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('AcmeSouth');

  await page.getByLabel('Search').fill('');
  await page.getByLabel('Status').selectOption('suspended');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('AcmeWest');

  await page.getByLabel('Search').fill('no such account');
  await expect(page.getByText('No sub-account matches these filters.')).toBeVisible();
});

test('killing the app and starting it again keeps the cache and the profile', async ({ page, desk }) => {
  const dataDir = freshDataDir();
  let host = await desk.open({ dataDir });
  await expect(page.getByTestId('subaccount-row')).toHaveCount(DEMO_SUBACCOUNTS.length);
  const firstSync = await page.getByTestId('sync-status').getAttribute('data-last-synced');
  await host.kill();

  // Restarted with automatic pulls far apart, so what shows first comes from the SQLite cache.
  host = await desk.open({ dataDir, hostArgs: ['--no-initial-sync'] });
  await expect(page.getByTestId('subaccount-row')).toHaveCount(DEMO_SUBACCOUNTS.length);
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-last-synced', firstSync!);
  await expect(page.getByTestId('active-profile')).toContainText('Sandbox · Acme Retail');
});
