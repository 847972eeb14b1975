/// <reference lib="dom" />
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function electronBinary(): { path: string | null; reason: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string' && existsSync(path)) return { path, reason: '' };
    return { path: null, reason: `the Electron binary is not installed (${String(path)} is missing; its download is blocked on this machine)` };
  } catch (error) {
    return { path: null, reason: `the electron package cannot be loaded: ${error instanceof Error ? error.message : String(error)}` };
  }
}

test('Electron smoke: the window opens on the sandbox profile and lists sub-accounts', async () => {
  const binary = electronBinary();
  if (!binary.path) console.log(`Electron smoke test skipped: ${binary.reason}.`);
  test.skip(!binary.path, binary.reason);

  const app = await electron.launch({
    executablePath: binary.path!,
    args: [root],
    cwd: root,
    env: { ...process.env, CAMPAIGN_DESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'campaign-desk-electron-')) },
  });
  const page = await app.firstWindow();
  await expect(page.getByTestId('active-profile')).toContainText('Sandbox');
  await expect(page.getByTestId('subaccount-row').first()).toBeVisible();
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
  // New windows and navigation away are refused by the main process.
  expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
  expect(app.windows()).toHaveLength(1);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await expect(page.getByTestId('active-profile')).toContainText('Sandbox');
  expect(page.url()).toMatch(/^app:\/\/campaign-desk\//);
  await app.close();
});
