import { describe, expect, it } from 'vitest';
import { recipientsPerRequest, spreadOffsetsMinutes, waveSpread } from '../../../electron/core/campaigns/throttle-spread';

const START = Date.parse('2026-03-02T04:30:00.000Z');
const MINUTE = 60_000;

describe('throttle spread', () => {
  it('sends every request at the wave start without a throttle', () => {
    expect(spreadOffsetsMinutes([100, 100, 37], null)).toEqual([0, 0, 0]);
    expect(recipientsPerRequest(null)).toBe(100);
  });

  it('puts each request at floor(recipients in earlier requests / throttle) minutes', () => {
    // 250 per minute: 0, 100, 200 → minute 0; 300, 400 → minute 1; 500 → minute 2.
    expect(spreadOffsetsMinutes([100, 100, 100, 100, 100, 100], 250)).toEqual([0, 0, 0, 1, 1, 2]);
  });

  it('lands exactly on a minute boundary when the earlier recipients fill whole minutes', () => {
    // 200 per minute: after 200 recipients the next request starts minute 1, not still minute 0.
    expect(spreadOffsetsMinutes([100, 100, 100, 100, 100], 200)).toEqual([0, 0, 1, 1, 2]);
    // 199 and 201 either side of the boundary.
    expect(spreadOffsetsMinutes([100, 99, 1], 200)).toEqual([0, 0, 0]);
    expect(spreadOffsetsMinutes([100, 100, 1, 1], 200)).toEqual([0, 0, 1, 1]);
  });

  it('makes requests no bigger than a throttle below 100 and spreads them a minute apart', () => {
    expect(recipientsPerRequest(30)).toBe(30);
    expect(recipientsPerRequest(100)).toBe(100);
    expect(recipientsPerRequest(5000)).toBe(100);
    // 100 recipients at 30 per minute: 30, 30, 30, 10 → minutes 0, 1, 2, 3.
    expect(spreadOffsetsMinutes([30, 30, 30, 10], 30)).toEqual([0, 1, 2, 3]);
    // A personalised single-recipient request still counts one each: 7 per minute.
    expect(spreadOffsetsMinutes([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 7)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2]);
  });

  it('refuses a throttle that is not a positive whole number', () => {
    expect(() => spreadOffsetsMinutes([100], 0)).toThrow(RangeError);
    expect(() => recipientsPerRequest(2.5)).toThrow(RangeError);
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
