/**
 * XLSX audience import: the generated audience of 1,000,000 rows written as an Excel workbook
 * (phones as numbers, every name and e-mail a shared string, as Excel saves them) and as CSV,
 * each imported through the real pipeline (upload registry → preview → worker threads → SQLite).
 * Each run is a child process of import.bench.ts (`--child-import`, the same measurement for
 * both formats), so peak RSS is per run. Prints both, and the workbook's time as a multiple of
 * the CSV's.
 * Run: npx tsx tests/bench/xlsx-import.bench.ts   (BENCH_SCALE=0.1 for a quick run, BENCH_RUNS=n)
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAudienceCsv } from './gen/audience-csv';
import { writeAudienceXlsx } from './gen/audience-xlsx';
import { scaled } from './gen/random';
import { reportImportRuns, runImportChild, type ImportRunResult } from './support/import-child';

const ROWS = scaled(1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);

const dir = mkdtempSync(join(tmpdir(), 'desk-xlsx-bench-'));
try {
  const csv = join(dir, 'audience.csv');
  const xlsx = join(dir, 'audience.xlsx');
  const started = performance.now();
  const generated = await writeAudienceCsv(csv, ROWS);
  await writeAudienceXlsx(xlsx, ROWS);
  console.log(
    `machine load average ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')} on ${availableParallelism()} cores (other work on the machine stretches wall times; CPU seconds do not change)`,
  );
  console.log(
    `generated ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `CSV ${(statSync(csv).size / 2 ** 20).toFixed(1)} MB, ` +
      `workbook ${(statSync(xlsx).size / 2 ** 20).toFixed(1)} MB (${generated.invalid} invalid, ${generated.duplicates} duplicates)`,
  );

  const fromXlsx: ImportRunResult[] = [];
  const fromCsv: ImportRunResult[] = [];
  for (let run = 0; run < RUNS; run++) {
    fromXlsx.push(runImportChild('--child-import', xlsx, mkdtempSync(join(dir, 'xlsx-'))));
    fromCsv.push(runImportChild('--child-import', csv, mkdtempSync(join(dir, 'csv-'))));
  }
  const report = (label: string, results: ImportRunResult[]) => reportImportRuns(label, ROWS, results, { stalls: true });
  const xlsxWall = report('XLSX import (workbook → worker → SQLite)', fromXlsx);
  const csvWall = report('CSV import of the same rows              ', fromCsv);
  console.log(`ratio: the workbook takes ${(xlsxWall.medianMs / csvWall.medianMs).toFixed(2)}× the CSV`);
  const expected = ROWS - generated.invalid - generated.duplicates;
  const wrong = [...fromXlsx, ...fromCsv].find((r) => r.validRows !== expected);
  if (wrong) {
    console.error(`expected ${expected} recipients, got ${wrong.validRows}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
