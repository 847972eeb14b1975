import { expect, test } from './support/desk-test';
import { expectAccessible } from './support/expect-accessible';
import { importAudience, sectionButton, sendNowAsTransactional, switchToRegionalTeam, THREE_COUNTRY_CSV, writeEnglishMessage } from './support/regional-team';

/**
 * axe-core over every screen and dialog, in the light and the dark theme (the OS setting, through
 * Playwright's colorScheme): zero serious or critical violations, colour contrast included.
 */
for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });

    test(`every parent screen and dialog has no serious accessibility violation (${colorScheme})`, async ({ page, desk }) => {
      test.setTimeout(120_000);
      await desk.open();
      const north = page.getByTestId('subaccount-row').filter({ hasText: 'AcmeNorth' });
      await expect(north).toBeVisible();
      await expectAccessible(page, 'Sub-accounts');

      await page.getByRole('button', { name: 'New sub-account' }).click();
      const create = page.getByRole('dialog', { name: 'New sub-account' });
      await create.getByLabel('Name', { exact: true }).fill('acmenorth');
      await create.getByLabel('Business e-mail').fill('east@');
      await create.getByLabel('Business e-mail').blur();
      await expect(create.locator('.field-error').first()).toBeVisible();
      await expectAccessible(page, 'New sub-account dialog with refusals');
      await create.getByRole('button', { name: 'Cancel' }).click();

      await north.getByRole('button', { name: 'Edit AcmeNorth' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page, 'Edit dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await north.getByRole('button', { name: 'Recharge or withdraw AcmeNorth' }).click();
      const credit = page.getByRole('dialog');
      await expect(credit.getByTestId('subaccount-balance')).toBeVisible();
      await credit.getByLabel(/^Withdraw/).check();
      await credit.getByLabel('Amount (INR)').fill('999999');
      await expect(credit.locator('.field-error')).toBeVisible();
      await expectAccessible(page, 'Recharge / withdraw dialog with a refusal');
      await credit.getByRole('button', { name: 'Cancel' }).click();

      await north.getByRole('button', { name: 'Suspend AcmeNorth' }).click();
      const suspend = page.getByRole('dialog', { name: 'Suspend AcmeNorth?' });
      await expect(suspend).toBeVisible();
      await expectAccessible(page, 'Suspend dialog');
      // The dialog keeps focus inside while tabbing either way, and gives it back to its opener.
      for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
        await page.keyboard.press(key);
        expect(await suspend.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
      }
      await page.keyboard.press('Escape');
      await expect(suspend).toBeHidden();
      await expect(north.getByRole('button', { name: 'Suspend AcmeNorth' })).toBeFocused();

      await north.getByRole('button', { name: 'Delete AcmeNorth' }).click();
      await expect(page.getByRole('dialog', { name: 'Delete AcmeNorth?' }).getByTestId('balance-destination')).toBeVisible();
      await expectAccessible(page, 'Delete dialog');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

      await sectionButton(page, 'Credits history').click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, 'Credits history');

      await sectionButton(page, 'Spend').click();
      await expect(page.getByTestId('spend-total-actual')).toBeVisible();
      await expectAccessible(page, 'Spend');

      await sectionButton(page, 'Audiences').click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, 'Audiences (parent)');

      await sectionButton(page, 'Profiles').click();
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expectAccessible(page, 'Profiles');
    });

    test(`every regional-team screen, step and dialog has no serious accessibility violation (${colorScheme})`, async ({ page, desk }) => {
      test.setTimeout(150_000);
      await desk.open();
      await switchToRegionalTeam(page);
      await expect(page.getByTestId('campaigns-empty')).toBeVisible();
      await expectAccessible(page, 'Campaigns (empty)');

      await importAudience(page, { name: 'Sweep', fileName: 'sweep.csv', csv: THREE_COUNTRY_CSV, valid: 3 });
      await expectAccessible(page, 'Audiences with one audience');
      await page.getByRole('button', { name: 'Import audience…' }).click();
      await expectAccessible(page, 'Import panel');
      await page.getByRole('button', { name: 'Close' }).click();

      await sectionButton(page, 'Campaigns').click();
      await page.getByRole('button', { name: 'New campaign' }).click();
      await expectAccessible(page, 'New campaign form');
      await page.getByLabel('Campaign name').fill('Sweep');
      await page.keyboard.press('Enter');
      await writeEnglishMessage(page, { audienceLabel: 'Sweep (3)', body: 'Hi {{name|there}}, our \u201Cwinter\u201D sale \u2014 today \u{1F389}' });
      await page.getByLabel('Language of a new variant').fill('hi');
      await page.keyboard.press('Enter');
      await page.getByTestId('variant').nth(1).getByLabel('hi message').fill('नमस्ते {{name|ग्राहक}}');
      await expect(page.getByTestId('unicode-language')).toBeVisible();
      await expectAccessible(page, 'Message step (non-GSM list, Unicode note, preview)');

      await sendNowAsTransactional(page);
      await expectAccessible(page, 'Schedule step');

      await page.getByRole('tab', { name: 'Budget and launch' }).click();
      await expect(page.getByTestId('budget-panel')).toBeVisible();
      await expectAccessible(page, 'Budget and launch step');
      await page.getByRole('button', { name: 'Send a test…' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectAccessible(page, 'Test send dialog');
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Review and launch…' }).click();
      const launch = page.getByTestId('launch-dialog');
      await expect(launch).toBeVisible();
      await expectAccessible(page, 'Launch confirmation');
      await launch.getByRole('button', { name: 'Launch to 3 recipients' }).click();

      await expect(page.getByTestId('monitor')).toBeVisible();
      await expect(page.getByTestId('progress-wave').first()).toBeVisible();
      await expectAccessible(page, 'Monitor step');

      await page.getByRole('button', { name: '← All campaigns' }).click();
      await expect(page.getByRole('button', { name: 'Sweep', exact: true })).toBeVisible();
      await expectAccessible(page, 'Campaigns list');
    });
  });
}
