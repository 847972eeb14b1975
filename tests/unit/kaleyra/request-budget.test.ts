import { describe, expect, it } from 'vitest';
import { RequestBudget } from '../../../electron/core/kaleyra/request-budget';

/** A clock that only the budget's own waits move. */
function manualTime(start = 1_000_000) {
  let now = start;
  return { clock: () => now, sleep: (ms: number) => ((now += ms), Promise.resolve()), advance: (ms: number) => (now += ms) };
}

const limit = { requests: 1_000, windowMs: 60_000 };

describe('RequestBudget', () => {
  it('never lets background requests exceed the share in any window of the limit', async () => {
    const time = manualTime();
    const budget = new RequestBudget({ limit, backgroundShare: 0.2, clock: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 700; i++) {
      await budget.takeBackground('ACME');
      starts.push(time.clock());
    }
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((at) => at >= starts[i]! && at < starts[i]! + limit.windowMs).length;
      expect(inWindow).toBeLessThanOrEqual(200);
    }
    expect(budget.usage('ACME').backgroundInWindow).toBeLessThanOrEqual(200);
  });

  it('keeps accounts apart and never holds foreground requests', async () => {
    const time = manualTime();
    const budget = new RequestBudget({ limit, backgroundShare: 0.2, clock: time.clock, sleep: time.sleep });
    for (let i = 0; i < 50; i++) await budget.takeBackground('ACME');
    const before = time.clock();
    await budget.takeBackground('GLOBEX');
    expect(time.clock()).toBe(before);
    for (let i = 0; i < 500; i++) budget.noteForeground('ACME');
    expect(time.clock()).toBe(before);
    expect(budget.usage('ACME').foregroundInWindow).toBe(500);
  });

  it('after a 429 waits out Retry-After, then goes at half pace, and recovers after a calm window', async () => {
    const time = manualTime();
    const budget = new RequestBudget({ limit, backgroundShare: 0.2, clock: time.clock, sleep: time.sleep });
    await budget.takeBackground('ACME');
    budget.noteRateLimited('ACME', 10_000);
    const limitedAt = time.clock();
    await budget.takeBackground('ACME');
    expect(time.clock()).toBeGreaterThanOrEqual(limitedAt + 10_000);
    const first = time.clock();
    await budget.takeBackground('ACME');
    expect(time.clock() - first).toBe(2 * (limit.windowMs / 200));
    expect(budget.usage('ACME').slowdown).toBe(2);
    time.advance(limit.windowMs);
    await budget.takeBackground('ACME');
    expect(budget.usage('ACME').slowdown).toBe(1);
  });
});
