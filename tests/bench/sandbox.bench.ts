/**
 * Sandbox send throughput on loopback: `npx tsx tests/bench/sandbox.bench.ts`.
 * BENCH_SCALE (default 1) scales the sends per run; BENCH_RUNS (default 5) the runs;
 * BENCH_CONCURRENCY (default 16) the requests in flight. Each run starts the sandbox CLI in its
 * own process (as the app runs it) on a fresh data directory, so the load generator does not
 * share its event loop.
 * Reports the median of the runs with their min–max, for sends/s and p99 latency.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Agent, request } from 'node:http';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? '5'));
const concurrency = Math.max(1, Number(process.env['BENCH_CONCURRENCY'] ?? '16'));
const sendsPerRun = Math.max(50, Math.round(2_000 * scale));
const WARMUP = 100;

interface RunResult {
  sendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function oneRun(): Promise<RunResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const readyLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sandbox exited with ${String(code)}`)));
    });
    const sandbox = JSON.parse(readyLine) as { url: string; adminToken: string; accounts: Array<{ sid: string; apiKey: string; billing: string }> };
    const account = sandbox.accounts.find((candidate) => candidate.billing === 'postpaid');
    if (!account) throw new Error('no postpaid account seeded');
    const url = new URL(`${sandbox.url}/v1/${account.sid}/sms`);
    // node:http with keep-alive: fetch's own overhead would otherwise dominate the figures.
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    let sequence = 0;
    const sendOne = (): Promise<number> =>
      new Promise((resolve, reject) => {
        const index = sequence++;
        const body = JSON.stringify({ to: '+12025550123', sender: 'BENCH', body: `Benchmark message ${index}`, ref_custom: [`bench-${index}`] });
        const started = performance.now();
        const outgoing = request(
          url,
          { method: 'POST', agent, headers: { 'api-key': account.apiKey, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (response) => {
            response.resume();
            response.on('end', () => {
              if (response.statusCode !== 202) reject(new Error(`send ${index} answered ${String(response.statusCode)}`));
              else resolve(performance.now() - started);
            });
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    const drive = async (total: number, latencies: number[]): Promise<void> => {
      let issued = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (issued < total) {
            issued += 1;
            latencies.push(await sendOne());
          }
        }),
      );
    };
    await drive(WARMUP, []);
    const latencies: number[] = [];
    const started = performance.now();
    await drive(sendsPerRun, latencies);
    const elapsedSeconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    agent.destroy();
    const check = await fetch(`${sandbox.url}/__sandbox/ledger/check`, { headers: { 'x-sandbox-admin-token': sandbox.adminToken } });
    const verdict = (await check.json()) as { data: { consistent: boolean } };
    if (!verdict.data.consistent) throw new Error('ledger disagrees with cached balances');
    return { sendsPerSecond: latencies.length / elapsedSeconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (let run = 0; run < runs; run += 1) results.push(await oneRun());
  const describe = (pick: (result: RunResult) => number, digits: number) => {
    const values = results.map(pick);
    return `${median(values).toFixed(digits)} (min ${Math.min(...values).toFixed(digits)} – max ${Math.max(...values).toFixed(digits)})`;
  };
  console.log(`sandbox bench: ${runs} runs × ${sendsPerRun} single-recipient sends, ${concurrency} in flight, loopback, node ${process.version}`);
  console.log(`  sends/s     ${describe((result) => result.sendsPerSecond, 0)}`);
  console.log(`  p50 latency ${describe((result) => result.p50Ms, 2)} ms`);
  console.log(`  p99 latency ${describe((result) => result.p99Ms, 2)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
