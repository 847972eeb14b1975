/**
 * The parent console at ISV scale: 10,000 sub-accounts (BENCH_SCALE shrinks it) created through the
 * sandbox's API, a few of them sending.
 * - Chromium against the built browser host (its embedded sandbox): time from opening the app to
 *   the full list, the longest main-thread task while typing in the search and while scrolling
 *   (PerformanceObserver 'longtask': tasks over 50 ms), and time from opening Spend to its table.
 * - In process, through a counting proxy, on a virtual clock: requests one Spend open and one sync
 *   make, and whether a complete background refresh stays within the 20 % budget.
 * `node build/scripts/build.mjs` first (`npm run bench` does).
 */
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { freshDataDir, startHost } from '../e2e/support/browser-host';
import type { Core } from '../../electron/core/core';
import { KALEYRA_RATE_GUIDANCE } from '../../electron/core/kaleyra/request-budget';
import { startSandbox } from '../../sandbox/server';
import { startFaultProxy } from '../support/fault-proxy';
import { sendAs } from '../support/many-subaccounts';
import { createAcmeCustomers } from '../e2e/support/acme-customers';
import { VirtualClock } from '../support/virtual-clock';
import { summarize } from './support/stats';
import { takeLongTasks, watchLongTasks } from './support/long-tasks';
import { prepaidParentWithCustomers, startTestCore } from '../integration/app/support';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const ACCOUNTS = Math.max(50, Math.round(10_000 * scale));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const SENDERS_EVERY = 50;

async function inChromium() {
  const dataDir = freshDataDir();
  let host = await startHost(dataDir);
  if (!host.sandboxUrl) throw new Error('the browser host runs no sandbox');
  const creating = performance.now();
  const created = await createAcmeCustomers(host, { count: ACCOUNTS, creditMinor: () => 50, concurrency: 16 });
  console.log(`created ${ACCOUNTS.toLocaleString('en')} sub-accounts through the API in ${Math.round(performance.now() - creating)} ms`);
  for (const [index, account] of created.entries())
    if (index % SENDERS_EVERY === 0) await sendAs(host.sandboxUrl, account, `+9198${String(20_000_000 + index).padStart(8, '0')}`, 'Festive offer');
  // Restart on the same data: the first pull brings every account into the store.
  await host.stop();
  host = await startHost(dataDir);
  const total = ACCOUNTS + 3;
  const browser = await chromium.launch(chromiumLaunchOptions);
  const listReady: number[] = [];
  const typing: number[] = [];
  const scrolling: number[] = [];
  const spendReady: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const opened = performance.now();
      await page.goto(host.openUrl);
      await page.getByText(`Select all ${total.toLocaleString()}`, { exact: true }).waitFor({ timeout: 120_000 });
      listReady.push(performance.now() - opened);
      await watchLongTasks(page);
      const longest = async () => {
        await page.waitForTimeout(400);
        const tasks = await takeLongTasks(page);
        return tasks.length ? Math.max(...tasks) : 0;
      };
      await page.getByLabel('Search').pressSequentially('Kiosk Leeds', { delay: 60 });
      await page.getByText(/Select all [\d,]+ matching/).waitFor();
      await page.getByLabel('Search').fill('');
      await page.getByText(`Select all ${total.toLocaleString()}`, { exact: true }).waitFor();
      typing.push(await longest());
      const scroller = page.getByTestId('virtual-scroll');
      await scroller.hover();
      for (let step = 0; step < 40; step++) await page.mouse.wheel(0, 2_000);
      for (const fraction of [0.25, 0.5, 1]) await scroller.evaluate((element, f) => element.scrollTo({ top: element.scrollHeight * f }), fraction);
      for (let step = 0; step < 40; step++) await page.mouse.wheel(0, -2_000);
      scrolling.push(await longest());
      const spendOpened = performance.now();
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Spend' }).click();
      await page.getByText(`${(total + 1).toLocaleString()} accounts`, { exact: true }).waitFor({ timeout: 60_000 });
      await page.getByTestId('spend-account-row').first().waitFor();
      spendReady.push(performance.now() - spendOpened);
      await page.close();
    }
  } finally {
    await browser.close();
    await host.stop();
  }
  console.log(`parent console, ${ACCOUNTS.toLocaleString('en')} sub-accounts, Chromium (${runs} runs, median [min–max])`);
  console.log(`  list ready (open → every row known):      ${summarize(listReady)} ms (target ≤ 1,000 ms)`);
  console.log(`  longest task while typing in the search:  ${summarize(typing)} ms (0 = none over 50 ms; target: none over 50 ms)`);
  console.log(`  longest task while scrolling:             ${summarize(scrolling)} ms (0 = none over 50 ms)`);
  console.log(`  Spend ready (from the local store):       ${summarize(spendReady)} ms (target ≤ 1,500 ms)`);
}

