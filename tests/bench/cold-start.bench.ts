/**
 * Cold start of the browser host to the first rendered sub-account list: from spawning the built
 * host (embedded sandbox, SQLite store, first pull) until Chromium shows the first row. Chromium
 * is launched beforehand so its own start-up is not counted. `node build/scripts/build.mjs` first.
 */
import { chromium, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { summarize } from './support/stats';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 5);

async function oneRun(browser: Browser, dataDir: string): Promise<{ readyMs: number; firstRowsMs: number }> {
  const page = await browser.newPage();
  const started = performance.now();
  const child = spawn(process.execPath, ['dist/browser-host/browser-host.mjs', '--data', dataDir, '--ready-json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const ready = await new Promise<{ openUrl: string }>((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as { openUrl: string });
    });
  });
  const readyMs = performance.now() - started;
  await page.goto(ready.openUrl);
  await page.getByTestId('subaccount-row').first().waitFor();
  const firstRowsMs = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  await page.close();
  return { readyMs, firstRowsMs };
}

const browser = await chromium.launch(chromiumLaunchOptions);
const fresh: Array<{ readyMs: number; firstRowsMs: number }> = [];
const warm: Array<{ readyMs: number; firstRowsMs: number }> = [];
for (let i = 0; i < runs; i++) {
  const dataDir = mkdtempSync(join(tmpdir(), 'desk-cold-'));
  fresh.push(await oneRun(browser, dataDir));
  warm.push(await oneRun(browser, dataDir));
}
await browser.close();

console.log(`cold start, browser host → first rendered list (${runs} runs, median [min–max])`);
console.log(
  `  first start (new data folder, sandbox seeded): host ready ${summarize(fresh.map((r) => r.readyMs))} ms, ` +
    `first rows ${summarize(fresh.map((r) => r.firstRowsMs))} ms`,
);
console.log(
  `  restart (existing data folder):               host ready ${summarize(warm.map((r) => r.readyMs))} ms, ` +
    `first rows ${summarize(warm.map((r) => r.firstRowsMs))} ms`,
);
