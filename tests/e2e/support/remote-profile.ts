import { expect, type Page } from '@playwright/test';

/** An account on a sandbox (or any Kaleyra-like API) at its own address, as the Profiles form asks for it. */
export interface RemoteAccount {
  profileName: string;
  baseUrl: string;
  sid: string;
  apiKey: string;
}

/** Opens Profiles and fills the form for a custom-region account, without submitting it. */
export async function fillRemoteProfileForm(page: Page, account: RemoteAccount): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles' }).click();
  await page.getByLabel('Profile name').fill(account.profileName);
  await page.getByLabel('Region').selectOption('custom');
  await page.getByLabel('Base URL').fill(account.baseUrl);
  await page.getByLabel('Account SID').fill(account.sid);
  await page.getByLabel('API key', { exact: true }).fill(account.apiKey);
}

/**
 * Adds the account as a profile, switches to it (the menu names it with its role) and waits until
 * it is online.
 */
export async function addRemoteProfileAndSwitch(page: Page, account: RemoteAccount & { menuLabel: string }): Promise<void> {
  await fillRemoteProfileForm(page, account);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('profile-row').filter({ hasText: account.profileName })).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Profile', exact: true }).selectOption({ label: account.menuLabel });
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'online');
}