/** Each screen call through the core's door (input and output validation included), with the size of its answer. */
async function timeCoreCalls(core: Core, period: { from: string; to: string; zone: string }) {
  const probes: Array<[string, string, unknown]> = [
    ['subaccounts.list, everything', 'subaccounts.list', {}],
    ['subaccounts.list, search', 'subaccounts.list', { search: 'Kiosk Leeds' }],
    ['spend.summary', 'spend.summary', period],
    ['subaccounts.page, first window', 'subaccounts.page', { sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 }],
    ['subaccounts.page, by balance, mid-list', 'subaccounts.page', { sort: { column: 'funds', direction: 'desc' }, offset: 5_000, limit: 100 }],
    ['subaccounts.page, search', 'subaccounts.page', { search: 'Kiosk Leeds', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 }],
    ['spend.overview', 'spend.overview', period],
    ['spend.accounts, first window', 'spend.accounts', { period, sort: { column: 'actual', direction: 'desc' }, offset: 0, limit: 100 }],
    ['spend.accounts, search', 'spend.accounts', { period, search: 'kiosk', sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 }],
  ];
  console.log(`core calls, ${ACCOUNTS.toLocaleString('en')} sub-accounts (median [min–max] of 5, answer size as JSON)`);
  for (const [label, name, payload] of probes) {
    const times: number[] = [];
    let bytes = 0;
    for (let attempt = 0; attempt < 5; attempt++) {
      const started = performance.now();
      const result = await core.call(name, payload);
      times.push(performance.now() - started);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      bytes = JSON.stringify(result.value).length;
    }
    console.log(`  ${label.padEnd(40)} ${summarize(times, 1)} ms, ${(bytes / 1024).toFixed(1)} kB`);
  }
}

async function requestsPerAction() {
  const clock = new VirtualClock(Date.parse('2026-11-02T06:00:00.000Z'));
  const sandbox = await startSandbox({ dataDir: freshDataDir(), port: 0, clock: { now: clock.now }, deliveryTickMs: 0 });
  const proxy = await startFaultProxy(sandbox.url);
  const { parent } = await prepaidParentWithCustomers(sandbox, { count: ACCOUNTS, creditMinor: () => 50, concurrency: 16 });
  const account = { url: proxy.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name };
  const core = await startTestCore(freshDataDir(), account, false, [], { clock: clock.now, requestBudget: { sleep: clock.sleep } });
  const count = () => proxy.timeline.length;
  const call = async (name: 'sync.now' | 'spend.refresh' | 'spend.summary', payload: unknown) => {
    const result = await core.call(name, payload);
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
  };
  try {
    let before = count();
    await call('sync.now', {});
    const perSync = count() - before;
    const period = { from: new Date(clock.now() - 86_400_000).toISOString(), to: new Date(clock.now() + 86_400_000).toISOString(), zone: 'UTC' };
    before = count();
    await call('spend.summary', period);
    const perOpenAnswer = count() - before;
    const refreshStarted = clock.now();
    const realStarted = performance.now();
    await call('spend.refresh', { wait: true });
    const perRefresh = count() - before;
    const virtualMs = clock.now() - refreshStarted;
    before = count();
    await call('spend.summary', period);
    const perOpenAfter = count() - before;
    const allowance = KALEYRA_RATE_GUIDANCE.requests * 0.2;
    console.log(`requests, ${ACCOUNTS.toLocaleString('en')} sub-accounts (counted at a proxy in front of the sandbox)`);
    console.log(`  per sync:                                  ${perSync}`);
    console.log(`  per Spend open, before its answer:         ${perOpenAnswer} (the answer comes from the local store)`);
    const perWindow = virtualMs <= KALEYRA_RATE_GUIDANCE.windowMs ? perRefresh : Math.round(perRefresh / (virtualMs / KALEYRA_RATE_GUIDANCE.windowMs));
    console.log(
      `  the background refresh it starts:          ${perRefresh} requests over ${Math.round(virtualMs / 1000)} s of API time ` +
        `(${Math.round(performance.now() - realStarted)} ms here, virtual clock): ` +
        `~${perWindow.toLocaleString('en')} per 5 min, budget ${allowance.toLocaleString('en')}`,
    );
    console.log(`  Spend open within a minute of a refresh:   ${perOpenAfter}`);
    console.log(`  429 answers from the sandbox:              ${sandbox.rateLimitRefusals(parent.sid)}`);
    await timeCoreCalls(core, period);
  } finally {
    core.close();
    await proxy.close();
    await sandbox.close();
  }
}

// BENCH_PARTS=calls (requests and core calls) or chromium: one half alone.
const parts = (process.env.BENCH_PARTS ?? 'calls,chromium').split(',');
if (parts.includes('calls')) await requestsPerAction();
if (parts.includes('chromium')) await inChromium();
