import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBudget } from '../../../shared/budget';
import { MoneyError, type Money } from '../../../shared/money';

const inr = (minor: number): Money => ({ minor, currency: 'INR' });

describe('checkBudget', () => {
  it('fits an assigned balance minus what is already committed', () => {
    const check = checkBudget({ account: { type: 'assigned', balance: inr(10_000) }, committed: inr(2_000), needed: inr(8_000), recipients: 100 });
    expect(check).toMatchObject({ fits: true, available: inr(8_000), shortfall: inr(0), limitedBy: 'balance', cuts: [] });
  });

  it('takes the tightest of the monthly limit and the parent’s allowance for shared credit', () => {
    const account = { type: 'shared', monthlyLimit: inr(50_000), usedThisMonth: inr(45_000), parentRemaining: inr(3_000) } as const;
    const check = checkBudget({ account, needed: inr(4_000), recipients: 400 });
    expect(check.limits).toEqual([
      { limit: 'monthly-limit', available: inr(5_000) },
      { limit: 'parent-allowance', available: inr(3_000) },
    ]);
    expect(check).toMatchObject({ fits: false, available: inr(3_000), limitedBy: 'parent-allowance', shortfall: inr(1_000) });
    const roomy = checkBudget({ account: { ...account, parentRemaining: inr(90_000) }, needed: inr(4_000), recipients: 400 });
    expect(roomy).toMatchObject({ fits: true, limitedBy: 'monthly-limit', available: inr(5_000) });
  });

  it('applies the campaign’s own budget and says what to cut', () => {
    const check = checkBudget({
      account: { type: 'assigned', balance: inr(1_000_000) },
      campaignBudget: inr(10_000),
      campaignSpent: inr(1_000),
      needed: inr(12_000),
      recipients: 1_200,
      waves: [
        { waveId: 'w-small', recipients: 100, cost: inr(1_000) },
        { waveId: 'w-mid', recipients: 300, cost: inr(3_000) },
        { waveId: 'w-big', recipients: 800, cost: inr(8_000) },
      ],
      variants: [
        { variant: 'en', recipients: 900, cost: inr(9_000) },
        { variant: 'hi', recipients: 300, cost: inr(3_000) },
      ],
    });
    expect(check).toMatchObject({ fits: false, limitedBy: 'campaign-budget', available: inr(9_000), shortfall: inr(3_000) });
    expect(check.cuts).toEqual([
      { kind: 'recipients', recipients: 300, saves: inr(3_000) },
      { kind: 'wave', waveId: 'w-mid', recipients: 300, saves: inr(3_000) },
      { kind: 'wave', waveId: 'w-big', recipients: 800, saves: inr(8_000) },
      { kind: 'variant', variant: 'hi', recipients: 300, saves: inr(3_000) },
      { kind: 'variant', variant: 'en', recipients: 900, saves: inr(9_000) },
    ]);
  });

  it('never reports negative availability and refuses other currencies', () => {
    const check = checkBudget({ account: { type: 'assigned', balance: inr(-500) }, needed: inr(100), recipients: 1 });
    expect(check).toMatchObject({ available: inr(0), shortfall: inr(100) });
    expect(() => checkBudget({ account: { type: 'assigned', balance: { minor: 1, currency: 'USD' } }, needed: inr(1), recipients: 1 })).toThrow(MoneyError);
  });

  it('suggests a recipient cut that always covers the shortfall', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.integer({ min: 1, max: 1e12 }),
        fc.integer({ min: 1, max: 5_000_000 }),
        (balance, needed, recipients) => {
          const check = checkBudget({ account: { type: 'assigned', balance: inr(balance) }, needed: inr(needed), recipients });
          expect(check.fits).toBe(needed <= balance);
          expect(check.shortfall.minor).toBe(Math.max(0, needed - balance));
          const cut = check.cuts.find((entry) => entry.kind === 'recipients');
          if (check.fits) expect(cut).toBeUndefined();
          else {
            expect(cut?.recipients).toBeLessThanOrEqual(recipients);
            expect(cut?.saves.minor).toBeGreaterThanOrEqual(check.shortfall.minor);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
