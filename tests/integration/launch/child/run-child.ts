import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Account } from '../support';

const CHILD = fileURLToPath(new URL('./launch-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

export interface ChildRun {
  readonly process: ChildProcess;
  /** Resolves with the first line matching, rejects if the child exits first. */
  until(match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  kill(): Promise<void>;
  exited: Promise<number | null>;
}

export interface ChildConfig {
  dataDir: string;
  account: Account;
  campaignId: string;
  maxInFlight: number;
  pullStatusesUntil?: number;
}

/** Starts launch-child.ts (a core in its own process) and follows its JSON event lines. */
export function runChild(config: ChildConfig): ChildRun {
  return runScript(CHILD, config);
}

/** Starts a child script (TypeScript, through tsx) with its JSON config as the one argument, and follows its JSON event lines on stdout. */
export function runScript(script: string, config: unknown): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(config)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const events: Array<Record<string, unknown>> = [];
  const waiters: Array<{ match: (event: Record<string, unknown>) => boolean; resolve: (event: Record<string, unknown>) => void }> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const event = JSON.parse(line) as Record<string, unknown>;
    events.push(event);
    for (const waiter of waiters.splice(0)) {
      if (waiter.match(event)) waiter.resolve(event);
      else waiters.push(waiter);
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    process: child,
    exited,
    until(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return Promise.race([
        new Promise<Record<string, unknown>>((resolve) => waiters.push({ match, resolve })),
        exited.then((code) => Promise.reject(new Error(`the child exited (${String(code)}) before the awaited event`))),
      ]);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
