import { setImmediate as nextTurn, setTimeout as realDelay } from 'node:timers/promises';

/**
 * Time shared by the sandbox (its clock and rate-limit windows) and the core (its clock and its
 * request budget's waits) that never waits for real: a wait jumps time to its end, earliest wait
 * first, one per turn of the event loop. Code that paces itself therefore runs as fast as the
 * machine allows while the API sees exactly the pace the code chose, so a budget that is too
 * generous shows up as refusals, however slow or fast the machine is; and the test's own steps
 * (`advanceTo`) wait for that work rather than skipping over it.
 */
export class VirtualClock {
  private nowMs: number;
  private waiters: Array<{ at: number; resolve: () => void }> = [];
  private draining = false;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  readonly now = (): number => this.nowMs;

  /** The request budget's `sleep`. */
  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.waiters.push({ at: this.nowMs + Math.max(0, ms), resolve });
      void this.drain();
    });

  /**
   * Lets time reach `at`: while the code under test is busy pacing itself, its own waits move
   * time; once it has been idle (no wait pending) for `idleMs` of real time, time jumps to `at`.
   */
  async advanceTo(at: number, idleMs = 50): Promise<void> {
    let idleSince = Date.now();
    while (this.nowMs < at) {
      await realDelay(1);
      if (this.waiters.length > 0 || this.draining) idleSince = Date.now();
      else if (Date.now() - idleSince >= idleMs) this.nowMs = at;
    }
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiters.length > 0) {
        await nextTurn();
        this.waiters.sort((a, b) => a.at - b.at);
        const first = this.waiters.shift();
        if (!first) break;
        this.nowMs = Math.max(this.nowMs, first.at);
        first.resolve();
      }
    } finally {
      this.draining = false;
    }
  }
}
