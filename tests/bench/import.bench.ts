/**
 * Audience import: a generated CSV of 1,000,000 rows (~80 MB) through the real pipeline (upload
 * registry → preview → worker thread parsing and normalising → batches written into a real
 * SQLite file by the core), beside a bare better-sqlite3 insert of the same number of rows into
 * the same schema (the store's floor). Each run is its own process, so peak RSS is per run.
 * Also measured: the core thread's longest event-loop stall and the longest gap between progress
 * events while importing.
 * Run: npx tsx tests/bench/import.bench.ts   (BENCH_SCALE=0.1 for a quick run, BENCH_RUNS=n)
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { DeskEvent } from '../../shared/contract';
import { migrate } from '../../electron/core/store/database';
import { callOk, startTestCore } from '../integration/app/support';
import { writeAudienceCsv } from './gen/audience-csv';
import { scaled } from './gen/random';
import { reportImportRuns, runImportChild, type ImportRunResult } from './support/import-child';

const ROWS = scaled(1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH = 4000;

const [mode, csvPath, workDir] = process.argv.slice(2);
if (mode === '--child-import') await childImport(csvPath!, workDir!);
else if (mode === '--child-bare') childBare(workDir!);
else await main();

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'desk-import-bench-'));
  const csv = join(dir, 'audience.csv');
  const generated = await writeAudienceCsv(csv, ROWS);
  console.log(
    `machine load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores (other work on the machine stretches wall times; CPU seconds do not change)`,
  );
  console.log(
    `generated ${ROWS.toLocaleString('en-US')} rows, ${(statSync(csv).size / 2 ** 20).toFixed(1)} MB (` +
      `${generated.invalid} invalid, ${generated.duplicates} duplicates)`,
  );

  const ours: ImportRunResult[] = [];
  const bare: ImportRunResult[] = [];
  for (let run = 0; run < RUNS; run++) {
    ours.push(runImportChild('--child-import', csv, mkdtempSync(join(dir, 'core-'))));
    bare.push(runImportChild('--child-bare', csv, mkdtempSync(join(dir, 'bare-'))));
  }
  rmSync(dir, { recursive: true, force: true });

  const report = (label: string, results: ImportRunResult[]) => reportImportRuns(label, ROWS, results, { stalls: false });
  const oursWall = report('import pipeline (CSV → worker → SQLite, report)', ours);
  const bareWall = report('bare better-sqlite3 insert of the same rows    ', bare);
  console.log(`ratio: the pipeline takes ${(oursWall.medianMs / bareWall.medianMs).toFixed(2)}× the bare insert`);
  console.log(
    `core thread: longest event-loop stall ${Math.max(...ours.map((r) => r.maxLoopStallMs ?? 0)).toFixed(0)} ms; ` +
      `longest gap between progress events ${Math.max(...ours.map((r) => r.maxProgressGapMs ?? 0)).toFixed(0)} ms`,
  );
  const valid = ours[0]?.validRows ?? 0;
  if (valid !== ROWS - generated.invalid - generated.duplicates) {
    console.error(`expected ${ROWS - generated.invalid - generated.duplicates} recipients, got ${valid}`);
    process.exit(1);
  }
}

async function childImport(csv: string, dataDir: string): Promise<void> {
  const core = await startTestCore(dataDir, { url: 'http://127.0.0.1:9', sid: 'HXAP00000000000000', apiKey: 'k'.repeat(32), name: 'Bench parent' });
  const stall = monitorEventLoopDelay({ resolution: 10 });
  let lastProgress = 0;
  let maxGap = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const upload = await core.uploads.register(csv);
  const preview = await callOk(core, 'audiences.preview', { uploadId: upload.id });
  const done = new Promise<void>((resolve) =>
    core.onEvent((event: DeskEvent) => {
      if (event.name === 'audiences.importProgress') {
        const now = performance.now();
        if (lastProgress > 0) maxGap = Math.max(maxGap, now - lastProgress);
        lastProgress = now;
      }
      if (event.name === 'audiences.changed') {
        void callOk(core, 'audiences.get', { audienceId: event.payload.audienceId! }).then((a) => a.status !== 'importing' && resolve());
      }
    }),
  );
  stall.enable();
  const { audienceId } = await callOk(core, 'audiences.import', {
    uploadId: upload.id,
    name: 'Bench',
    mapping: preview.suggestedMapping,
    defaultCountry: 'IN',
  });
  await done;
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  stall.disable();
  const audience = await callOk(core, 'audiences.get', { audienceId });
  if (audience.status !== 'ready') throw new Error(`import ${audience.status}: ${audience.failureReason}`);
  core.close();
  const result: ImportRunResult = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rows: audience.totalRows,
    validRows: audience.validRows,
    maxLoopStallMs: stall.max / 1e6,
    maxProgressGapMs: maxGap,
  };
  console.log(JSON.stringify(result));
}

function childBare(dir: string): void {
  const db = new Database(join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  const nowMs = Date.now();
  db.prepare("INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) VALUES ('p', 'p', 'sandbox', 'x', 's', 'parent', ?)").run(
    nowMs,
  );
  db.prepare("INSERT INTO audiences (id, profile_id, name, status, created_at_ms, updated_at_ms) VALUES ('a', 'p', 'a', 'importing', ?, ?)").run(nowMs, nowMs);
  const insert =
    db.prepare(`INSERT INTO recipients (audience_id, row_number, phone_e164, country, zone, zone_source, zone_candidates, language, name, fields_json)
    VALUES ('a', @rowNumber, @phone, 'IN', 'Asia/Kolkata', 'country', NULL, 'hi', @name, @fields)`);
  const writeBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++)
      insert.run({ rowNumber: i + 1, phone: `+91${9800000000 + i}`, name: `Name${i}`, fields: '{"city":"Pune, MH","plan":"gold"}' });
  });
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let from = 0; from < ROWS; from += BATCH) writeBatch(from, Math.min(ROWS, from + BATCH));
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  db.close();
  console.log(
    JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: ROWS } satisfies ImportRunResult),
  );
}
