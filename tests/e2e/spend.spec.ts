import type { Page } from '@playwright/test';
import { expect, test } from './support/desk-test';
import { readFileSync } from 'node:fs';
import { keepDownload } from './support/downloads';
import { freshDataDir } from './support/browser-host';
import { importAudience, launchCampaignNow, switchToRegionalTeam } from './support/regional-team';
import { screenshot } from './support/screenshots';
import { ledgerSpend, readSandbox, sandboxAccount } from './support/sandbox-truth';

// Sandbox seed: Acme Retail (prepaid, INR, IN at ₹0.25 a unit) funds AcmeNorth (₹2,000) and
// AcmeSouth (₹500, low-balance alert below ₹100). AcmeNorth is the bundled `sandbox-sub` profile.

const shot = (page: Page, name: string) => screenshot(page, `spend-${name}`);

const indianMobiles = (count: number, offset: number) =>
  Array.from({ length: count }, (_, i) => `+9197${String(10_000_000 + (offset + i) * 10 + 5).slice(-8)}`);

/** AcmeSouth's team sends with its own tool (no Campaign Desk reference): 10-unit messages, enough to cross its ₹100 alert. */
async function sendAsSouth(page: Page, dataDir: string, sandboxUrl: string): Promise<void> {
  const south = sandboxAccount(dataDir, 'AcmeSouth');
  const body = 'Monsoon offers at Acme Retail South. '.repeat(41).slice(0, 1530);
  for (const to of [indianMobiles(100, 0), indianMobiles(70, 100), ['+919720000000', '+919720000003']]) {
    const response = await page.request.post(`${sandboxUrl}/v1/${south.sid}/sms`, {
      headers: { 'api-key': south.apiKey },
      data: { to: to.join(','), sender: 'ACMESO', body },
    });
    expect(response.status()).toBe(202);
  }
}

/** AcmeNorth's regional team runs a campaign through the app (its own profile). */
async function runNorthCampaign(page: Page): Promise<void> {
  await switchToRegionalTeam(page);
  const csv = [
    'Phone,First Name,Language,Time zone',
    '+919810000015,Asha,en,Asia/Kolkata',
    '+919810000025,Ravi,en,Asia/Kolkata',
    '+919810000001,Mira,en,Asia/Kolkata',
    '',
  ].join('\r\n');
  await importAudience(page, { name: 'North regulars', fileName: 'north.csv', csv, valid: 3 });
  await launchCampaignNow(page, { name: 'North sale', audienceLabel: 'North regulars (3)', body: 'North sale: 20% off today', recipients: 3 });
  await expect(page.getByTestId('monitor-status')).toHaveText(/running|completed/);
}

