import { describe, expect, it } from 'vitest';
import { RequestPacer } from '../../../electron/core/outbox/request-pacer';

describe('request pacer', () => {
  it('lets a burst through, then spaces requests at the account’s rate', () => {
    let now = 0;
    const pacer = new RequestPacer({ requests: 10, perMs: 1_000 }, () => now, 3);
    expect([pacer.reserve('A'), pacer.reserve('A'), pacer.reserve('A')]).toEqual([0, 0, 0]);
    expect(pacer.reserve('A')).toBe(100);
    now += 100;
    expect(pacer.reserve('A')).toBe(0);
    expect(pacer.reserve('B')).toBe(0);
  });

  it('holds the whole account back after a 429 until the time asked', () => {
    let now = 1_000;
    const pacer = new RequestPacer('unlimited', () => now);
    expect(pacer.reserve('A')).toBe(0);
    pacer.pause('A', 3_000);
    expect(pacer.reserve('A')).toBe(2_000);
    expect(pacer.reserve('B')).toBe(0);
    now = 3_000;
    expect(pacer.reserve('A')).toBe(0);
  });

  it('waits for a token', async () => {
    let now = 0;
    const pacer = new RequestPacer({ requests: 1, perMs: 50 }, () => now, 1);
    const slept: number[] = [];
    await pacer.acquire('A', async (ms) => {
      slept.push(ms);
      now += ms;
    });
    await pacer.acquire('A', async (ms) => {
      slept.push(ms);
      now += ms;
    });
    expect(slept).toEqual([50]);
  });
});
