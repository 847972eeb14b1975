/**
 * Two desktops of the AcmeNorth team share one workspace: two browser hosts, each with its own
 * data folder (its own SQLite file), both on AcmeNorth's account of one standalone sandbox, each
 * joined under its own login to a throwaway PostgreSQL cluster. A draft written on one appears on
 * the other by itself; a concurrent edit made while both are offline shows the conflict chooser
 * with both versions, and choosing settles it on both desktops.
 */
import { type Browser, type Page } from '@playwright/test';
import pg from 'pg';
import { type Desk } from './support/desk-test';
import { expectAccessible } from './support/expect-accessible';
import { addRemoteProfileAndSwitch } from './support/remote-profile';
import { createTeamWorkspace, expect, joinWorkspace, startRemoteAcme, test } from './support/team-workspace';

let admin: pg.Client | null = null;
test.afterEach(async () => {
  await admin?.end();
  admin = null;
});

interface Desktop {
  page: Page;
  login: string;
}

async function openDesktop(
  browser: Browser,
  desk: Desk,
  account: { sid: string; apiKey: string; baseUrl: string },
  workspace: { url: string; login: string; password: string },
): Promise<Desktop> {
  const host = await desk.startHost();
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  await page.goto(host.openUrl);
  await addRemoteProfileAndSwitch(page, { profileName: 'Acme North', menuLabel: 'Acme North (sub-account)', ...account });
  await joinWorkspace(page, { address: workspace.url, login: workspace.login, password: workspace.password });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Campaigns' }).click();
  return { page, login: workspace.login };
}

const campaignRow = (desktop: Desktop, name: string) => desktop.page.getByTestId('campaign-row').filter({ hasText: name });
const openCampaign = (desktop: Desktop, name: string) => campaignRow(desktop, name).getByRole('button', { name, exact: true }).click();

