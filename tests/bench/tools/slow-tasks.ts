/**
 * A slow-task log for diagnosis, loaded before anything else:
 *
 *   SLOW_TASK_MS=20 node --import tsx --import ./tests/bench/tools/slow-tasks.ts tests/bench/read-latency.bench.ts
 *
 * better-sqlite3 runs every statement and transaction synchronously on its caller's thread, so on
 * the core's thread each one is a task the screens' reads wait behind. This times every
 * transaction (outermost only) and every statement run outside one, and every stall of the event
 * loop, and for each over the threshold (default 20 ms) records where it was called from (the
 * app's frames of the stack, taken only when the task was slow). At exit it prints the slow
 * tasks grouped by caller: how many, the longest, the total. Nothing here is loaded by the app.
 */
import Database from 'better-sqlite3';
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, threadId } from 'node:worker_threads';

const thresholdMs = Number(process.env['SLOW_TASK_MS'] ?? '20');
const logFile = process.env['SLOW_TASK_LOG'];

interface Slow {
  kind: 'transaction' | 'statement' | 'stall';
  ms: number;
  where: string;
}
const slow: Slow[] = [];

const APP_FRAME = /\/(electron|shared)\/[^)]*/;
function caller(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(3);
  const ours = frames.filter((frame) => APP_FRAME.test(frame)).slice(0, 3);
  return (
    ours
      .map((frame) =>
        frame
          .trim()
          .replace(/^at /, '')
          .replace(/\(?\/.*?\/(electron|shared)\//, '$1/')
          .replace(/:\d+\)?$/, ''),
      )
      .join(' < ') || 'outside the app'
  );
}

function record(kind: Slow['kind'], ms: number, where: string): void {
  const entry = { kind, ms, where };
  slow.push(entry);
  if (logFile) appendFileSync(logFile, `${JSON.stringify({ thread: threadId, at: performance.now(), ...entry })}\n`);
}

let depth = 0;
type Transaction = ((...args: unknown[]) => unknown) & Record<'deferred' | 'immediate' | 'exclusive', (...args: unknown[]) => unknown>;
const originalTransaction = Database.prototype.transaction as unknown as (this: Database.Database, fn: unknown) => Transaction;
(Database.prototype as unknown as { transaction: unknown }).transaction = function (this: Database.Database, fn: unknown) {
  const transaction = originalTransaction.call(this, fn);
  const timed = (variant: (...args: unknown[]) => unknown) =>
    function (this: unknown, ...args: unknown[]) {
      const started = performance.now();
      depth++;
      try {
        return variant.apply(this, args);
      } finally {
        depth--;
        const ms = performance.now() - started;
        if (depth === 0 && ms > thresholdMs) record('transaction', ms, caller());
      }
    };
  const wrapped = timed(transaction) as Transaction;
  for (const variant of ['deferred', 'immediate', 'exclusive'] as const) wrapped[variant] = timed(transaction[variant]);
  return wrapped;
};

const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
probe.close();
for (const method of ['run', 'get', 'all'] as const) {
  const original = statementPrototype[method];
  if (!original) continue;
  statementPrototype[method] = function (this: { source: string }, ...args: unknown[]) {
    const started = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      const ms = performance.now() - started;
      if (depth === 0 && ms > thresholdMs) record('statement', ms, `${caller()} [${this.source.replace(/\s+/g, ' ').trim().slice(0, 90)}]`);
    }
  };
}

if (isMainThread) {
  const everyMs = 5;
  let expected = performance.now() + everyMs;
  setInterval(() => {
    const now = performance.now();
    const late = now - expected;
    if (late > thresholdMs) record('stall', late, 'event loop');
    expected = now + everyMs;
  }, everyMs).unref();

  process.on('exit', () => {
    const groups = new Map<string, { count: number; max: number; total: number }>();
    for (const entry of slow) {
      const key = `${entry.kind.padEnd(11)} ${entry.where}`;
      const group = groups.get(key) ?? { count: 0, max: 0, total: 0 };
      group.count++;
      group.max = Math.max(group.max, entry.ms);
      group.total += entry.ms;
      groups.set(key, group);
    }
    const lines = [...groups].sort((a, b) => b[1].max - a[1].max);
    process.stderr.write(`\nslow tasks on the main thread (over ${thresholdMs} ms), by caller: count, longest, total\n`);
    for (const [key, group] of lines)
      process.stderr.write(
        `  ${String(group.count).padStart(4)} × max ${group.max.toFixed(0).padStart(5)} ms, total ${group.total.toFixed(0).padStart(6)} ms  ${key}\n`,
      );
  });
}
