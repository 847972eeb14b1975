import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';

const profileMenu = (page: Page) => page.getByRole('combobox', { name: 'Profile', exact: true });

test('the last keystrokes of a draft are saved to its own profile when the user switches profile at once', async ({ page, desk }) => {
  test.setTimeout(90_000);
  const host = await desk.startHost();
  // The page's clock is ours: the autosave's delay can then never run out between the last
  // keystroke and the switch, however slow or fast this machine is.
  await page.clock.install();
  await page.goto(host.openUrl);
  await profileMenu(page).selectOption('sandbox-sub');
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');

  await page.getByRole('button', { name: 'New campaign' }).click();
  await page.getByLabel('Campaign name').fill('Diwali offer');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Diwali offer', level: 1 })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  // Time stands still from here: the debounced save is due but never fires on its own.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000));
  const name = page.locator('.campaign-basics').getByLabel('Campaign name');
  await name.click();
  await name.press('End');
  await name.pressSequentially(' — Mumbai & Pune, ends Sunday');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'pending');
  await profileMenu(page).selectOption({ label: 'Sandbox · Acme Retail (parent)' });
  await expect(page.getByTestId('active-profile')).toContainText('Acme Retail');
  await page.clock.resume();

  // The parent's campaigns are another set: the AcmeNorth draft is not among them.
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Campaigns' }).click();
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(page.getByTestId('campaign-row').filter({ hasText: 'Diwali offer' })).toHaveCount(0);

  await profileMenu(page).selectOption('sandbox-sub');
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
  await nav.getByRole('button', { name: 'Campaigns' }).click();
  const row = page.getByTestId('campaign-row').filter({ hasText: 'Diwali offer' });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('button', { name: 'Diwali offer — Mumbai & Pune, ends Sunday', exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'Diwali offer — Mumbai & Pune, ends Sunday', exact: true }).click();
  await expect(page.locator('.campaign-basics').getByLabel('Campaign name')).toHaveValue('Diwali offer — Mumbai & Pune, ends Sunday');
});
