/** Median-of-runs timing helpers shared by the bench scripts. */
export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export function timeRuns(runs: number, body: () => void): Timing {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    body();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    medianMs: samples[Math.floor(samples.length / 2)] ?? 0,
    minMs: samples[0] ?? 0,
    maxMs: samples[samples.length - 1] ?? 0,
  };
}

export function describeTiming(timing: Timing): string {
  return `median ${timing.medianMs.toFixed(1)} ms (min ${timing.minMs.toFixed(1)} – max ${timing.maxMs.toFixed(1)})`;
}

export function perSecond(count: number, milliseconds: number): string {
  return Math.round((count * 1000) / milliseconds).toLocaleString('en-US');
}

export function summarize(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    minMs: sorted[0] ?? 0,
    maxMs: sorted[sorted.length - 1] ?? 0,
  };
}
