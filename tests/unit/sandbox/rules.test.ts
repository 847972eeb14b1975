import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../sandbox/domain/rate-limiter';
import { scheduledInstant } from '../../../sandbox/domain/schedule';
import { deliveryOutcomeFor } from '../../../sandbox/domain/delivery-outcome';
import { checkRecipient, splitRecipients } from '../../../sandbox/domain/recipients';
import { SandboxError } from '../../../sandbox/domain/errors';
import { AdjustableClock, periodBounds, utcPeriod, MINUTE } from '../../../sandbox/domain/clock';
import { validLowBalanceAlert, validMonthlyLimit, validName, validRechargeAmount } from '../../../sandbox/domain/subaccount-rules';

const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof SandboxError) return error.code;
    throw error;
  }
  return undefined;
}

describe('rate limiter', () => {
  it('admits up to the limit per window and per account, then answers with the seconds left', () => {
    const limiter = new RateLimiter({ requests: 2, windowMs: 10_000 });
    limiter.admit('a', null, 0);
    limiter.admit('a', null, 1);
    limiter.admit('b', null, 1);
    let refusal: SandboxError | undefined;
    try {
      limiter.admit('a', null, 2_500);
    } catch (error) {
      refusal = error as SandboxError;
    }
    expect(refusal?.httpStatus).toBe(429);
    expect(refusal?.retryAfterSeconds).toBe(8);
    expect(() => limiter.admit('a', null, 10_000)).not.toThrow();
  });

  it('can be off, and a per-account override wins over the default', () => {
    const off = new RateLimiter('off');
    for (let i = 0; i < 1000; i += 1) off.admit('a', null, 0);
    const limiter = new RateLimiter('off');
    limiter.admit('a', { requests: 1, windowMs: 1000 }, 0);
    expect(codeOf(() => limiter.admit('a', { requests: 1, windowMs: 1000 }, 1))).toBe('SBX-RATE-LIMITED');
  });
});

describe('schedule bounds', () => {
  it('needs an offset and keeps 15 minutes to 3 calendar months', () => {
    expect(codeOf(() => scheduledInstant('2026-01-31T13:00:00', NOW))).toBe('SBX-SCHEDULE-INVALID');
    expect(codeOf(() => scheduledInstant('2026-02-30T13:00:00Z', NOW))).toBeUndefined();
    expect(scheduledInstant('2026-01-31T17:45:00+05:30', NOW)).toBe(NOW + 15 * MINUTE);
    expect(codeOf(() => scheduledInstant('2026-01-31T12:14:59Z', NOW))).toBe('SBX-SCHEDULE-TOO-SOON');
    // Jan 31 + 3 months overflows to May 1 in UTC arithmetic; the bound follows Date's rules.
    expect(codeOf(() => scheduledInstant('2026-05-01T12:00:00Z', NOW))).toBeUndefined();
    expect(codeOf(() => scheduledInstant('2026-05-01T12:00:01Z', NOW))).toBe('SBX-SCHEDULE-TOO-FAR');
  });
});

describe('delivery outcome', () => {
  it('is decided by the last four digits', () => {
    expect(deliveryOutcomeFor('+919812340000')).toEqual({ status: 'UnDelivered', trace: 'ABSENT-SUB' });
    expect(deliveryOutcomeFor('+919812340001').trace).toBe('MOB-OFF');
    expect(deliveryOutcomeFor('+919812345678')).toEqual({ status: 'Delivered', trace: 'DELIVERED' });
  });
});

describe('recipients', () => {
  it('normalises to E.164 with a country, tolerating a missing plus', () => {
    expect(checkRecipient('919812345678')).toEqual({ kind: 'valid', e164: '+919812345678', country: 'IN' });
    expect(checkRecipient('+44 7700 900123')).toEqual({ kind: 'valid', e164: '+447700900123', country: 'GB' });
    expect(checkRecipient('hello').kind).toBe('invalid');
    expect(checkRecipient('+1').kind).toBe('invalid');
    expect(splitRecipients(' +1, ,+2 ')).toEqual(['+1', '+2']);
  });
});

describe('clock and periods', () => {
  it('only moves forward and names UTC months', () => {
    const clock = new AdjustableClock({ now: () => NOW });
    clock.advance(MINUTE);
    expect(clock.now()).toBe(NOW + MINUTE);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(utcPeriod(NOW)).toBe('2026-01');
    expect(periodBounds(NOW)).toEqual({ start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' });
  });
});

describe('sub-account rules', () => {
  it('checks names, limits, recharge amounts and alert settings', () => {
    expect(validName('  Team 42 ')).toBe('Team 42');
    expect(codeOf(() => validName('Team  42'))).toBe('SBX-NAME-INVALID');
    expect(validMonthlyLimit('250', 'USD')).toBe(25_000);
    expect(codeOf(() => validMonthlyLimit('-5', 'USD'))).toBe('RBC2332');
    expect(validRechargeAmount('-0.5', 'INR', 'amount')).toBe(-50);
    expect(codeOf(() => validRechargeAmount('-0.00', 'INR', 'amount'))).toBe('SBX-AMOUNT-ZERO');
    expect(validLowBalanceAlert({ enabled: false, amount: 'x', emails: ['bad'] }, 'INR')).toEqual({ enabled: false, thresholdMinor: null, emails: [] });
    expect(validLowBalanceAlert({ enabled: true, amount: '12.5', emails: ['A@B.example'] }, 'INR')).toEqual({
      enabled: true,
      thresholdMinor: 1250,
      emails: ['a@b.example'],
    });
  });
});
