import { describe, expect, it } from 'vitest';
import { recipientsPerRequest, spreadOffsetsMinutes, waveSpread } from '../../../electron/core/campaigns/throttle-spread';

const START = Date.parse('2026-03-02T04:30:00.000Z');
const MINUTE = 60_000;
const oneWave = (requestSizes: number[], throttle: number | null) => spreadOffsetsMinutes([{ startMs: START, requestSizes }], throttle)[0];

/** Recipients per clock minute of a spread, to check the cap directly. */
function perMinute(waves: Array<{ startMs: number; requestSizes: number[] }>, offsets: number[][]): Map<number, number> {
  const totals = new Map<number, number>();
  waves.forEach((wave, w) =>
    wave.requestSizes.forEach((size, r) => {
      const minute = Math.floor((wave.startMs + (offsets[w]?.[r] ?? 0) * MINUTE) / MINUTE);
      totals.set(minute, (totals.get(minute) ?? 0) + size);
    }),
  );
  return totals;
}

describe('throttle spread', () => {
  it('sends every request at the wave start without a throttle', () => {
    expect(oneWave([100, 100, 37], null)).toEqual([0, 0, 0]);
    expect(recipientsPerRequest(null)).toBe(100);
  });

  it('sizes requests so that whole requests fill a minute', () => {
    expect(recipientsPerRequest(30)).toBe(30);
    expect(recipientsPerRequest(100)).toBe(100);
    expect(recipientsPerRequest(150)).toBe(75);
    expect(recipientsPerRequest(199)).toBe(99);
    expect(recipientsPerRequest(250)).toBe(83);
    expect(recipientsPerRequest(5000)).toBe(100);
  });

  it('never puts more recipients in a minute than the throttle', () => {
    // 250 per minute in requests of 83: three a minute (249), the fourth in the next minute.
    expect(oneWave([83, 83, 83, 83, 83, 83, 83], 250)).toEqual([0, 0, 0, 1, 1, 1, 2]);
    // 100 recipients at 30 per minute: 30, 30, 30, 10 → minutes 0, 1, 2, 3.
    expect(oneWave([30, 30, 30, 10], 30)).toEqual([0, 1, 2, 3]);
    // Personalised single-recipient requests count one each: 7 per minute.
    expect(
      oneWave(
        Array.from({ length: 15 }, () => 1),
        7,
      ),
    ).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2]);
    // A small request fills the room a big one left.
    expect(oneWave([100, 100, 50, 100, 40], 250)).toEqual([0, 0, 0, 1, 1]);
  });

  it('shares the rate between waves that start together, and lets a later wave use what is free', () => {
    const waves = [
      { startMs: START, requestSizes: [60, 60, 60] },
      { startMs: START, requestSizes: [60, 60] },
      { startMs: START + 3 * MINUTE, requestSizes: [60] },
    ];
    const offsets = spreadOffsetsMinutes(waves, 120);
    expect(offsets).toEqual([[0, 0, 1], [1, 2], [0]]);
    expect(Math.max(...perMinute(waves, offsets).values())).toBeLessThanOrEqual(120);
  });

  it('keeps every minute within the throttle for random campaigns', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 50; run++) {
      const throttle = 1 + Math.floor(random() * 400);
      const size = recipientsPerRequest(throttle);
      const waves = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
        startMs: START + Math.floor(random() * 5) * MINUTE,
        requestSizes: Array.from({ length: 1 + Math.floor(random() * 20) }, () => 1 + Math.floor(random() * size)),
      }));
      const offsets = spreadOffsetsMinutes(waves, throttle);
      expect(Math.max(...perMinute(waves, offsets).values())).toBeLessThanOrEqual(throttle);
      for (const row of offsets) expect(row).toEqual([...row].sort((a, b) => a - b));
    }
  });

  it('refuses a throttle that is not a positive whole number, and a request bigger than it', () => {
    expect(() => oneWave([100], 0)).toThrow(RangeError);
    expect(() => recipientsPerRequest(2.5)).toThrow(RangeError);
    expect(() => oneWave([31], 30)).toThrow(RangeError);
  });

  it('flags a spread whose last request reaches the end of the allowed window', () => {
    expect(waveSpread(START, 42, START + 60 * MINUTE)).toEqual({ lastMs: START + 42 * MINUTE, pastWindow: false });
    expect(waveSpread(START, 60, START + 60 * MINUTE)).toEqual({ lastMs: START + 60 * MINUTE, pastWindow: true });
    expect(waveSpread(START, 61, START + 60 * MINUTE).pastWindow).toBe(true);
    // No window end: never flagged. A wave starting right at its end is the planner's call, not the throttle's.
    expect(waveSpread(START, 10_000, undefined).pastWindow).toBe(false);
    expect(waveSpread(START, 0, START).pastWindow).toBe(false);
  });
});
