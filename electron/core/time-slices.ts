import { setImmediate as yieldToEvents } from 'node:timers/promises';

export { yieldToEvents };

/**
 * better-sqlite3 is synchronous: while one slice of bulk work runs, every call waits. Slices are
 * sized to stay well under this (the bound is 20 ms; half leaves room for a loaded machine).
 */
export const SLICE_BUDGET_MS = 10;

/**
 * Sizes the next slice of bulk work from how long the last ones took, so each stays near the
 * budget whatever the machine's load: items per millisecond are tracked as a moving average.
 */
export class SliceSizer {
  private itemsPerMs: number;

  constructor(
    private readonly limits: { initial: number; min: number; max: number },
    private readonly budgetMs = SLICE_BUDGET_MS,
  ) {
    this.itemsPerMs = limits.initial / budgetMs;
  }

  next(): number {
    return Math.max(this.limits.min, Math.min(this.limits.max, Math.floor(this.itemsPerMs * this.budgetMs)));
  }

  /** `items` took `elapsedMs`: the next slice follows (a slow slice shrinks it at once). */
  record(items: number, elapsedMs: number): void {
    if (items <= 0) return;
    const observed = items / Math.max(elapsedMs, 0.05);
    this.itemsPerMs = observed < this.itemsPerMs ? observed : (this.itemsPerMs + observed) / 2;
  }
}