test(
  'a parent sees two sub-accounts’ spend equal the sandbox ledger to the unit, ' + 'drills down, exports, prints, and is alerted',
  async ({ page, desk, context }) => {
    test.setTimeout(120_000);
    await context.grantPermissions(['notifications']);
    // Record desktop notifications instead of showing them.
    // Record desktop notifications instead of showing them (a script string: this file has no DOM types).
    await context.addInitScript({
      content: `
      window.shownNotifications = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title) { window.shownNotifications.push(title); }
      };
      window.printRequests = 0;
      window.print = () => { window.printRequests += 1; };`,
    });
    const dataDir = freshDataDir();
    const host = await desk.open({ dataDir });
    await expect(page.getByTestId('subaccount-row')).toHaveCount(3);
    const sandboxUrl = host.sandboxUrl;
    if (!sandboxUrl) throw new Error('the browser host runs no sandbox');

    await runNorthCampaign(page);
    await sendAsSouth(page, dataDir, sandboxUrl);
    const north = sandboxAccount(dataDir, 'AcmeNorth');
    const south = sandboxAccount(dataDir, 'AcmeSouth');

    await page.getByLabel('Profile').selectOption('sandbox');
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await nav.getByRole('button', { name: 'Spend' }).click();
    await expect(page.getByRole('heading', { name: 'Spend', exact: true })).toBeVisible();

    // Final statuses (and refunds of the undelivered) arrive 5 s after sending: refresh until the ledger settles and the dashboard agrees.
    const rowOf = (sid: string) => page.getByTestId('spend-account-row').and(page.locator(`[data-sid="${sid}"]`));
    await expect(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await expect(page.getByRole('button', { name: 'Refresh' })).toBeEnabled();
      const open = readSandbox(
        dataDir,
        (db) => (db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE status IN ('Sent', 'Scheduled')`).get() as { n: number }).n,
      );
      expect(open).toBe(0);
      await expect(rowOf(north.sid)).toHaveAttribute('data-actual-minor', String(ledgerSpend(dataDir, north.sid)), { timeout: 1_000 });
      await expect(rowOf(south.sid)).toHaveAttribute('data-actual-minor', String(ledgerSpend(dataDir, south.sid)), { timeout: 1_000 });
    }).toPass({ timeout: 45_000 });
    const northSpent = ledgerSpend(dataDir, north.sid);
    const southSpent = ledgerSpend(dataDir, south.sid);
    expect(northSpent).toBe(50); // two delivered of three at ₹0.25; the undelivered one refunded
    expect(southSpent).toBe(170 * 10 * 25);
    await expect(rowOf(south.sid).getByTestId('spend-actual')).toHaveText('₹425.00');
    await expect(page.getByTestId('spend-total-actual')).toContainText('₹425.50');
    await expect(page.getByTestId('spend-parent')).toContainText('₹7,450.00');
    await expect(page.getByTestId('spend-rank')).toHaveCount(4);
    expect(await page.getByTestId('spend-day').evaluateAll((days) => days.reduce((sum, day) => sum + Number(day.getAttribute('data-actual-minor')), 0))).toBe(
      northSpent + southSpent,
    );

    // AcmeSouth fell below its ₹100 threshold: listed, and raised once as a desktop notification.
    const alert = page.getByTestId('spend-alert').filter({ hasText: 'AcmeSouth' });
    await expect(alert).toHaveAttribute('data-kind', 'low_balance');
    await expect(alert).toContainText('Balance ₹75.00, below ₹100.00');
    await expect.poll(() => page.evaluate('window.shownNotifications')).toEqual(['Low balance: AcmeSouth']);
    await shot(page, '01-dashboard');

    // Every table exports as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV (per account)' }).click()]);
    const csv = readFileSync(await keepDownload(download), 'utf8');
    expect(csv).toContain(`AcmeSouth,${south.sid},assigned,active,INR,0.00,0.00,0.00`);
    expect(csv).toContain('425.00,1700,5.00');

    // Drill down: AcmeNorth → its campaign → its wave.
    await page.getByRole('button', { name: 'Campaigns of AcmeNorth' }).click();
    const campaignRow = page.getByTestId('spend-campaign-row').filter({ hasText: 'North sale' });
    await expect(campaignRow).toHaveAttribute('data-actual-minor', String(northSpent));
    await page.getByRole('button', { name: 'Waves of North sale' }).click();
    await expect(page.getByTestId('spend-wave-row')).toHaveCount(1);
    await expect(page.getByTestId('spend-wave-row')).toHaveAttribute('data-actual-minor', String(northSpent));
    await expect(page.getByTestId('spend-wave-row')).toContainText('2 / 3');
    await shot(page, '02-waves');
    const [wavesDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).last().click()]);
    expect(readFileSync(await keepDownload(wavesDownload), 'utf8')).toContain('Asia/Kolkata');
    await page.getByRole('button', { name: 'All accounts' }).click();
    await expect(page.getByTestId('spend-account-row')).toHaveCount(4);

    // The printable report: the button opens Chromium's print dialog (Save as PDF); printed, no navigation or controls.
    await page.getByRole('button', { name: 'Print / Save as PDF' }).click();
    // Every account is printed, not only the rows the virtualised table has on screen.
    await expect.poll(() => page.evaluate('window.printRequests')).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('print-report-row')).toHaveCount(4);
    await expect(page.getByTestId('spend-account-row').first()).toBeHidden();
    await expect(nav).toBeHidden();
    await expect(page.getByRole('button', { name: 'Print / Save as PDF' })).toBeHidden();
    await expect(page.locator('.spend-print-title')).toBeVisible();
    await shot(page, '03-print');
    await page.emulateMedia({ media: 'screen' });
    await expect(nav).toBeVisible();
  },
);

test('a sub-account profile never sees the Spend screen, and the main process refuses its spend calls', async ({ page, desk }) => {
  const host = await desk.open();
  const nav = page.getByRole('navigation', { name: 'Sections' });
  // A postpaid parent sees its monthly limit and its use instead of a balance.
  await page.getByLabel('Profile').selectOption('sandbox-postpaid');
  await nav.getByRole('button', { name: 'Spend' }).click();
  await expect(page.getByTestId('spend-parent')).toContainText('$300.00 used of $5,000.00');
  await page.getByLabel('Profile').selectOption('sandbox-sub');
  await expect(page.getByTestId('active-profile')).toContainText('AcmeNorth');
  await expect(nav.getByRole('button', { name: 'Spend' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Spend', exact: true })).toHaveCount(0);

  const token = new URL(host.openUrl).hash.replace('#token=', '');
  const send = (name: string, payload: unknown) =>
    page.request.post(new URL(`/api/call/${name}`, host!.url).href, { headers: { 'x-desk-token': token }, data: payload });
  const period = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', zone: 'UTC' };
  for (const [name, payload] of [
    ['spend.summary', period],
    ['spend.campaigns', { sid: 'ANY_1', period }],
    ['spend.waves', { sid: 'ANY_1', campaignId: null, period }],
  ] as const) {
    const answer = (await (await send(name, payload)).json()) as { ok: boolean; error?: { code: string } };
    expect(answer, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
  }
});
