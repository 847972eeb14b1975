import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
