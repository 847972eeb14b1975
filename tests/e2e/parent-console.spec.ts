import type { Locator, Page } from '@playwright/test';
import type { RunningHost } from './support/browser-host';
import { expect, test, type Desk } from './support/desk-test';
import { readFileSync } from 'node:fs';
import { keepDownload } from './support/downloads';
import { importAudience, launchCampaignNow, switchToRegionalTeam } from './support/regional-team';
import { screenshot } from './support/screenshots';

// Sandbox seed (sandbox/domain/seed.ts): Acme Retail is a prepaid INR parent with ₹7,450.00 left
// after funding AcmeNorth (₹2,000), AcmeSouth (₹500) and the suspended AcmeWest (₹50); Globex is
// a postpaid USD parent (limit $5,000, $300 used) whose sub-accounts must use @globex.example.

const shot = (page: Page, name: string) => screenshot(page, `parent-${name}`);

async function openApp(page: Page, desk: Desk): Promise<RunningHost> {
  const host = await desk.open();
  await expect(page.getByTestId('subaccount-row')).toHaveCount(3);
  return host;
}

const row = (page: Page, name: string) => page.getByTestId('subaccount-row').filter({ hasText: name });
/** A field's error is part of its accessible description (with its hint): what a screen reader says with it. */
const field = (dialog: Locator, label: string) => dialog.getByLabel(label, { exact: true });

/** The platform's code is never read out with the message: it sits in the field's folded "Details" only. */
async function expectCodeInDetails(dialog: Locator, label: string, code: string): Promise<void> {
  await expect(field(dialog, label)).not.toHaveAccessibleDescription(new RegExp(code));
  const container = dialog.locator('.field').filter({ has: dialog.page().getByLabel(label, { exact: true }) });
  await expect(container.locator('.field-error')).not.toContainText(code);
  await expect(container.getByTestId('error-details')).toContainText(code);
}

