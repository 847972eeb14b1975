/**
 * Applying pulled message statuses: `npx tsx tests/bench/status-apply.bench.ts`.
 * 1,000,000 status updates (× BENCH_SCALE) applied the way the status pull applies them — pages
 * of 1,000 log entries, each page one transaction with its cursor and reservation releases —
 * beside a bare better-sqlite3 UPDATE of the same rows in the same transactions. BENCH_RUNS
 * (default 3) runs each; the median is reported with min–max. Target: 1,000,000 in ≤ 15 s.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { applyStatusPage } from '../../electron/core/outbox/status-apply';
import { openDatabase, type SqliteDatabase } from '../../electron/core/store/database';
import { MessageStatusRepository, type StatusChange } from '../../electron/core/store/message-status-repository';
import { OutboxRepository } from '../../electron/core/store/outbox-repository';
import { campaignStoreOn, launchRunningCampaign, outboxRequest } from '../unit/store/campaign-store-fixture';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? '3'));
const UPDATES = Math.max(1_000, Math.round(1_000_000 * scale));
const PAGE = 1_000;
const PER_REQUEST = 100;
const ACCOUNT = 'HXBENCH';
const NOW = '2026-03-01T08:00:00.000Z';

const messageId = (request: number, position: number) => `s${request}:${position}`;

/** A launched campaign of UPDATES recipients, every request accepted: what a pull then updates. */
function buildStore(file: string): void {
  const db = openDatabase(file);
  const { campaigns, outbox } = campaignStoreOn(db, { sid: ACCOUNT, createdAt: NOW, displayName: 'Bench' });
  launchRunningCampaign(campaigns, { id: 'c1', accountSid: ACCOUNT, at: NOW, fields: { name: 'Bench', senderId: 'B' } });
  const requests = Math.ceil(UPDATES / PER_REQUEST);
  db.transaction(() => {
    for (let request = 0; request < requests; request++) {
      const recipients = Array.from({ length: Math.min(PER_REQUEST, UPDATES - request * PER_REQUEST) }, (_, position) => ({
        phone: `+9198${String(request * PER_REQUEST + position).padStart(8, '0')}`,
        rowNumber: request * PER_REQUEST + position + 1,
      }));
      const reference = `cd:c1:w1:r${request}`;
      const entry = outboxRequest(
        { campaignId: 'c1', accountSid: ACCOUNT, reference, recipients, estimatedCostMinor: 25 * recipients.length, senderId: 'B', zone: 'UTC' },
        0,
      );
      const id = outbox.insert(entry, 0);
      outbox.accept(
        id,
        {
          apiSendId: `s${request}`,
          messageIds: recipients.map((_, position) => messageId(request, position)),
          chargedMinor: 25 * recipients.length,
          scheduledAtApi: false,
        },
        0,
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

/** The log as the sandbox would page it: each message delivered, in send order. */
function pages(): StatusChange[][] {
  const all: StatusChange[][] = [];
  let page: StatusChange[] = [];
  for (let n = 0; n < UPDATES; n++) {
    page.push({
      messageId: messageId(Math.floor(n / PER_REQUEST), n % PER_REQUEST),
      status: 'Delivered',
      details: 'DELIVERED',
      chargedMinor: 25,
      seq: n + 1,
      reference: `cd:c1:w1:r${Math.floor(n / PER_REQUEST)}`,
    });
    if (page.length === PAGE) {
      all.push(page);
      page = [];
    }
  }
  if (page.length > 0) all.push(page);
  return all;
}

function timeApp(file: string, work: StatusChange[][]): number {
  const db: SqliteDatabase = openDatabase(file);
  const deps = { db, statuses: new MessageStatusRepository(db), outbox: new OutboxRepository(db) };
  const started = performance.now();
  let applied = 0;
  for (const page of work)
    applied += applyStatusPage(deps, { profileId: 'p1', accountSid: ACCOUNT }, page, { mode: 'logs', value: String(page.at(-1)?.seq ?? 0) }, 1);
  const elapsed = performance.now() - started;
  db.close();
  if (applied !== UPDATES) throw new Error(`applied ${applied} of ${UPDATES}`);
  return elapsed;
}

function timeBare(file: string, work: StatusChange[][]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const update = db.prepare('UPDATE campaign_messages SET status = ?, status_details = ?, charged_minor = ?, status_seq = ? WHERE message_id = ?');
  const applyPage = db.transaction((page: StatusChange[]) => {
    for (const change of page) update.run(change.status, change.details, change.chargedMinor, change.seq, change.messageId);
  });
  const started = performance.now();
  for (const page of work) applyPage(page);
  const elapsed = performance.now() - started;
  db.close();
  return elapsed;
}

const stats = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);

const dir = mkdtempSync(join(tmpdir(), 'status-bench-'));
try {
  const template = join(dir, 'template.sqlite');
  const setupStarted = performance.now();
  buildStore(template);
  console.log(`store with ${UPDATES.toLocaleString('en-US')} accepted messages built in ${seconds(performance.now() - setupStarted)} s`);
  const work = pages();
  const app: number[] = [];
  const bare: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const [label, samples, timer] of [
      ['app', app, timeApp],
      ['bare', bare, timeBare],
    ] as const) {
      const file = join(dir, `${label}-${run}.sqlite`);
      copyFileSync(template, file);
      samples.push(timer(file, work));
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    }
  }
  const a = stats(app);
  const b = stats(bare);
  console.log(`status apply, ${UPDATES.toLocaleString('en-US')} updates in pages of ${PAGE}, ${runs} runs:`);
  console.log(
    `  Campaign Desk (applyStatusPage)  ${seconds(a.median)} s (min ${seconds(a.min)} – max ${seconds(a.max)}), ` +
      `${Math.round(UPDATES / (a.median / 1000)).toLocaleString('en-US')} updates/s`,
  );
  console.log(
    `  bare better-sqlite3 UPDATE       ${seconds(b.median)} s (min ${seconds(b.min)} – max ${seconds(b.max)}), ` +
      `${Math.round(UPDATES / (b.median / 1000)).toLocaleString('en-US')} updates/s`,
  );
  console.log(`  ratio app / bare: ${(a.median / b.median).toFixed(2)}×; target for 1,000,000: ≤ 15 s`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
