/**
 * Launch outbox throughput against the sandbox on loopback: `npx tsx tests/bench/outbox.bench.ts`.
 * A 100,000-recipient campaign (× BENCH_SCALE) is launched by a real core and pushed by its
 * outbox (requests of 100, idempotency references, 8 in flight, its own pace lifted) to a sandbox
 * running in its own process with its rate limit lifted — beside bare clients posting the same
 * batches with the same concurrency to a fresh sandbox: node:http (the leanest) and fetch (the
 * transport the app's Kaleyra client uses), which separates the outbox's cost from fetch's. BENCH_RUNS (default 3) runs
 * each; medians with min–max. CPU is this process's (the core's, or the bare client's) and the
 * sandbox process's, in % of one core over the sending time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../electron/core/core';
import { callOk, draftCampaign, launch, seedAudience, startLaunchCore, usNumbers } from '../integration/launch/support';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? '3'));
const RECIPIENTS = Math.max(1_000, Math.round(100_000 * scale));
const PER_REQUEST = 100;
const IN_FLIGHT = 8;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLOCK_TICKS_PER_SECOND = 100;

interface Sandbox {
  url: string;
  adminToken: string;
  account: { sid: string; apiKey: string; name: string };
  child: ChildProcess;
  dir: string;
}

async function startSandboxProcess(): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-bench-sandbox-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--data', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)}`)));
  });
  const ready = JSON.parse(line) as { url: string; adminToken: string; accounts: Array<{ sid: string; apiKey: string; name: string; billing: string }> };
  const account = ready.accounts.find((candidate) => candidate.billing === 'postpaid');
  if (!account) throw new Error('the sandbox seeded no postpaid parent');
  // Lift the sandbox's request limit for this account.
  const lifted = await fetch(`${ready.url}/__sandbox/accounts/${account.sid}/rate-limit`, {
    method: 'PUT',
    headers: { 'x-sandbox-admin-token': ready.adminToken, 'content-type': 'application/json' },
    body: JSON.stringify({ limit: { requests: 1_000_000_000, windowMs: 1_000 } }),
  });
  if (!lifted.ok) throw new Error(`could not lift the rate limit: HTTP ${lifted.status}`);
  return { url: ready.url, adminToken: ready.adminToken, account, child, dir };
}

async function stopSandbox(sandbox: Sandbox): Promise<void> {
  const exited = new Promise((resolve) => sandbox.child.once('exit', resolve));
  sandbox.child.kill('SIGTERM');
  await exited;
  rmSync(sandbox.dir, { recursive: true, force: true });
}

/** CPU seconds a process has used so far (Linux /proc), or null elsewhere. */
function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

interface Sample {
  recipientsPerSecond: number;
  ownCpu: number;
  sandboxCpu: number | null;
  launchMs?: number;
}

function measure<T>(sandbox: Sandbox, work: () => Promise<T>): Promise<{ ms: number; ownCpu: number; sandboxCpu: number | null; value: T }> {
  const cpuBefore = process.cpuUsage();
  const sandboxBefore = processCpuSeconds(sandbox.child.pid);
  const started = performance.now();
  return work().then((value) => {
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const sandboxAfter = processCpuSeconds(sandbox.child.pid);
    return {
      ms,
      value,
      ownCpu: ((cpu.user + cpu.system) / 1000 / ms) * 100,
      sandboxCpu: sandboxBefore === null || sandboxAfter === null ? null : (((sandboxAfter - sandboxBefore) * 1000) / ms) * 100,
    };
  });
}

