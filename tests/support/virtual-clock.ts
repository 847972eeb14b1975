import { setTimeout as realDelay } from 'node:timers/promises';

/**
 * Time that moves only when the test moves it, shared by the sandbox (its clock and rate-limit
 * windows) and the core (its clock and its request budget's waits). A wait resolves once the
 * test has moved time past its end, so minutes of pacing run in seconds without changing what
 * the code under test decides.
 */
export class VirtualClock {
  private nowMs: number;
  private waiters: Array<{ at: number; resolve: () => void }> = [];

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  readonly now = (): number => this.nowMs;

  /** The request budget's `sleep`. */
  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      this.waiters.push({ at: this.nowMs + ms, resolve });
    });

  /** Moves time forward in steps, letting real I/O (HTTP to the sandbox, SQLite) run between them. */
  async advance(ms: number, stepMs = 250, realPauseMs = 3): Promise<void> {
    const end = this.nowMs + ms;
    while (this.nowMs < end) {
      this.nowMs = Math.min(end, this.nowMs + stepMs);
      const due = this.waiters.filter((waiter) => waiter.at <= this.nowMs);
      this.waiters = this.waiters.filter((waiter) => waiter.at > this.nowMs);
      for (const waiter of due) waiter.resolve();
      await realDelay(realPauseMs);
    }
  }
}
