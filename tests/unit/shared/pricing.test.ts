import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costLinesFromPlan, costOfUnits, estimateCost, parseUnitPrice, PricingError, type RateCard } from '../../../shared/pricing';
import { planWaves, type AudienceGroup } from '../../../shared/schedule';

const card: RateCard = { currency: 'INR', unitPrices: { IN: '0.12', US: '0.6475', AE: '1.5' } };

describe('unit prices', () => {
  it('are exact decimals', () => {
    expect(parseUnitPrice('0.0079', 'USD')).toEqual({ currency: 'USD', perUnit: '0.0079', numerator: 79n, scale: 4 });
    expect(parseUnitPrice('00.500', 'INR')).toEqual({ currency: 'INR', perUnit: '0.5', numerator: 5n, scale: 1 });
    expect(() => parseUnitPrice('-1', 'INR')).toThrow(PricingError);
    expect(() => parseUnitPrice('1e-3', 'INR')).toThrow(PricingError);
    expect(costOfUnits(3, parseUnitPrice('0.0079', 'USD'))).toEqual({ minor: 3, currency: 'USD' }); // 0.0237 → 0.03
  });
});

describe('estimateCost', () => {
  it('multiplies units by the destination price and breaks the total down', () => {
    const estimate = estimateCost(
      [
        { country: 'IN', variant: 'hi', waveId: 'w1', recipients: 1000, units: 2000 },
        { country: 'IN', variant: 'en', waveId: 'w1', recipients: 500, units: 500 },
        { country: 'US', variant: 'en', waveId: 'w2', recipients: 10, units: 13 },
        { country: 'FR', variant: 'en', waveId: 'w3', recipients: 4, units: 4 },
        { recipients: 2, units: 2 },
      ],
      card,
    );
    // IN: 2500 × 0.12 = 300.00; US: 13 × 0.6475 = 8.4175 → exact total 308.4175 → 308.42 rounded up.
    expect(estimate.total).toEqual({ minor: 30842, currency: 'INR' });
    expect(estimate.recipients).toBe(1510);
    expect(estimate.units).toBe(2513);
    expect(estimate.byCountry).toEqual([
      { country: 'IN', unitPrice: '0.12', recipients: 1500, units: 2500, cost: { minor: 30000, currency: 'INR' } },
      { country: 'US', unitPrice: '0.6475', recipients: 10, units: 13, cost: { minor: 842, currency: 'INR' } },
    ]);
    expect(estimate.byWave.map((entry) => [entry.waveId, entry.cost.minor])).toEqual([
      ['w1', 30000],
      ['w2', 842],
    ]);
    expect(estimate.byVariant.map((entry) => [entry.variant, entry.cost.minor])).toEqual([
      ['hi', 24000],
      ['en', 6842],
    ]);
    expect(estimate.unpriced).toEqual([
      { country: 'FR', recipients: 4, units: 4 },
      { country: undefined, recipients: 2, units: 2 },
    ]);
  });

  it('always covers the exact cost by less than one minor unit, and every breakdown adds up to the total', () => {
    const countries = ['IN', 'US', 'AE', 'GB'];
    const lineArb = fc.record({
      country: fc.constantFrom(...countries),
      variant: fc.constantFrom('en', 'hi', 'ar'),
      waveId: fc.constantFrom('a', 'b', 'c', 'd'),
      recipients: fc.integer({ min: 0, max: 1_000_000 }),
      perRecipient: fc.integer({ min: 1, max: 6 }),
    });
    const priceArb = fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(6, '0')}`);
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.array(priceArb, { minLength: 4, maxLength: 4 }), (rows, priceTexts) => {
        const unitPrices = Object.fromEntries(countries.slice(0, 3).map((country, index) => [country, priceTexts[index] ?? '0']));
        const lines = rows.map(({ perRecipient, ...row }) => ({ ...row, units: row.recipients * perRecipient }));
        const estimate = estimateCost(lines, { currency: 'USD', unitPrices });
        // Exact total in millionths of a dollar.
        let exactMicros = 0n;
        for (const line of lines) {
          const price = unitPrices[line.country];
          if (price !== undefined)
            exactMicros += parseUnitPrice(price, 'USD').numerator * 10n ** BigInt(6 - parseUnitPrice(price, 'USD').scale) * BigInt(line.units);
        }
        const totalMicros = BigInt(estimate.total.minor) * 10_000n;
        expect(totalMicros >= exactMicros).toBe(true);
        expect(totalMicros - exactMicros < 10_000n).toBe(true);
        for (const breakdown of [estimate.byCountry, estimate.byWave, estimate.byVariant]) {
          expect(breakdown.reduce((sum, entry) => sum + entry.cost.minor, 0)).toBe(estimate.total.minor);
        }
        const unpricedRecipients = estimate.unpriced.reduce((sum, entry) => sum + entry.recipients, 0);
        expect(estimate.recipients + unpricedRecipients).toBe(lines.reduce((sum, line) => sum + line.recipients, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('prices the waves of a plan', () => {
    const audience: AudienceGroup[] = [
      { zones: ['Asia/Kolkata'], zoneMethod: 'country', country: 'IN', variant: 'hi', recipients: 100, units: 300 },
      { zones: ['America/New_York'], zoneMethod: 'prefix', country: 'US', variant: 'en', recipients: 10, units: 10 },
      { zones: [], zoneMethod: 'unknown', country: 'IN', variant: 'en', recipients: 5, units: 5 },
    ];
    const plan = planWaves({ audience, target: { kind: 'local', localDate: '2026-12-01', localTime: '10:00' }, now: '2026-11-20T00:00:00Z' });
    const lines = costLinesFromPlan(audience, plan);
    expect(lines).toEqual([
      { country: 'IN', variant: 'hi', waveId: 'Asia/Kolkata@2026-12-01T04:30:00.000Z', recipients: 100, units: 300 },
      { country: 'US', variant: 'en', waveId: 'America/New_York@2026-12-01T15:00:00.000Z', recipients: 10, units: 10 },
    ]);
    expect(estimateCost(lines, card).total.minor).toBe(3600 + 648);
  });
});
