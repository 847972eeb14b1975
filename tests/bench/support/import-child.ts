import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { summarize, type Timing } from '../gen/timing';

/** What one import run in its own process measured: the import bench's child prints it as its last line. */
export interface ImportRunResult {
  wallMs: number;
  /** CPU time of every thread of the run's process: the work done, whatever else the machine runs. */
  cpuMs: number;
  maxRssMb: number;
  rows: number;
  validRows?: number;
  maxLoopStallMs?: number;
  maxProgressGapMs?: number;
}

const IMPORT_BENCH = fileURLToPath(new URL('../import.bench.ts', import.meta.url));

/** Runs import.bench.ts as a child (`--child-import` through the app, `--child-bare` a plain insert) in a fresh process. */
export function runImportChild(mode: '--child-import' | '--child-bare', file: string, workDir: string): ImportRunResult {
  const result = spawnSync(process.execPath, [...process.execArgv, IMPORT_BENCH, mode, file, workDir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0) throw new Error(`${mode} of ${file} failed: ${result.stdout}`);
  return JSON.parse(line) as ImportRunResult;
}

/**
 * Prints one line of figures for import runs of `rows` rows each: wall time (median, min–max), rows/s, CPU
 * and peak RSS, and with `stalls` the longest core-thread stall and progress gap. Returns the wall time.
 */
export function reportImportRuns(label: string, rows: number, results: readonly ImportRunResult[], { stalls }: { stalls: boolean }): Timing {
  const wall = summarize(results.map((r) => r.wallMs));
  const cpu = summarize(results.map((r) => r.cpuMs));
  const rss = summarize(results.map((r) => r.maxRssMb));
  const stallFigures = stalls
    ? `, longest core-thread stall ${Math.max(...results.map((r) => r.maxLoopStallMs ?? 0)).toFixed(0)} ms, ` +
      `longest progress gap ${Math.max(...results.map((r) => r.maxProgressGapMs ?? 0)).toFixed(0)} ms`
    : '';
  console.log(
    `${label}: median ${(wall.medianMs / 1000).toFixed(2)} s (min ${(wall.minMs / 1000).toFixed(2)} – max ${(wall.maxMs / 1000).toFixed(2)}), ` +
      `${Math.round((rows * 1000) / wall.medianMs).toLocaleString('en-US')} rows/s, CPU ${(cpu.medianMs / 1000).toFixed(2)} s (all threads), ` +
      `peak RSS median ${rss.medianMs.toFixed(0)} MB (max ${rss.maxMs.toFixed(0)})${stallFigures}`,
  );
  return wall;
}
