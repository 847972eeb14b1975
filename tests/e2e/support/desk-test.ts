import { test as base } from '@playwright/test';
import { freshDataDir, startHost, type RunningHost } from './browser-host';
import { startStandaloneSandbox, type StandaloneSandbox } from './standalone-sandbox';

/** What an e2e test starts beside its Chromium page; all of it is stopped when the test ends, passed or failed. */
export interface Desk {
  /** Starts the built browser host on `dataDir` (a fresh folder unless given) and opens the app in the test's page. */
  open(options?: { dataDir?: string; hostArgs?: string[] }): Promise<RunningHost>;
  /** Starts the browser host without opening the app, for a test that prepares the page or the data first. */
  startHost(options?: { dataDir?: string; hostArgs?: string[] }): Promise<RunningHost>;
  /** Starts a standalone sandbox, the "remote" Kaleyra a profile can point at. */
  startSandbox(): Promise<StandaloneSandbox>;
}

/**
 * Playwright's `test` with a `desk` fixture. A test may stop (or kill) a host itself to restart on
 * the same data folder: stopping an exited process again is harmless.
 */
export const test = base.extend<{ desk: Desk }>({
  desk: async ({ page }, use) => {
    const hosts: RunningHost[] = [];
    const sandboxes: StandaloneSandbox[] = [];
    const startTrackedHost: Desk['startHost'] = async ({ dataDir = freshDataDir(), hostArgs = [] } = {}) => {
      const host = await startHost(dataDir, hostArgs);
      hosts.push(host);
      return host;
    };
    await use({
      startHost: startTrackedHost,
      async open(options) {
        const host = await startTrackedHost(options);
        await page.goto(host.openUrl);
        return host;
      },
      async startSandbox() {
        const sandbox = await startStandaloneSandbox();
        sandboxes.push(sandbox);
        return sandbox;
      },
    });
    // The app first, then the sandbox it may still be talking to.
    for (const host of hosts.reverse()) await host.stop();
    for (const sandbox of sandboxes.reverse()) await sandbox.stop();
  },
});

export { expect } from '@playwright/test';
