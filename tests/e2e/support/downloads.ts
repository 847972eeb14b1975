import type { Download } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const KEPT = fileURLToPath(new URL('../../../test-results/e2e-downloads', import.meta.url));

/**
 * Playwright deletes downloads when their browser context closes; exported files are kept under
 * test-results instead, so the teardown's secrets scan reads them too. Returns the kept path.
 */
export async function keepDownload(download: Download): Promise<string> {
  const path = join(KEPT, `${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(path);
  return path;
}
