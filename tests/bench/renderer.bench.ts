/**
 * The recipients table with 1,000,000 rows in Chromium (the browser host, built): time from opening
 * the audience to its first rows on screen, and the longest main-thread task while scrolling through
 * it (PerformanceObserver 'longtask', which reports tasks over 50 ms). The audience is written
 * straight into the app's store, so only the table is measured. `node build/scripts/build.mjs` first.
 */
import { chromium } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/store/database';
import { AudiencesRepository, type RecipientRecord } from '../../electron/core/store/audiences-repository';
import { DATABASE_FILE } from '../../electron/core/core';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import { freshDataDir, startHost } from '../e2e/support/browser-host';
import { summarize } from './support/stats';
import { takeLongTasks, watchLongTasks } from './support/long-tasks';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const ROWS = Math.round(1_000_000 * scale);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const AUDIENCE_ID = randomUUID();
const ZONES = ['Asia/Kolkata', 'Asia/Dubai', 'Asia/Singapore', 'Europe/London', 'America/New_York'];

function seedAudience(dataDir: string): void {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  const audiences = new AudiencesRepository(db);
  const now = new Date().toISOString();
  audiences.create({ id: AUDIENCE_ID, profileId: 'sandbox', name: 'A million recipients', sourceName: 'generated', customFields: [] }, now);
  const BATCH = 20_000;
  for (let start = 0; start < ROWS; start += BATCH) {
    const batch: RecipientRecord[] = [];
    for (let row = start; row < Math.min(ROWS, start + BATCH); row++) {
      batch.push({
        rowNumber: row + 2,
        phoneE164: `+9198${String(row).padStart(8, '0')}`,
        country: 'IN',
        zone: ZONES[row % ZONES.length]!,
        zoneSource: 'prefix',
        zoneCandidates: null,
        language: 'en',
        name: `Person ${row}`,
        fields: null,
      });
    }
    const validRows = Math.min(ROWS, start + BATCH);
    audiences.appendBatch(AUDIENCE_ID, batch, [], { totalRows: validRows, validRows, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 }, now);
  }
  const perZone = Math.ceil(ROWS / ZONES.length);
  audiences.finish(
    AUDIENCE_ID,
    {
      issuesByKind: { invalid: 0, duplicate: 0, opted_out: 0, zone_unknown: 0, zone_ambiguous: 0 },
      recipientsByZoneSource: { column: 0, prefix: ROWS, country: 0, fallback: 0, unknown: 0 },
      facets: ZONES.map((zone) => ({ country: 'IN', zone, recipients: perZone })),
    },
    now,
  );
  db.close();
}

const dataDir = freshDataDir();
// A first start creates the store and the sandbox profiles the audience belongs to.
await (await startHost(dataDir, ['--no-initial-sync'])).stop();
const seeding = performance.now();
seedAudience(dataDir);
console.log(`seeded ${ROWS.toLocaleString('en')} recipients in ${Math.round(performance.now() - seeding)} ms`);

const host = await startHost(dataDir, ['--no-initial-sync']);
const browser = await chromium.launch(chromiumLaunchOptions);
const firstRows: number[] = [];
const longestTasks: number[] = [];
const longTaskCounts: number[] = [];
try {
  for (let run = 0; run < runs; run++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.openUrl);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audiences' }).click();
    await page.getByRole('button', { name: 'A million recipients', exact: true }).waitFor();
    await watchLongTasks(page);
    const opened = performance.now();
    await page.getByRole('button', { name: 'A million recipients', exact: true }).click();
    await page.getByTestId('recipient-row').first().waitFor();
    firstRows.push(performance.now() - opened);

    const scroller = page.getByTestId('recipients-scroll');
    await scroller.hover();
    for (let step = 0; step < 60; step++) await page.mouse.wheel(0, 2_400);
    for (const fraction of [0.25, 0.5, 0.75, 1]) {
      await scroller.evaluate((element, f) => element.scrollTo({ top: element.scrollHeight * f }), fraction);
      await page.getByTestId('recipient-row').first().waitFor();
    }
    for (let step = 0; step < 60; step++) await page.mouse.wheel(0, -2_400);
    await page.waitForTimeout(300);
    const tasks = await takeLongTasks(page);
    longestTasks.push(tasks.length ? Math.max(...tasks) : 0);
    longTaskCounts.push(tasks.length);
    await page.close();
  }
} finally {
  await browser.close();
  await host.stop();
}

console.log(`recipients table, ${ROWS.toLocaleString('en')} rows, Chromium (${runs} runs, median [min–max])`);
console.log(`  time to first rows:                 ${summarize(firstRows)} ms (target ≤ 300 ms)`);
console.log(`  longest task while scrolling:       ${summarize(longestTasks)} ms (0 = no task over 50 ms; target: none over 50 ms)`);
console.log(`  tasks over 50 ms while scrolling:   ${summarize(longTaskCounts)}`);
