/**
 * Latency of the screens' read calls while the app works: `npx tsx tests/bench/read-latency.bench.ts`.
 * The heaviest scene of issue #19 — a 1,000,000-row audience import (worker threads), a
 * 250,000-recipient campaign launched and sent to the sandbox, and status pulls, all at once
 * (× BENCH_SCALE) — on a real core with a real SQLite file; the sandbox runs in its own process,
 * as the API would. Every 50 ms the screens' reads (audiences.get, campaigns.list, campaigns.get,
 * campaigns.progress) go through the core's one door, timed from when each was due. Printed
 * beside the same reads on the same app idle: p50 / p99 / max, and the core's longest event-loop
 * stall. One run (the scene takes minutes at full size). Targets: p99 ≤ 250 ms, none over 1 s.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { writeAudienceCsv } from './gen/audience-csv';
import {
  callOk,
  draftCampaign,
  launch,
  seedAudience,
  startImportAsSuggested,
  startLaunchCore,
  tempDir,
  usNumbers,
  waitFor,
} from '../integration/launch/support';
import { formatLatency, probeScreenReads, SCREEN_READS, summarize, type ProbeResult, type ProbeTargets } from '../support/read-latency-probe';
import { startSandboxProcess } from '../support/sandbox-process';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const IMPORT_ROWS = Math.max(10_000, Math.round(1_000_000 * scale));
const RECIPIENTS = Math.max(2_000, Math.round(250_000 * scale));
const IDLE_MS = 5_000;
const SCENE_TIMEOUT_MS = 60 * 60_000;

const count = (n: number) => n.toLocaleString('en-US');

function report(label: string, result: ProbeResult, stallMs: number): void {
  console.log(`  ${label}: ${formatLatency(result.all)}; longest event-loop stall ${stallMs.toFixed(0)} ms`);
  for (const name of SCREEN_READS) console.log(`    ${name.padEnd(19)} ${formatLatency(result.byCall[name])}`);
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess('postpaid');
  const dataDir = tempDir('read-latency-bench-');
  const core = await startLaunchCore(
    dataDir,
    { url: sandbox.url, ...sandbox.account, role: 'parent' },
    {
      requestTimeoutMs: 15_000,
      sender: { maxInFlight: 8, rate: 'unlimited' },
      statusPullIntervalMs: 1_000,
    },
  );
  try {
    const setupStarted = performance.now();
    const audienceId = seedAudience(
      dataDir,
      usNumbers(RECIPIENTS).map((phone) => ({ phone, country: 'US', zone: 'America/New_York' })),
    );
    // Transactional: no legal sending window may hold it, whatever the time of day the bench runs.
    const campaign = await draftCampaign(core, audienceId, { senderId: 'GLOBEX', routeType: 'transactional' });
    const csv = join(dataDir, 'crm-export.csv');
    const generated = await writeAudienceCsv(csv, IMPORT_ROWS);
    console.log(
      `setup: ${count(RECIPIENTS)}-recipient audience seeded, ` +
        `${count(IMPORT_ROWS)}-row CSV (${(generated.bytes / 2 ** 20).toFixed(0)} MB) written in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`,
    );

    const targets: ProbeTargets = { audienceId, campaignIds: [campaign.id] };
    const stalls = monitorEventLoopDelay({ resolution: 10 });

    // The same app, idle: nothing imports, sends or pulls.
    stalls.enable();
    const idleProbe = probeScreenReads(core, () => targets);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = await idleProbe.stop();
    stalls.disable();
    const idleStall = stalls.max / 1e6;
    stalls.reset();

    // The scene: the import, the launch and its sending, and status pulls together.
    stalls.enable();
    const sceneStarted = performance.now();
    const busyProbe = probeScreenReads(core, () => targets);
    const { audienceId: importedId } = await startImportAsSuggested(core, csv);
    targets.audienceId = importedId;
    // The launch writes every request and recipient in one transaction on the core's thread: timed
    // apart, so the reads it held up can be told from the rest.
    const launchStarted = performance.now();
    await launch(core, campaign.id);
    const launchEnded = performance.now();
    // The sandbox reports final statuses 5 s of its time after accepting: keep its clock moving.
    const clock = setInterval(() => void sandbox.advanceClock(2_000).catch(() => undefined), 500);
    let importSeconds: number | null = null;
    try {
      await waitFor(
        'the import to finish and the campaign to complete',
        async () => {
          if (importSeconds === null && (await callOk(core, 'audiences.get', { audienceId: importedId })).status !== 'importing')
            importSeconds = (performance.now() - sceneStarted) / 1000;
          return importSeconds !== null && (await callOk(core, 'campaigns.get', { id: campaign.id })).status === 'completed';
        },
        SCENE_TIMEOUT_MS,
        1_000,
      );
    } finally {
      clearInterval(clock);
    }
    const busy = await busyProbe.stop();
    stalls.disable();
    const sceneSeconds = (performance.now() - sceneStarted) / 1000;

    const imported = await callOk(core, 'audiences.get', { audienceId: importedId });
    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    console.log(
      `scene: import of ${count(imported.totalRows)} rows done in ${(importSeconds ?? 0).toFixed(1)} s; ` +
        `${count(progress.totals.delivered)} of ${count(RECIPIENTS)} delivered and pulled; ` +
        `whole scene ${sceneSeconds.toFixed(1)} s`,
    );
    if (imported.status !== 'ready' || imported.totalRows !== generated.rows || progress.totals.delivered !== RECIPIENTS) {
      throw new Error(
        `the scene did not complete exactly: import ${imported.status} (${imported.failureReason ?? 'no failure'}), ${progress.totals.delivered} delivered`,
      );
    }
    console.log('screen reads (timed from when each was due, every 50 ms):');
    report('idle app', idle, idleStall);
    report(`during the scene (${count(IMPORT_ROWS)}-row import + ${count(RECIPIENTS)}-recipient send + status pulls)`, busy, stalls.max / 1e6);
    const outsideLaunch = summarize(
      busy.reads.filter((read) => read.dueAt + read.latencyMs < launchStarted || read.dueAt > launchEnded).map((read) => read.latencyMs),
    );
    console.log(
      `  the launch call took ${((launchEnded - launchStarted) / 1000).toFixed(2)} s; ` +
        `reads neither due during it nor waiting on it: ${formatLatency(outsideLaunch)}`,
    );
    const failures = [...idle.failures, ...busy.failures];
    if (failures.length > 0) console.log(`  failed reads: ${failures.slice(0, 5).join('; ')}`);
    console.log(`  targets: p99 ≤ 250 ms (${busy.all.p99 <= 250 ? 'met' : 'missed'}), none over 1 s (${busy.all.max <= 1_000 ? 'met' : 'missed'})`);
  } finally {
    core.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
