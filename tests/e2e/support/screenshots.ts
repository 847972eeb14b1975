import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

/**
 * With E2E_SCREENSHOTS=1, each step a walkthrough names is saved as a full-page PNG in
 * E2E_SCREENSHOTS_DIR (default /tmp/shots) for people to review; otherwise nothing is written.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['E2E_SCREENSHOTS'] !== '1') return;
  const dir = process.env['E2E_SCREENSHOTS_DIR'] ?? '/tmp/shots';
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
