/**
 * Rate cards and cost estimates.
 *
 * Kaleyra charges one unit per SMS segment at the destination country's unit price. Unit prices
 * are often finer than the currency's minor unit (USD 0.0079), so a price is kept as an exact
 * decimal (integer numerator and a power-of-ten scale) and a cost is rounded to minor units only
 * once, upwards, for the whole campaign: an estimate may exceed the final charge by less than one
 * minor unit but never falls short of it. Breakdowns (per country, wave, variant) are allocations
 * of that rounded total, so each of them adds up to it exactly.
 */
import { allocateMinor, minorDigits, type Money } from './money';
import type { AudienceGroup, WavePlan } from './schedule';

export type PricingErrorCode = 'PRICING_INVALID_PRICE' | 'PRICING_INVALID_LINE' | 'PRICING_UNSAFE';

export class PricingError extends Error {
  constructor(
    readonly code: PricingErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}

export interface RateCard {
  readonly currency: string;
  /** Price of one unit per destination country (ISO 3166 alpha-2), as a decimal in major units ("0.0079"). */
  readonly unitPrices: Readonly<Record<string, string>>;
}

export interface UnitPrice {
  readonly currency: string;
  /** The price as written, normalised ("0.0079"). */
  readonly perUnit: string;
  /** perUnit = numerator / 10^scale major units. */
  readonly numerator: bigint;
  readonly scale: number;
}

const PRICE = /^(\d+)(?:\.(\d+))?$/;
const MAX_PRICE_DECIMALS = 9;

/** Parses a non-negative decimal unit price without floating point. */
export function parseUnitPrice(text: string, currency: string, field = 'unitPrice'): UnitPrice {
  const match = PRICE.exec(text.trim());
  if (!match) throw new PricingError('PRICING_INVALID_PRICE', `"${text}" is not a price; write it like 0.25`, field);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > MAX_PRICE_DECIMALS) {
    throw new PricingError('PRICING_INVALID_PRICE', `"${text}" has more than ${MAX_PRICE_DECIMALS} decimal places`, field);
  }
  const numerator = BigInt(whole + fraction);
  const wholeText = whole.replace(/^0+(?=\d)/, '');
  return { currency, perUnit: fraction ? `${wholeText}.${fraction}` : wholeText, numerator, scale: fraction.length };
}

/** One slice of the audience to price: its destination, variant, wave and size. */
export interface CostLine {
  readonly country?: string;
  readonly variant?: string;
  readonly waveId?: string;
  readonly recipients: number;
  /** SMS units for the whole line (sum over its recipients' messages). */
  readonly units: number;
}

export interface CostShare {
  readonly recipients: number;
  readonly units: number;
  readonly cost: Money;
}

export interface CountryCost extends CostShare {
  readonly country: string;
  readonly unitPrice: string;
}

export interface CostEstimate {
  readonly currency: string;
  readonly total: Money;
  readonly recipients: number;
  readonly units: number;
  readonly byCountry: CountryCost[];
  readonly byWave: (CostShare & { readonly waveId: string })[];
  readonly byVariant: (CostShare & { readonly variant: string })[];
  /** Lines whose country has no price on the card (not enabled) or is unknown; not in `total`. */
  readonly unpriced: { readonly country: string | undefined; readonly recipients: number; readonly units: number }[];
}

interface Bucket {
  recipients: number;
  units: number;
  exact: bigint;
}