async function outboxRun(phones: string[]): Promise<Sample> {
  const sandbox = await startSandboxProcess();
  const dataDir = mkdtempSync(join(tmpdir(), 'outbox-bench-core-'));
  const core = await startLaunchCore(
    dataDir,
    { url: sandbox.url, sid: sandbox.account.sid, apiKey: sandbox.account.apiKey, name: sandbox.account.name, role: 'parent' },
    { sender: { maxInFlight: IN_FLIGHT, rate: 'unlimited' }, statusPullIntervalMs: 3_600_000 },
  );
  try {
    const audienceId = seedAudience(
      dataDir,
      phones.map((phone) => ({ phone, country: 'US', zone: 'America/New_York' })),
    );
    const campaign = await draftCampaign(core, audienceId, { senderId: 'GLOBEX' });
    const launchStarted = performance.now();
    const allAccepted = new Promise<void>((resolve) =>
      core.onEvent((event) => {
        if (event.name === 'campaigns.progress' && event.payload.campaignId === campaign.id && event.payload.accepted === phones.length) resolve();
      }),
    );
    await launch(core, campaign.id);
    const launchedAt = Date.now();
    const launchMs = performance.now() - launchStarted;
    // CPU is sampled from the launch's return until the last progress event.
    const result = await measure(sandbox, () => allAccepted);
    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    if (progress.requests.accepted !== progress.requests.total || progress.requests.failed > 0) throw new Error('not every request was accepted');
    // Sending time: from the launch's return to the last acceptance the outbox recorded (progress events are coalesced).
    const store = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    const lastAccepted = (store.prepare('SELECT MAX(settled_at_ms) AS last FROM outbox').get() as { last: number }).last;
    store.close();
    const sendingMs = Math.max(1, lastAccepted - launchedAt);
    return { recipientsPerSecond: phones.length / (sendingMs / 1000), ownCpu: result.ownCpu, sandboxCpu: result.sandboxCpu, launchMs };
  } finally {
    core.close();
    await stopSandbox(sandbox);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The same batches with no outbox: node:http (the leanest client) or fetch (what the app's client uses). */
async function bareRun(phones: string[], transport: 'node:http' | 'fetch'): Promise<Sample> {
  const sandbox = await startSandboxProcess();
  const url = new URL(`${sandbox.url}/v1/${sandbox.account.sid}/sms`);
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const batches: string[] = [];
  for (let start = 0; start < phones.length; start += PER_REQUEST) {
    batches.push(
      JSON.stringify({
        to: phones.slice(start, start + PER_REQUEST).join(','),
        sender: 'GLOBEX',
        body: 'Spring sale: 20% off everything this weekend. Reply STOP to opt out.',
        type: 'MKT',
        ref_custom: [`bare:${start}`],
      }),
    );
  }
  const postWithFetch = async (body: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'api-key': sandbox.account.apiKey, 'content-type': 'application/json' }, body });
    await response.text();
    if (response.status !== 202) throw new Error(`HTTP ${response.status}`);
  };
  const postWithHttp = (body: string) =>
    new Promise<void>((resolve, reject) => {
      const outgoing = request(
        url,
        { method: 'POST', agent, headers: { 'api-key': sandbox.account.apiKey, 'content-type': 'application/json' } },
        (response) => {
          response.resume();
          response.on('end', () => (response.statusCode === 202 ? resolve() : reject(new Error(`HTTP ${String(response.statusCode)}`))));
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  try {
    let next = 0;
    const result = await measure(sandbox, () =>
      Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < batches.length) await (transport === 'fetch' ? postWithFetch : postWithHttp)(batches[next++] ?? '');
        }),
      ),
    );
    return { recipientsPerSecond: phones.length / (result.ms / 1000), ownCpu: result.ownCpu, sandboxCpu: result.sandboxCpu };
  } finally {
    agent.destroy();
    await stopSandbox(sandbox);
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)] ?? 0, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0 };
};
const show = (values: number[], digits = 0) => {
  const s = stats(values);
  return (
    `${s.median.toLocaleString('en-US', { maximumFractionDigits: digits })} (min ${s.min.toLocaleString('en-US', { maximumFractionDigits: digits })} ` +
    `– max ${s.max.toLocaleString('en-US', { maximumFractionDigits: digits })})`
  );
};

const phones = usNumbers(RECIPIENTS);
const outbox: Sample[] = [];
const bare: Sample[] = [];
const bareFetch: Sample[] = [];
for (let run = 0; run < runs; run++) {
  outbox.push(await outboxRun(phones));
  bare.push(await bareRun(phones, 'node:http'));
  bareFetch.push(await bareRun(phones, 'fetch'));
}
const sandboxCpu = (samples: Sample[]) =>
  samples.every((sample) => sample.sandboxCpu !== null) ? `, sandbox CPU ${show(samples.map((sample) => sample.sandboxCpu ?? 0))} %` : '';
console.log(
  `outbox throughput, ${RECIPIENTS.toLocaleString('en-US')} recipients in requests of ${PER_REQUEST}, ` +
    `${IN_FLIGHT} in flight, rate limits lifted, ${runs} runs:`,
);
console.log(
  `  Campaign Desk outbox   ${show(outbox.map((s) => s.recipientsPerSecond))} recipients/s, ` +
    `core CPU ${show(outbox.map((s) => s.ownCpu))} %${sandboxCpu(outbox)}`,
);
console.log(
  `    sending measured from the launch's return to the last acceptance; ` +
    `the launch itself (plan + outbox in one transaction) took ${show(outbox.map((s) => s.launchMs ?? 0))} ms`,
);
console.log(
  `  bare node:http client  ${show(bare.map((s) => s.recipientsPerSecond))} recipients/s, client CPU ${show(bare.map((s) => s.ownCpu))} %${sandboxCpu(bare)}`,
);
console.log(
  `  bare fetch client      ${show(bareFetch.map((s) => s.recipientsPerSecond))} recipients/s, ` +
    `client CPU ${show(bareFetch.map((s) => s.ownCpu))} %${sandboxCpu(bareFetch)}`,
);
const ratio = (peer: Sample[]) => (stats(outbox.map((s) => s.recipientsPerSecond)).median / stats(peer.map((s) => s.recipientsPerSecond)).median).toFixed(2);
console.log(`  ratio outbox / bare node:http: ${ratio(bare)}×, outbox / bare fetch: ${ratio(bareFetch)}×`);
