/**
 * Throttle accuracy under load: `npx tsx tests/bench/throttle.bench.ts`. A campaign throttled to
 * 500 recipients a minute (1,500 recipients: three clock minutes) is launched while a personalised
 * 100,000-recipient campaign (× BENCH_SCALE; one request per recipient) is going out from the same
 * core and account. With the sandbox's own acceptance times as the truth it prints the largest
 * clock minute of the throttled campaign ÷ its cap (≤ 1 is the guarantee) and its lateness against
 * the launch's plan (p99 and max). The sandbox runs in this process with its rate limit lifted;
 * the core's sender keeps its default options (Kaleyra's pace, 8 in flight). BENCH_RUNS (default 1:
 * each run takes over two minutes) runs it again; medians with min–max.
 */
import { rmSync } from 'node:fs';
import { spreadOffsetsMinutes } from '../../electron/core/campaigns/throttle-spread';
import { DEFAULT_SENDER_OPTIONS } from '../../electron/core/outbox/outbox-sender';
import {
  callOk,
  draftCampaign,
  draftPersonalisedUsCampaign,
  indianMobiles,
  kolkataAudience,
  launch,
  parentAccount,
  sandboxAcceptances,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  waitUntilAccepted,
  waitUntilSent,
} from '../integration/launch/support';
import { summarize } from './support/stats';

const scale = Number(process.env['BENCH_SCALE'] ?? '1');
const runs = Math.max(1, Number(process.env['BENCH_RUNS'] ?? '1'));
const CONCURRENT = Math.max(2_000, Math.round(100_000 * scale));
const CAP = 500;
const THROTTLED = 3 * CAP;
const MINUTE = 60_000;

interface RunResult {
  largestMinuteRatio: number;
  p99LatenessS: number;
  maxLatenessS: number;
  concurrentStillSending: boolean;
}

async function run(): Promise<RunResult> {
  const sandboxDir = tempDir('throttle-bench-sandbox-');
  const dataDir = tempDir('throttle-bench-core-');
  const sandbox = await startLaunchSandbox({ dataDir: sandboxDir });
  const account = parentAccount(sandbox, 'postpaid');
  const core = await startLaunchCore(dataDir, account, { requestTimeoutMs: 10_000, sender: DEFAULT_SENDER_OPTIONS, statusPullIntervalMs: 600_000 });
  try {
    const big = await draftPersonalisedUsCampaign(core, dataDir, CONCURRENT);
    const throttled = await draftCampaign(core, kolkataAudience(dataDir, indianMobiles(THROTTLED)), { senderId: 'GLOBEX', throttlePerMinute: CAP });
    await launch(core, big.id);
    await waitUntilAccepted(core, big.id, { requests: 101, what: 'the concurrent campaign to be sending', timeoutMs: 120_000, everyMs: 100 });
    const launched = await launch(core, throttled.id);
    const launchedAtMs = Date.parse(launched.launchedAt ?? '');
    await waitUntilSent(core, throttled.id, 600_000, 500);
    const concurrentStillSending = (await callOk(core, 'campaigns.progress', { id: big.id })).requests.pending > 0;

    const accepted = await sandboxAcceptances(sandbox, account, throttled.id);
    if (accepted.length !== THROTTLED) throw new Error(`the sandbox accepted ${accepted.length} of ${THROTTLED} throttled messages`);
    const perMinute = new Map<number, number>();
    for (const message of accepted)
      perMinute.set(Math.floor(message.acceptedAtMs / MINUTE), (perMinute.get(Math.floor(message.acceptedAtMs / MINUTE)) ?? 0) + 1);
    const sizes = launched.requests.total === 0 ? [] : Array.from({ length: launched.requests.total }, () => THROTTLED / launched.requests.total);
    const [offsets = []] = spreadOffsetsMinutes([{ startMs: launchedAtMs, requestSizes: sizes }], CAP);
    const lateness = accepted
      .map((message) => message.acceptedAtMs - (launchedAtMs + (offsets[Number(/:r(\d+)$/.exec(message.reference)?.[1]) - 1] ?? 0) * MINUTE))
      .sort((a, b) => a - b);
    await callOk(core, 'campaigns.cancel', { id: big.id });
    return {
      largestMinuteRatio: Math.max(...perMinute.values()) / CAP,
      p99LatenessS: (lateness[Math.min(lateness.length - 1, Math.floor(lateness.length * 0.99))] ?? 0) / 1000,
      maxLatenessS: (lateness.at(-1) ?? 0) / 1000,
      concurrentStillSending,
    };
  } finally {
    core.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(sandboxDir, { recursive: true, force: true });
  }
}

const results: RunResult[] = [];
for (let index = 0; index < runs; index++) results.push(await run());
console.log(
  `throttle accuracy: ${THROTTLED.toLocaleString('en-US')} recipients at ${CAP}/min ` +
    `beside a personalised ${CONCURRENT.toLocaleString('en-US')}-recipient campaign (${runs} run${runs === 1 ? '' : 's'})`,
);
console.log(
  `  largest minute ÷ cap: ${summarize(
    results.map((result) => result.largestMinuteRatio),
    3,
  )}`,
);
console.log(
  `  lateness vs plan, p99: ${summarize(
    results.map((result) => result.p99LatenessS),
    1,
  )} s; max: ${summarize(
    results.map((result) => result.maxLatenessS),
    1,
  )} s`,
);
console.log(
  `  concurrent campaign still sending when the throttled one finished: ${results.filter((result) => result.concurrentStillSending).length} of ${runs} runs`,
);
