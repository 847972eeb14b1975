import type { CallName } from '../../shared/contract';

/** The calls the screens make while someone switches between them and watches progress. */
export const SCREEN_READS = ['audiences.get', 'campaigns.list', 'campaigns.get', 'campaigns.progress'] as const satisfies readonly CallName[];
export type ScreenRead = (typeof SCREEN_READS)[number];

/** Anything that answers calls through the one door the UI uses (the core's `call`). */
export interface CallDoor {
  call(name: CallName, payload: unknown): Promise<{ ok: boolean }>;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export interface ProbeResult {
  byCall: Record<ScreenRead, LatencySummary>;
  all: LatencySummary;
  /** Every read: when it was due (performance.now() ms) and how long it took from then. */
  reads: Array<{ dueAt: number; latencyMs: number }>;
  /** Reads that did not answer ok (a read must never fail because the app is busy). */
  failures: string[];
}

/** What the reads look at: an audience and a campaign of the active profile. */
export interface ProbeTargets {
  audienceId: string;
  campaignIds: readonly string[];
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

/**
 * Reads what the screens read, every `everyMs`, the way a person clicking would: each read's
 * latency counts from when it was due, not from when the event loop got round to sending it, so
 * time the core's thread spent blocked before the read left is counted too (a probe that measured
 * from sending would miss exactly the stalls it is looking for). After a late round the next is
 * due when it ends, so one stall is counted once rather than piling onto every later round.
 */
export function probeScreenReads(door: CallDoor, targets: () => ProbeTargets, everyMs = 50): { stop(): Promise<ProbeResult> } {
  const samples = Object.fromEntries(SCREEN_READS.map((name) => [name, [] as number[]])) as Record<ScreenRead, number[]>;
  const reads: ProbeResult['reads'] = [];
  const failures: string[] = [];
  let stopped = false;
  let turn = 0;
  const payloadOf = (name: ScreenRead, { audienceId, campaignIds }: ProbeTargets): unknown => {
    const campaignId = campaignIds[turn % campaignIds.length] ?? '';
    switch (name) {
      case 'audiences.get':
        return { audienceId };
      case 'campaigns.list':
        return {};
      case 'campaigns.get':
      case 'campaigns.progress':
        return { id: campaignId };
    }
  };
  const loop = (async () => {
    let dueAt = performance.now();
    while (!stopped) {
      const current = targets();
      await Promise.all(
        SCREEN_READS.map(async (name) => {
          const result = await door.call(name, payloadOf(name, current));
          const latencyMs = performance.now() - dueAt;
          samples[name].push(latencyMs);
          reads.push({ dueAt, latencyMs });
          if (!result.ok) failures.push(`${name}: ${JSON.stringify(result)}`);
        }),
      );
      turn++;
      dueAt = Math.max(dueAt + everyMs, performance.now());
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return {
        byCall: Object.fromEntries(SCREEN_READS.map((name) => [name, summarize(samples[name])])) as Record<ScreenRead, LatencySummary>,
        all: summarize(SCREEN_READS.flatMap((name) => samples[name])),
        reads,
        failures,
      };
    },
  };
}

/** "p50 / p99 / max" of a summary in milliseconds, for a report line. */
export const formatLatency = (summary: LatencySummary): string =>
  `p50 ${summary.p50.toFixed(1)} ms, p99 ${summary.p99.toFixed(1)} ms, max ${summary.max.toFixed(1)} ms (${summary.count} reads)`;