async function renameOpenDraft(desktop: Desktop, name: string): Promise<void> {
  await desktop.page.getByLabel('Campaign name').fill(name);
  await expect(desktop.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

test('two desktops of one team: a draft written on one appears on the other; a concurrent edit shows the conflict chooser and choosing settles it; deleting asks first', async ({
  browser,
  desk,
  postgres,
}) => {
  test.setTimeout(180_000);
  const { cluster, remote, parent, north } = await startRemoteAcme(postgres, desk);
  const member = (roleName: string, displayName: string) =>
    ({ roleName, displayName, organisationId: parent.sid, kind: 'subaccount_member', subaccountSid: north.sid, subaccountName: 'AcmeNorth' }) as const;
  const workspace = await createTeamWorkspace(cluster, 'acme_team', {
    organisation: { id: parent.sid, name: 'Acme Retail' },
    members: [member('nils_north', 'Nils Åberg'), member('noor_north', 'Noor Haddad')],
  });
  // The owner's connection, kept open to take logins away and read what the workspace holds.
  admin = new pg.Client({ connectionString: workspace.adminUrl });
  await admin.connect();
  const url = workspace.address;
  const account = { sid: north.sid, apiKey: north.apiKey, baseUrl: remote.url };
  const laptop = await openDesktop(browser, desk, account, { url, login: 'nils_north', password: workspace.passwords['nils_north']! });
  const office = await openDesktop(browser, desk, account, { url, login: 'noor_north', password: workspace.passwords['noor_north']! });

  // Written on the laptop: it appears in the office's list by itself (pushed after the save, the office woken by the workspace).
  await laptop.page
    .getByRole('button', { name: /New campaign|Draft your first campaign/ })
    .first()
    .click();
  await laptop.page.getByLabel('Campaign name').fill('Ramadan Kareem 🌙 عروض رمضان');
  await laptop.page.keyboard.press('Enter');
  await laptop.page.getByLabel('Language of a new variant').fill('ar');
  await laptop.page.keyboard.press('Enter');
  await laptop.page
    .getByTestId('variant')
    .first()
    .getByLabel('ar message')
    .fill('مرحباً، عروض رمضان بدأت! خصم ٢٥٪ حتى نهاية الأسبوع. أرسل STOP لإلغاء الاشتراك.');
  await expect(laptop.page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect(campaignRow(office, 'Ramadan Kareem 🌙 عروض رمضان')).toHaveCount(1, { timeout: 30_000 });

  await openCampaign(office, 'Ramadan Kareem 🌙 عروض رمضان');
  await expect(office.page.getByTestId('shared-campaign-banner')).toContainText('Last change by Nils Åberg');
  await expect(office.page.getByTestId('variant').first().getByLabel('ar message')).toHaveValue(/عروض رمضان بدأت/);

  // Both lose the workspace and edit the same draft.
  await admin.query('ALTER ROLE nils_north NOLOGIN; ALTER ROLE noor_north NOLOGIN');
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ('nils_north', 'noor_north')");
  await renameOpenDraft(laptop, 'Ramadan offer — laptop');
  await renameOpenDraft(office, 'Ramadan offer — office');

  // The office comes back first: its edit lands in the workspace.
  await admin.query('ALTER ROLE noor_north LOGIN');
  await expect
    .poll(async () => (await admin!.query<{ name: string }>("SELECT name FROM desk.campaigns WHERE name LIKE 'Ramadan offer%'")).rows[0]?.name, {
      timeout: 60_000,
    })
    .toBe('Ramadan offer — office');

  // Then the laptop: its push meets the office's revision; the open editor shows both versions.
  await admin.query('ALTER ROLE nils_north LOGIN');
  const chooser = laptop.page.getByTestId('conflict-chooser');
  await expect(chooser).toBeVisible({ timeout: 60_000 });
  await expect(chooser.getByRole('group', { name: 'Your version (this desktop)' })).toContainText('Ramadan offer — laptop');
  await expect(chooser.getByRole('group', { name: "Noor Haddad's version (team workspace)" })).toContainText('Ramadan offer — office');
  await expect(chooser.getByRole('group', { name: 'Your version (this desktop)' })).toContainText('Nils Åberg');
  // Nothing was overwritten meanwhile.
  expect((await admin.query<{ name: string }>("SELECT name FROM desk.campaigns WHERE name LIKE 'Ramadan offer%'")).rows).toEqual([
    { name: 'Ramadan offer — office' },
  ]);
  await expect(laptop.page.getByLabel('Campaign name')).toHaveValue('Ramadan offer — laptop');
  for (const colorScheme of ['light', 'dark'] as const) {
    await laptop.page.emulateMedia({ colorScheme });
    await expectAccessible(laptop.page, `the conflict chooser (${colorScheme})`, '[data-testid="conflict-chooser"]');
  }
  await expectAccessible(laptop.page, 'the shared draft banner', '[data-testid="shared-campaign-banner"]');

  // The list marks it too.
  await laptop.page.getByRole('button', { name: '← All campaigns' }).click();
  await expect(campaignRow(laptop, 'Ramadan offer — laptop').getByTestId('conflict-badge')).toBeVisible();
  await expectAccessible(laptop.page, 'the campaign list with a conflict (dark)', '[aria-label="Campaigns"]');
  await laptop.page.emulateMedia({ colorScheme: 'light' });
  await expectAccessible(laptop.page, 'the campaign list with a conflict (light)', '[aria-label="Campaigns"]');
  await openCampaign(laptop, 'Ramadan offer — laptop');

  // Keyboard only: "Keep mine" shares the laptop's version on top of the office's.
  await chooser.getByRole('button', { name: 'Keep mine' }).focus();
  await laptop.page.keyboard.press('Enter');
  await expect(chooser).toHaveCount(0);
  await expect
    .poll(async () => (await admin!.query<{ name: string }>("SELECT name FROM desk.campaigns WHERE name LIKE 'Ramadan offer%'")).rows[0]?.name, {
      timeout: 30_000,
    })
    .toBe('Ramadan offer — laptop');
  // The office, which had nothing pending, receives it in its open editor.
  await expect(office.page.getByLabel('Campaign name')).toHaveValue('Ramadan offer — laptop', { timeout: 30_000 });
  await expect(office.page.getByTestId('shared-campaign-banner')).toContainText('Last change by Nils Åberg');

  // A second concurrent edit, settled the other way: "Take theirs" replaces the laptop's draft with the office's.
  await admin.query('ALTER ROLE nils_north NOLOGIN; ALTER ROLE noor_north NOLOGIN');
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename IN ('nils_north', 'noor_north')");
  await renameOpenDraft(laptop, 'Ramadan offer — laptop, again');
  await renameOpenDraft(office, 'Ramadan offer — office, final');
  await admin.query('ALTER ROLE noor_north LOGIN');
  await expect
    .poll(async () => (await admin!.query<{ name: string }>("SELECT name FROM desk.campaigns WHERE name LIKE 'Ramadan offer%'")).rows[0]?.name, {
      timeout: 60_000,
    })
    .toBe('Ramadan offer — office, final');
  await admin.query('ALTER ROLE nils_north LOGIN');
  await expect(chooser).toBeVisible({ timeout: 60_000 });
  await chooser.getByRole('button', { name: 'Take theirs' }).focus();
  await laptop.page.keyboard.press('Enter');
  await expect(chooser).toHaveCount(0);
  await expect(laptop.page.getByLabel('Campaign name')).toHaveValue('Ramadan offer — office, final');
  await expect(office.page.getByLabel('Campaign name')).toHaveValue('Ramadan offer — office, final');
  await laptop.page.getByRole('button', { name: '← All campaigns' }).click();
  await expect(campaignRow(laptop, 'Ramadan offer — office, final').getByTestId('conflict-badge')).toHaveCount(0);

  // Deleting the shared draft asks first and says it leaves the team's desktops too; it then leaves the laptop's list.
  await office.page.getByRole('button', { name: '← All campaigns' }).click();
  const question = new Promise<string>((resolve) =>
    office.page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    }),
  );
  await office.page.getByRole('button', { name: 'Delete Ramadan offer — office, final' }).click();
  expect(await question).toContain("leaves your teammates' desktops too");
  await expect(campaignRow(laptop, 'Ramadan offer — office, final')).toHaveCount(0, { timeout: 30_000 });
  expect((await admin.query<{ status: string }>("SELECT status FROM desk.campaigns WHERE name LIKE 'Ramadan offer%'")).rows).toEqual([{ status: 'cancelled' }]);
});