test('a prepaid parent sees the platform’s refusals as it types, then creates an assigned sub-account', async ({ page, desk }) => {
  await openApp(page, desk);
  await page.getByRole('button', { name: 'New sub-account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New sub-account' });
  await expect(dialog.getByTestId('parent-funds')).toContainText('₹7,450.00');

  await dialog.getByLabel('Name', { exact: true }).fill('acmenorth');
  await dialog.getByLabel('Business e-mail').fill('east@');
  await dialog.getByLabel('Business e-mail').blur();
  await expectCodeInDetails(dialog, 'Name', 'SBX-NAME-TAKEN');
  await expect(field(dialog, 'Business e-mail')).toHaveAccessibleDescription(/not a valid e-mail address/);
  await expectCodeInDetails(dialog, 'Business e-mail', 'SBX-EMAIL-INVALID');
  await dialog.getByLabel('Country').selectOption('IN');

  await dialog.getByLabel(/^Shared usage/).check();
  await expect(dialog.locator('fieldset .field-error')).toHaveAttribute('data-code', 'RBC2348');
  await expect(dialog.locator('fieldset .field-error')).not.toContainText('RBC2348');
  await expect(dialog.locator('fieldset').getByTestId('error-details')).toContainText('RBC2348');
  await shot(page, '01-create-refusals');
  await dialog.getByLabel(/^Assigned budget/).check();
  await expect(dialog.locator('fieldset .field-error')).toHaveCount(0);

  await dialog.getByLabel('Initial credit (INR)').fill('8000');
  await dialog.getByLabel('Initial credit (INR)').blur();
  await expectCodeInDetails(dialog, 'Initial credit (INR)', 'RBC2317');
  await expect(field(dialog, 'Initial credit (INR)')).toHaveAccessibleDescription(/₹7,450\.00/);

  // The desktop cannot know another parent's sub-account owns this address: the platform says so, on the field.
  await dialog.getByLabel('Name', { exact: true }).fill('AcmeEast');
  await dialog.getByLabel('Business e-mail').fill('europe@globex.example');
  await dialog.getByLabel('Initial credit (INR)').fill('1000');
  await expect(dialog.locator('.field-error')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create sub-account' }).click();
  await expectCodeInDetails(dialog, 'Business e-mail', 'SBX-EMAIL-TAKEN');
  await shot(page, '02-create-api-refusal');

  await dialog.getByLabel('Business e-mail').fill('east@acme-retail.example');
  await expect(dialog.getByLabel('Business e-mail', { exact: true })).toHaveAttribute('aria-invalid', 'false');
  await dialog.getByRole('button', { name: 'Create sub-account' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('console-notice')).toContainText('AcmeEast created (active) with ₹1,000.00.');
  await expect(row(page, 'AcmeEast')).toContainText('east@acme-retail.example');
  await expect(row(page, 'AcmeEast').getByTestId('subaccount-funds')).toHaveText('₹1,000.00');
  await expect(page.getByRole('button', { name: 'New sub-account' })).toBeFocused();
  await shot(page, '03-created');
});

test('recharge and withdraw go through a confirmation; suspend, activate; delete needs the name typed; the credits history exports', async ({ page, desk }) => {
  await openApp(page, desk);
  const north = row(page, 'AcmeNorth');
  const northSid = await north.getAttribute('data-sid');

  await north.getByRole('button', { name: 'Recharge or withdraw AcmeNorth' }).click();
  const credit = page.getByRole('dialog', { name: /Recharge or withdraw/ });
  await expect(credit.getByTestId('subaccount-balance')).toHaveText('₹2,000.00');
  await expect(credit.getByTestId('parent-available')).toContainText('₹7,450.00');
  await credit.getByLabel('Amount (INR)').fill('250');
  await credit.getByRole('button', { name: 'Review…' }).click();
  await expect(credit.getByTestId('credit-confirmation')).toContainText('₹2,000.00 → ₹2,250.00');
  await expect(credit.getByTestId('credit-confirmation')).toContainText('₹7,450.00 → ₹7,200.00');
  await shot(page, '04-recharge-confirm');
  await credit.getByRole('button', { name: 'Confirm recharge of ₹250.00' }).click();
  await expect(credit).toBeHidden();
  await expect(north.getByTestId('subaccount-funds')).toHaveText('₹2,250.00');

  await north.getByRole('button', { name: 'Recharge or withdraw AcmeNorth' }).click();
  await expect(credit.getByTestId('subaccount-balance')).toHaveText('₹2,250.00');
  await credit.getByLabel(/^Withdraw/).check();
  await credit.getByLabel('Amount (INR)').fill('3000');
  // The refusal says what to fix; the sandbox's code is only in the folded details.
  await expect(credit.locator('.field-error')).toContainText('cannot take it below zero');
  await expectCodeInDetails(credit, 'Amount (INR)', 'SBX-WITHDRAWAL-EXCEEDS-BALANCE');
  await expect(credit).not.toContainText(/SBX-|RBC\d/, { useInnerText: true });
  await credit.getByLabel('Amount (INR)').fill('200');
  await credit.getByRole('button', { name: 'Review…' }).click();
  await credit.getByRole('button', { name: 'Confirm withdrawal of ₹200.00' }).click();
  await expect(credit).toBeHidden();
  await expect(north.getByTestId('subaccount-funds')).toHaveText('₹2,050.00');

  // Suspending asks first and says what follows; cancelling changes nothing.
  await north.getByRole('button', { name: 'Suspend AcmeNorth' }).click();
  const suspend = page.getByRole('dialog', { name: 'Suspend AcmeNorth?' });
  await expect(suspend.getByTestId('suspend-consequences')).toContainText('refuses every new message from AcmeNorth');
  await expect(suspend.getByTestId('suspend-consequences')).toContainText('already accepted for a later time are not cancelled');
  await expect(suspend.getByRole('button', { name: 'Suspend AcmeNorth' })).toBeFocused();
  await suspend.getByRole('button', { name: 'Cancel' }).click();
  await expect(suspend).toBeHidden();
  await expect(north.getByRole('button', { name: 'Suspend AcmeNorth' })).toBeFocused();
  await expect(north.getByTestId('subaccount-status')).toHaveText('active');
  await north.getByRole('button', { name: 'Suspend AcmeNorth' }).click();
  await suspend.getByRole('button', { name: 'Suspend AcmeNorth' }).click();
  await expect(suspend).toBeHidden();
  await expect(north.getByTestId('subaccount-status')).toHaveText('suspended');
  await expect(page.getByTestId('console-notice')).toContainText('the platform refuses its sends');
  await shot(page, '05-suspended');
  await north.getByRole('button', { name: 'Activate AcmeNorth' }).click();
  await expect(north.getByTestId('subaccount-status')).toHaveText('active');

  const south = row(page, 'AcmeSouth');
  await south.getByRole('button', { name: 'Delete AcmeSouth' }).click();
  const remove = page.getByRole('dialog', { name: 'Delete AcmeSouth?' });
  await expect(remove.getByTestId('balance-destination')).toContainText('remaining balance of ₹500.00 returns to the parent account');
  const confirmDelete = remove.getByRole('button', { name: 'Delete AcmeSouth' });
  await expect(confirmDelete).toBeDisabled();
  await remove.getByLabel('Type AcmeSouth to confirm').fill('AcmeSout');
  await expect(confirmDelete).toBeDisabled();
  await remove.getByLabel('Type AcmeSouth to confirm').fill('AcmeSouth');
  await shot(page, '06-delete-confirm');
  await confirmDelete.click();
  await expect(remove).toBeHidden();
  await expect(page.getByTestId('console-notice')).toContainText('AcmeSouth deleted. ₹500.00 went back to');
  await expect(page.getByTestId('console-notice')).toContainText('Account deleted successfully!');
  await expect(south.getByTestId('subaccount-status')).toHaveText('deleted');
  await expect(south.getByRole('button')).toHaveCount(0);
  // Money moved, so the parent's own balance is pulled again: 7,450 − 250 + 200 + 500.
  await expect(page.getByRole('banner')).toContainText('₹7,900.00');

  await page.getByRole('button', { name: 'Credits history' }).click();
  const entries = page.getByTestId('credit-row');
  await expect(entries).toHaveCount(3);
  await expect(entries.nth(0)).toContainText('Returned on deletion');
  await expect(entries.nth(0)).toContainText('−₹500.00');
  await expect(entries.nth(1)).toContainText('Withdrawal');
  await expect(entries.nth(1)).toContainText('−₹200.00');
  await expect(entries.nth(2)).toContainText('Recharge');
  await expect(entries.nth(2)).toContainText('+₹250.00');
  await shot(page, '07-credits-history');

  await page.getByLabel('Sub-account').selectOption(northSid!);
  await expect(entries).toHaveCount(2);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = readFileSync(await keepDownload(await download), 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(csv[0]).toBe('Date (UTC),Sub-account,SID,Movement,Amount,Currency,Balance after,Recorded by');
  expect(csv.slice(1, 3).map((line) => line.split(',').slice(1).join(','))).toEqual([
    expect.stringMatching(/^AcmeNorth,\w+,Withdrawal,-200\.00,INR,2050\.00,this desktop$/),
    expect.stringMatching(/^AcmeNorth,\w+,Recharge,250\.00,INR,2250\.00,this desktop$/),
  ]);

  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await page.getByLabel('To', { exact: true }).fill(day);
  await page.getByLabel('From', { exact: true }).fill(day);
  await expect(page.getByText('No credit movements in this period.')).toBeVisible();
});

test('a postpaid parent creates a shared sub-account within its monthly limit', async ({ page, desk }) => {
  await openApp(page, desk);
  await page.getByLabel('Profile').selectOption('sandbox-postpaid');
  await expect(row(page, 'GlobexEurope')).toHaveCount(1);

  await page.getByRole('button', { name: 'New sub-account' }).click();
  const dialog = page.getByRole('dialog', { name: 'New sub-account' });
  await expect(dialog.getByTestId('parent-funds')).toContainText('postpaid: $4,700.00 is left of its $5,000.00 monthly limit');
  await dialog.getByLabel('Name', { exact: true }).fill('GlobexAfrica');
  await dialog.getByLabel('Business e-mail').fill('africa@globex.example');
  await dialog.getByLabel('Country').selectOption('US');
  await dialog.getByLabel(/^Shared usage/).check();
  await dialog.getByLabel('Monthly usage limit (USD)').fill('500.50');
  await dialog.getByLabel('Monthly usage limit (USD)').blur();
  await expectCodeInDetails(dialog, 'Monthly usage limit (USD)', 'RBC2332');
  await dialog.getByLabel('Monthly usage limit (USD)').fill('500');
  await shot(page, '08-create-shared');
  await dialog.getByRole('button', { name: 'Create sub-account' }).click();
  await expect(dialog).toBeHidden();
  const shared = row(page, 'GlobexAfrica');
  await expect(shared).toContainText('Shared usage');
  await expect(shared.getByTestId('subaccount-funds')).toContainText('$0.00 of $500.00 this month');
  await expect(shared.getByRole('button', { name: 'Recharge or withdraw GlobexAfrica' })).toHaveCount(0);

  await shared.getByRole('button', { name: 'Edit GlobexAfrica' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit GlobexAfrica' });
  await expect(edit.getByLabel('Monthly usage limit (USD)')).toHaveValue('500');
  await expect(edit.getByText('E-mail alert')).toHaveCount(0);
  await edit.getByLabel('Monthly usage limit (USD)').fill('750');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(edit).toBeHidden();
  await expect(shared.getByTestId('subaccount-funds')).toContainText('$0.00 of $750.00 this month');
  await shot(page, '09-shared-created');

  // Keyboard: focus stays inside the dialog, Esc closes it, and focus goes back to what opened it.
  const editButton = shared.getByRole('button', { name: 'Edit GlobexAfrica' });
  await editButton.click();
  await expect(edit.getByLabel('Name', { exact: true })).toBeFocused();
  for (let step = 0; step < 8; step++) await page.keyboard.press('Tab');
  await expect(edit.locator(':focus')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
  await expect(editButton).toBeFocused();
});

test('a sub-account profile never reaches the parent screens, and the main process refuses its calls', async ({ page, desk }) => {
  const host = await openApp(page, desk);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(nav.getByRole('button', { name: 'Credits history' })).toBeVisible();

  await page.getByLabel('Profile').selectOption('sandbox-sub');
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
  await expect(nav.getByRole('button', { name: 'Sub-accounts' })).toHaveCount(0);
  await expect(nav.getByRole('button', { name: 'Credits history' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Sub-accounts' })).toHaveCount(0);
  await shot(page, '10-subaccount-profile');

  // What the renderer hides, the main process refuses: the same calls, straight to the host.
  const token = new URL(host.openUrl).hash.replace('#token=', '');
  const send = (name: string, payload: unknown) =>
    page.request.post(new URL(`/api/call/${name}`, host.url).href, { headers: { 'x-desk-token': token }, data: payload });
  for (const [name, payload] of [
    ['subaccounts.list', {}],
    ['subaccounts.parentFunds', {}],
    ['subaccounts.creditHistory', {}],
    ['subaccounts.suspend', { sid: 'ANY_1' }],
    ['subaccounts.recharge', { sid: 'ANY_1', amountMinor: 100 }],
  ] as const) {
    const answer = (await (await send(name, payload)).json()) as { ok: boolean; error?: { code: string } };
    expect(answer, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
  }

  await page.getByLabel('Profile').selectOption('sandbox');
  await expect(page.getByTestId('subaccount-row')).toHaveCount(3);
  await expect(row(page, 'AcmeSouth').getByTestId('subaccount-status')).toHaveText('active');
});

test('a suspended sub-account’s campaign is refused by the platform until the parent activates it again', async ({ page, desk }) => {
  test.setTimeout(90_000);
  await openApp(page, desk);
  await row(page, 'AcmeNorth').getByRole('button', { name: 'Suspend AcmeNorth' }).click();
  await page.getByRole('dialog', { name: 'Suspend AcmeNorth?' }).getByRole('button', { name: 'Suspend AcmeNorth' }).click();
  await expect(row(page, 'AcmeNorth').getByTestId('subaccount-status')).toHaveText('suspended');

  // The regional team of AcmeNorth drafts and launches a small campaign (see campaigns.spec.ts for the full flow).
  await switchToRegionalTeam(page);
  const csv = ['Phone,First Name,Language,Time zone', '+919810000011,Asha,en,Asia/Kolkata', '+919810000012,Ravi,en,Asia/Kolkata', ''].join('\r\n');
  await importAudience(page, { name: 'North regulars', fileName: 'north.csv', csv, valid: 2 });
  await launchCampaignNow(page, { name: 'North sale', audienceLabel: 'North regulars (2)', body: 'North sale: 20% off today', recipients: 2 });

  await expect(page.getByTestId('blocked-reason')).toContainText('suspended');
  await expect(page.getByTestId('monitor-status')).toHaveText('paused');
  await shot(page, '11-suspended-send-refused');

  const nav = page.getByRole('navigation', { name: 'Sections' });
  await page.getByLabel('Profile').selectOption('sandbox');
  await nav.getByRole('button', { name: 'Sub-accounts' }).click();
  await row(page, 'AcmeNorth').getByRole('button', { name: 'Activate AcmeNorth' }).click();
  await expect(row(page, 'AcmeNorth').getByTestId('subaccount-status')).toHaveText('active');
  await page.getByLabel('Profile').selectOption('sandbox-sub');
  await nav.getByRole('button', { name: 'Campaigns' }).click();
  await page.getByRole('button', { name: 'North sale', exact: true }).click();
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('blocked-reason')).toHaveCount(0);
  await expect(page.getByTestId('monitor-status')).not.toHaveText('paused');
});
