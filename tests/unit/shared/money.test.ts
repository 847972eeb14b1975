import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMoney,
  allocateMinor,
  formatMoney,
  minorDigits,
  minorToMajorString,
  money,
  MoneyError,
  multiplyMoney,
  parseMajorToMinor,
  splitMoneyEvenly,
  subtractMoney,
  sumMoney,
} from '../../../shared/money';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error instanceof MoneyError ? error.code : 'other';
  }
  return 'none';
};

describe('money basics (existing behaviour)', () => {
  it('parses and prints decimal amounts without floating point', () => {
    expect(parseMajorToMinor('12.5', 'INR')).toBe(1250);
    expect(parseMajorToMinor(0.3, 'USD')).toBe(30);
    expect(parseMajorToMinor('-3', 'USD')).toBe(-300);
    expect(parseMajorToMinor('500', 'JPY')).toBe(500);
    expect(codeOf(() => parseMajorToMinor('1.234', 'USD'))).toBe('MONEY_TOO_PRECISE');
    expect(minorToMajorString(123450, 'INR')).toBe('1234.50');
    expect(minorToMajorString(-5, 'USD')).toBe('-0.05');
    expect(minorDigits('JPY')).toBe(0);
    expect(formatMoney(123450, 'INR', 'en-IN')).toBe('₹1,234.50');
  });

  it('round-trips every amount through text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('INR', 'USD', 'JPY', 'KWD'), (minor, currency) => {
        expect(parseMajorToMinor(minorToMajorString(minor, currency), currency)).toBe(minor);
      }),
      { numRuns: 500 },
    );
  });
});

describe('money arithmetic', () => {
  it('adds, subtracts, sums and multiplies within one currency', () => {
    expect(addMoney(money(150, 'INR'), money(250, 'INR'))).toEqual({ minor: 400, currency: 'INR' });
    expect(subtractMoney(money(150, 'INR'), money(250, 'INR'))).toEqual({ minor: -100, currency: 'INR' });
    expect(sumMoney([money(1, 'USD'), money(2, 'USD')], 'USD')).toEqual({ minor: 3, currency: 'USD' });
    expect(sumMoney([], 'USD')).toEqual({ minor: 0, currency: 'USD' });
    expect(multiplyMoney(money(12, 'INR'), 3)).toEqual({ minor: 36, currency: 'INR' });
  });

  it('refuses mixed currencies, fractions and unsafe integers', () => {
    expect(codeOf(() => addMoney(money(1, 'INR'), money(1, 'USD')))).toBe('MONEY_CURRENCY_MISMATCH');
    expect(codeOf(() => money(0.5, 'INR'))).toBe('MONEY_UNSAFE');
    expect(codeOf(() => multiplyMoney(money(1, 'INR'), 1.5))).toBe('MONEY_INVALID');
    expect(codeOf(() => multiplyMoney(money(Number.MAX_SAFE_INTEGER, 'INR'), 2))).toBe('MONEY_UNSAFE');
    expect(codeOf(() => splitMoneyEvenly(money(10, 'INR'), 0))).toBe('MONEY_INVALID_SPLIT');
  });

  it('allocates by largest remainder', () => {
    expect(allocateMinor(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateMinor(5, [3, 0, 1])).toEqual([4, 0, 1]);
    expect(allocateMinor(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocateMinor(7, [0, 0])).toEqual([4, 3]);
    expect(splitMoneyEvenly(money(10, 'USD'), 3).map((part) => part.minor)).toEqual([4, 3, 3]);
  });

  it('never loses or creates a unit when splitting and summing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.bigInt({ min: 0n, max: 10n ** 30n })), { minLength: 1, maxLength: 40 }),
        (minor, weights) => {
          const parts = allocateMinor(minor, weights);
          expect(parts).toHaveLength(weights.length);
          expect(parts.reduce((sum, part) => sum + BigInt(part), 0n)).toBe(BigInt(minor));
          for (const part of parts) expect(Number.isSafeInteger(part)).toBe(true);
          // Each part is within one unit of its exact proportional share.
          const totalWeight = weights.reduce<bigint>((sum, weight) => sum + BigInt(weight), 0n);
          if (totalWeight > 0n) {
            weights.forEach((weight, index) => {
              const exactTimesWeight = BigInt(Math.abs(minor)) * BigInt(weight);
              const part = BigInt(Math.abs(parts[index] ?? 0));
              expect(part * totalWeight - exactTimesWeight < totalWeight).toBe(true);
              expect(exactTimesWeight - part * totalWeight < totalWeight).toBe(true);
            });
          }
          const summed = sumMoney(
            parts.map((part) => money(part, 'INR')),
            'INR',
          );
          expect(summed.minor).toBe(minor);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
