import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFunds, countsAgainst, creditAccountOf, insufficientFunds, reservedTotal } from '../../../electron/core/campaigns/money-guard';
import type { BillingSnapshot } from '../../../electron/core/store/billing-repository';
import { estimateCost } from '../../../shared/pricing';

const prepaid = (balanceMinor: number): BillingSnapshot => ({
  pulledAt: '2026-03-01T08:00:00.000Z',
  accountType: 'prepaid',
  creditType: 'assigned',
  currency: 'INR',
  balanceMinor,
  creditLimitMinor: null,
  usedMinor: null,
  remainingMinor: null,
  usage75Percent: null,
  periodStart: null,
  periodEnd: null,
});

const postpaid = (limit: number, used: number): BillingSnapshot => ({
  ...prepaid(0),
  accountType: 'postpaid',
  creditType: null,
  currency: 'INR',
  balanceMinor: null,
  creditLimitMinor: limit,
  usedMinor: used,
  remainingMinor: limit - used,
});

/** An estimate for `recipients` single-unit messages to India at ₹0.25. */
const estimate = (recipients: number) =>
  estimateCost([{ country: 'IN', recipients, units: recipients, waveId: 'w1' }], { currency: 'INR', unitPrices: { IN: '0.25' } });

describe('reservation arithmetic', () => {
  it('counts held reservations and those released after the balance read began', () => {
    expect(countsAgainst({ amountMinor: 100, releasedAtMs: null }, 1_000)).toBe(true);
    expect(countsAgainst({ amountMinor: 100, releasedAtMs: 1_000 }, 1_000)).toBe(true);
    expect(countsAgainst({ amountMinor: 100, releasedAtMs: 999 }, 1_000)).toBe(false);
    expect(
      reservedTotal(
        [
          { amountMinor: 100, releasedAtMs: null },
          { amountMinor: 40, releasedAtMs: 2_000 },
          { amountMinor: 7, releasedAtMs: 500 },
        ],
        1_000,
      ),
    ).toBe(140);
  });

  it('leaves available = balance − other launches’ reservations', () => {
    const check = checkFunds({ billing: prepaid(50_000), reservedMinor: 30_000, estimate: estimate(1_000), budgetMinor: null });
    expect(check).toMatchObject({ fits: false, available: { minor: 20_000 }, needed: { minor: 25_000 }, shortfall: { minor: 5_000 }, limitedBy: 'balance' });
    expect(checkFunds({ billing: prepaid(50_000), reservedMinor: 25_000, estimate: estimate(1_000), budgetMinor: null }).fits).toBe(true);
  });

  it('uses the remaining monthly allowance of postpaid and shared accounts, and the campaign budget', () => {
    const allowance = checkFunds({ billing: postpaid(100_000, 90_000), reservedMinor: 0, estimate: estimate(100), budgetMinor: null });
    expect(allowance).toMatchObject({ fits: true, available: { minor: 10_000 } });
    expect(creditAccountOf(postpaid(100_000, 90_000))).toMatchObject({ type: 'shared', parentRemaining: { minor: 10_000 } });
    const capped = checkFunds({ billing: prepaid(1_000_000), reservedMinor: 0, estimate: estimate(100), budgetMinor: 2_000 });
    expect(capped).toMatchObject({ fits: false, limitedBy: 'campaign-budget', available: { minor: 2_000 } });
  });

  it('refuses a rate card in another currency than the account', () => {
    const dollars = estimateCost([{ country: 'US', recipients: 1, units: 1 }], { currency: 'USD', unitPrices: { US: '0.01' } });
    expect(() => checkFunds({ billing: prepaid(100), reservedMinor: 0, estimate: dollars, budgetMinor: null })).toThrow(/USD.*INR/);
  });

  it('says what is needed, what there is and what is promised elsewhere', () => {
    const check = checkFunds({ billing: prepaid(50_000), reservedMinor: 30_000, estimate: estimate(1_000), budgetMinor: null });
    const error = insufficientFunds(check, 30_000);
    expect(error.code).toBe('INSUFFICIENT_FUNDS');
    expect(error.message).toBe(
      (
        'This launch needs ₹250.00 but the balance leaves ₹200.00 (after ₹300.00 reserved by this account’s other launches): ₹50.00 short. ' +
        'Cut recipients or waves, or add credit, then launch again.'
      ).replace('’', "'"),
    );
  });

  it('never lets launches checked one after another promise more than the balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.array(fc.integer({ min: 1, max: 5_000 }), { maxLength: 30 }), (balance, sizes) => {
        let reserved = 0;
        for (const size of sizes) {
          const wanted = estimate(size);
          if (checkFunds({ billing: prepaid(balance), reservedMinor: reserved, estimate: wanted, budgetMinor: null }).fits) reserved += wanted.total.minor;
        }
        expect(reserved).toBeLessThanOrEqual(balance);
      }),
    );
  });
});
