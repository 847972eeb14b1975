import { displayLocale } from './locale';

/**
 * Money is always an integer count of the currency's minor units (paise, cents).
 * Decimal text from the wire or a form is converted here, digit by digit, never through
 * floating-point arithmetic.
 */
export interface Money {
  readonly minor: number;
  readonly currency: string;
}

export type MoneyErrorCode = 'MONEY_INVALID' | 'MONEY_TOO_PRECISE' | 'MONEY_UNSAFE' | 'MONEY_CURRENCY_MISMATCH' | 'MONEY_INVALID_SPLIT';

export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MoneyError';
  }
}

const minorDigitsCache = new Map<string, number>();

/** Number of minor-unit digits of an ISO 4217 currency (2 for INR/USD/EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  const cached = minorDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  minorDigitsCache.set(currency, digits);
  return digits;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Converts a decimal amount in major units ("12.5", 12.5, "-3") into integer minor units.
 * Rejects more fractional digits than the currency has, rather than rounding money away.
 */
export function parseMajorToMinor(value: string | number, currency: string): number {
  const text = typeof value === 'number' ? numberToPlainString(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError('MONEY_INVALID', `"${String(value)}" is not an amount`);
  const [, sign, whole = '0', fraction = ''] = match;
  const digits = minorDigits(currency);
  const trimmedFraction = fraction.replace(/0+$/, '');
  if (trimmedFraction.length > digits) {
    throw new MoneyError('MONEY_TOO_PRECISE', `${currency} amounts have at most ${digits} decimal places`);
  }
  const minorText = whole + trimmedFraction.padEnd(digits, '0');
  const minor = Number(minorText);
  if (!Number.isSafeInteger(minor)) throw new MoneyError('MONEY_UNSAFE', 'amount is too large');
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** Integer minor units as a plain decimal string in major units ("1234.50"). */
export function minorToMajorString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new MoneyError('MONEY_UNSAFE', 'amount is not a safe integer');
  const digits = minorDigits(currency);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = digits > 0 ? `.${text.slice(text.length - digits)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** Formats for people, in their locale ("₹1,234.50"). Display only: never parse this back. */
/** Building a formatter costs far more than formatting: tables of thousands of amounts reuse one per locale and currency. */
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string, locale = displayLocale()): string {
  const digits = minorDigits(currency);
  const major = minorToMajorString(minor, currency);
  const key = `${locale}|${currency}|${digits}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    moneyFormats.set(key, format);
  }
  return format.format(major as unknown as number);
}

function numberToPlainString(value: number): string {
  if (!Number.isFinite(value)) throw new MoneyError('MONEY_INVALID', `${value} is not an amount`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

// ---------------------------------------------------------------------------------------------
// Arithmetic on Money: integers only, one currency at a time.

/** Builds a Money value, refusing fractions and unsafe integers. */
export function money(minor: number, currency: string): Money {
  assertSafeMinor(minor);
  return { minor, currency };
}

export function zeroMoney(currency: string): Money {
  return { minor: 0, currency };
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.minor + b.minor, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.minor - b.minor, a.currency);
}

/** Sum of amounts in `currency` (an empty list sums to zero). */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0;
  for (const amount of amounts) {
    if (amount.currency !== currency) throw currencyMismatch(currency, amount.currency);
    total += amount.minor;
    assertSafeMinor(total);
  }
  return { minor: total, currency };
}

/** Multiplies by a whole number (a count of units or recipients). */
export function multiplyMoney(amount: Money, factor: number): Money {
  if (!Number.isSafeInteger(factor)) throw new MoneyError('MONEY_INVALID', `${factor} is not a whole number`);
  return money(amount.minor * factor, amount.currency);
}

export function minMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return a.minor <= b.minor ? a : b;
}

export function compareMoney(a: Money, b: Money): number {
  assertSameCurrency(a, b);
  return a.minor - b.minor;
}

/**
 * Splits `minor` into parts proportional to `weights` (non-negative integers or bigints) so the
 * parts always add up to `minor` exactly: each part gets its floor share, and the units left
 * over go one by one to the largest remainders (ties to the earlier part).
 */
export function allocateMinor(minor: number, weights: readonly (number | bigint)[]): number[] {
  assertSafeMinor(minor);
  if (weights.length === 0) {
    if (minor === 0) return [];
    throw new MoneyError('MONEY_INVALID_SPLIT', 'cannot split an amount into zero parts');
  }
  const big = weights.map((weight) => {
    if (typeof weight === 'number' && !Number.isSafeInteger(weight)) {
      throw new MoneyError('MONEY_INVALID_SPLIT', `weight ${weight} is not a whole number`);
    }
    const value = BigInt(weight);
    if (value < 0n) throw new MoneyError('MONEY_INVALID_SPLIT', 'weights cannot be negative');
    return value;
  });
  let totalWeight = 0n;
  for (const weight of big) totalWeight += weight;
  // With no weight at all, split evenly rather than refuse.
  const effective = totalWeight === 0n ? big.map(() => 1n) : big;
  const weightSum = totalWeight === 0n ? BigInt(big.length) : totalWeight;

  const negative = minor < 0;
  const amount = BigInt(Math.abs(minor));
  const parts: bigint[] = [];
  const remainders: { index: number; remainder: bigint }[] = [];
  let allocated = 0n;
  effective.forEach((weight, index) => {
    const product = amount * weight;
    const part = product / weightSum;
    parts.push(part);
    allocated += part;
    remainders.push({ index, remainder: product % weightSum });
  });
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  let left = amount - allocated;
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map((part) => (negative ? -Number(part) : Number(part)));
}

/** Splits an amount into `count` parts that differ by at most one minor unit. */
export function splitMoneyEvenly(amount: Money, count: number): Money[] {
  if (!Number.isSafeInteger(count) || count <= 0) {
    throw new MoneyError('MONEY_INVALID_SPLIT', 'split into at least one part');
  }
  return allocateMinor(amount.minor, new Array<number>(count).fill(1)).map((minor) => ({ minor, currency: amount.currency }));
}

function assertSafeMinor(minor: number): void {
  if (!Number.isSafeInteger(minor)) throw new MoneyError('MONEY_UNSAFE', `${minor} is not a whole number of minor units`);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw currencyMismatch(a.currency, b.currency);
}

function currencyMismatch(expected: string, actual: string): MoneyError {
  return new MoneyError('MONEY_CURRENCY_MISMATCH', `cannot combine ${expected} with ${actual}`);
}