/** Recipients × units × the destination's unit price, with totals per country, wave and variant. */
export function estimateCost(lines: readonly CostLine[], rateCard: RateCard): CostEstimate {
  const { currency } = rateCard;
  const prices = new Map<string, UnitPrice>();
  let scale = 0;
  for (const [country, text] of Object.entries(rateCard.unitPrices)) {
    const price = parseUnitPrice(text, currency, `unitPrices.${country}`);
    prices.set(country.toUpperCase(), price);
    scale = Math.max(scale, price.scale);
  }
  // Exact costs are integers in units of 10^-scale major units.
  const atScale = new Map<string, bigint>();
  for (const [country, price] of prices) atScale.set(country, price.numerator * 10n ** BigInt(scale - price.scale));

  const byCountry = new Map<string, Bucket>();
  const byWave = new Map<string, Bucket>();
  const byVariant = new Map<string, Bucket>();
  const unpriced = new Map<string | undefined, { country: string | undefined; recipients: number; units: number }>();
  let exactTotal = 0n;
  let recipients = 0;
  let units = 0;

  lines.forEach((line, index) => {
    if (!Number.isSafeInteger(line.recipients) || line.recipients < 0 || !Number.isSafeInteger(line.units) || line.units < 0) {
      throw new PricingError('PRICING_INVALID_LINE', `line ${index} needs whole, non-negative recipients and units`, `lines.${index}`);
    }
    const country = line.country?.toUpperCase();
    const price = country === undefined ? undefined : atScale.get(country);
    if (price === undefined) {
      const entry = unpriced.get(country) ?? { country, recipients: 0, units: 0 };
      entry.recipients += line.recipients;
      entry.units += line.units;
      unpriced.set(country, entry);
      return;
    }
    const exact = price * BigInt(line.units);
    exactTotal += exact;
    recipients += line.recipients;
    units += line.units;
    addTo(byCountry, country ?? '', line, exact);
    if (line.waveId !== undefined) addTo(byWave, line.waveId, line, exact);
    if (line.variant !== undefined) addTo(byVariant, line.variant, line, exact);
  });

  const totalMinor = ceilToMinor(exactTotal, scale, minorDigits(currency));
  // Each breakdown is an allocation of the rounded total; lines without the breakdown's key
  // (no wave, no variant) take part as one hidden share so the listed shares stay exact.
  const share = <K extends string>(buckets: Map<string, Bucket>, key: K) => {
    const entries = [...buckets.entries()];
    const weights = entries.map(([, bucket]) => bucket.exact);
    let keyed = 0n;
    for (const weight of weights) keyed += weight;
    const minors = allocateMinor(totalMinor, [...weights, exactTotal - keyed]);
    return entries.map(([name, bucket], index) => ({
      [key]: name,
      recipients: bucket.recipients,
      units: bucket.units,
      cost: { minor: minors[index] ?? 0, currency },
    })) as (CostShare & Record<K, string>)[];
  };

  return {
    currency,
    total: { minor: totalMinor, currency },
    recipients,
    units,
    byCountry: share(byCountry, 'country').map((entry) => ({ ...entry, unitPrice: prices.get(entry.country)?.perUnit ?? '0' })),
    byWave: share(byWave, 'waveId'),
    byVariant: share(byVariant, 'variant'),
    unpriced: [...unpriced.values()],
  };
}

function addTo(buckets: Map<string, Bucket>, key: string, line: CostLine, exact: bigint): void {
  const bucket = buckets.get(key) ?? { recipients: 0, units: 0, exact: 0n };
  bucket.recipients += line.recipients;
  bucket.units += line.units;
  bucket.exact += exact;
  buckets.set(key, bucket);
}

/** Rounds an exact amount (in 10^-scale major units) up to whole minor units. */
function ceilToMinor(exact: bigint, scale: number, digits: number): number {
  let minor: bigint;
  if (scale <= digits) minor = exact * 10n ** BigInt(digits - scale);
  else {
    const divisor = 10n ** BigInt(scale - digits);
    minor = (exact + divisor - 1n) / divisor;
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new PricingError('PRICING_UNSAFE', 'the estimate is too large to represent');
  return Number(minor);
}

/**
 * Cost lines for the waves of a plan: one per (wave, audience group), carrying the group's
 * country, variant and units. Unscheduled groups are not sent, so they are not priced.
 */
export function costLinesFromPlan(audience: readonly AudienceGroup[], plan: Pick<WavePlan, 'waves'>): CostLine[] {
  const lines: CostLine[] = [];
  for (const wave of plan.waves) {
    for (const index of wave.groups) {
      const group = audience[index];
      if (!group) continue;
      lines.push({
        ...(group.country !== undefined ? { country: group.country } : {}),
        ...(group.variant !== undefined ? { variant: group.variant } : {}),
        waveId: wave.id,
        recipients: group.recipients,
        units: group.units ?? group.recipients,
      });
    }
  }
  return lines;
}

/** Exact cost of `units` at a unit price, rounded up to minor units (for a single message). */
export function costOfUnits(units: number, price: UnitPrice): Money {
  if (!Number.isSafeInteger(units) || units < 0) throw new PricingError('PRICING_INVALID_LINE', 'units must be a whole, non-negative number');
  return { minor: ceilToMinor(price.numerator * BigInt(units), price.scale, minorDigits(price.currency)), currency: price.currency };
}
