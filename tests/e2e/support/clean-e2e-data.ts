import { rmSync } from 'node:fs';
import { E2E_DATA_ROOT } from './browser-host';

/** Playwright global setup: each run starts without the data folders of the previous one. */
export default function cleanE2eData(): void {
  rmSync(E2E_DATA_ROOT, { recursive: true, force: true });
}
