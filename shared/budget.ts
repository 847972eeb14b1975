/**
 * Does a campaign fit the money available to it?
 *
 * A sub-account either has its own balance (`assigned` credit) or draws on its postpaid parent
 * (`shared` credit) within its monthly usage limit and the parent's remaining allowance. The
 * campaign may also carry its own budget. The tightest of these limits decides; when the
 * campaign does not fit, the answer says what to cut.
 */
import { MoneyError, type Money } from './money';
import { assertNever } from './assert-never';

export type CreditAccount =
  | {
      readonly type: 'assigned';
      /** The sub-account's current balance. */
      readonly balance: Money;
    }
  | {
      readonly type: 'shared';
      /** The sub-account's monthly usage limit. */
      readonly monthlyLimit: Money;
      /** What the sub-account has used this month. */
      readonly usedThisMonth: Money;
      /** What the parent can still spend this month across all its shared sub-accounts. */
      readonly parentRemaining: Money;
    };

export type BudgetLimit = 'balance' | 'monthly-limit' | 'parent-allowance' | 'campaign-budget';

export interface BudgetInput {
  readonly account: CreditAccount;
  /** What the campaign will cost (estimateCost's total). */
  readonly needed: Money;
  readonly recipients: number;
  /** Already promised to other scheduled, not yet charged sends of this account. */
  readonly committed?: Money;
  /** The campaign's own cap and what it has spent so far. */
  readonly campaignBudget?: Money;
  readonly campaignSpent?: Money;
  /** Costs of the parts that could be cut, e.g. from estimateCost's byWave and byVariant. */
  readonly waves?: readonly { readonly waveId: string; readonly recipients: number; readonly cost: Money }[];
  readonly variants?: readonly { readonly variant: string; readonly recipients: number; readonly cost: Money }[];
}

export type BudgetCut =
  | { readonly kind: 'recipients'; readonly recipients: number; readonly saves: Money }
  | { readonly kind: 'wave'; readonly waveId: string; readonly recipients: number; readonly saves: Money }
  | { readonly kind: 'variant'; readonly variant: string; readonly recipients: number; readonly saves: Money };

export interface LimitAvailability {
  readonly limit: BudgetLimit;
  readonly available: Money;
}

export interface BudgetCheck {
  readonly fits: boolean;
  /** The most the campaign may spend: the tightest limit (never negative). */
  readonly available: Money;
  readonly needed: Money;
  /** needed − available when it does not fit, else zero. */
  readonly shortfall: Money;
  /** The limit that decides (the tightest one). */
  readonly limitedBy: BudgetLimit;
  /** Every limit that applies, with what it leaves. */
  readonly limits: LimitAvailability[];
  /** Ways to fit, cheapest first within each kind; empty when it fits. */
  readonly cuts: BudgetCut[];
}

/** How many single cuts of each kind to suggest. */
const CUTS_PER_KIND = 3;

export function checkBudget(input: BudgetInput): BudgetCheck {
  const { currency } = input.needed;
  const sameCurrency = (amount: Money | undefined, field: string): number => {
    if (amount === undefined) return 0;
    if (amount.currency !== currency) {
      throw new MoneyError('MONEY_CURRENCY_MISMATCH', `${field} is in ${amount.currency} but the campaign costs ${currency}`);
    }
    return amount.minor;
  };
  const committed = sameCurrency(input.committed, 'committed');

  const limits: LimitAvailability[] = [];
  const add = (limit: BudgetLimit, minor: number) => limits.push({ limit, available: { minor: Math.max(0, minor), currency } });
  switch (input.account.type) {
    case 'assigned':
      add('balance', sameCurrency(input.account.balance, 'balance') - committed);
      break;
    case 'shared':
      add('monthly-limit', sameCurrency(input.account.monthlyLimit, 'monthlyLimit') - sameCurrency(input.account.usedThisMonth, 'usedThisMonth') - committed);
      add('parent-allowance', sameCurrency(input.account.parentRemaining, 'parentRemaining') - committed);
      break;
    default:
      return assertNever(input.account);
  }
  if (input.campaignBudget !== undefined) {
    add('campaign-budget', sameCurrency(input.campaignBudget, 'campaignBudget') - sameCurrency(input.campaignSpent, 'campaignSpent'));
  }

  const tightest = limits.reduce((best, entry) => (entry.available.minor < best.available.minor ? entry : best));
  const needed = sameCurrency(input.needed, 'needed');
  const shortfall = Math.max(0, needed - tightest.available.minor);
  return {
    fits: shortfall === 0,
    available: tightest.available,
    needed: input.needed,
    shortfall: { minor: shortfall, currency },
    limitedBy: tightest.limit,
    limits,
    cuts: shortfall === 0 ? [] : suggestCuts(input, shortfall, needed, currency, sameCurrency),
  };
}

function suggestCuts(
  input: BudgetInput,
  shortfall: number,
  needed: number,
  currency: string,
  sameCurrency: (amount: Money | undefined, field: string) => number,
): BudgetCut[] {
  const cuts: BudgetCut[] = [];
  if (input.recipients > 0 && needed > 0) {
    // At the average cost per recipient, rounded so the cut always covers the shortfall.
    // BigInt: shortfall × recipients can exceed 2^53 for large campaigns.
    const total = BigInt(input.recipients);
    const neededBig = BigInt(needed);
    const recipients = Math.min(input.recipients, Number((BigInt(shortfall) * total + neededBig - 1n) / neededBig));
    const saves = Number((BigInt(recipients) * neededBig) / total);
    cuts.push({ kind: 'recipients', recipients, saves: { minor: saves, currency } });
  }
  const enough = <T extends { cost: Money }>(parts: readonly T[] | undefined, field: string): T[] =>
    (parts ?? [])
      .filter((part) => sameCurrency(part.cost, field) >= shortfall)
      .sort((a, b) => a.cost.minor - b.cost.minor)
      .slice(0, CUTS_PER_KIND);
  for (const wave of enough(input.waves, 'waves.cost')) {
    cuts.push({ kind: 'wave', waveId: wave.waveId, recipients: wave.recipients, saves: wave.cost });
  }
  for (const variant of enough(input.variants, 'variants.cost')) {
    cuts.push({ kind: 'variant', variant: variant.variant, recipients: variant.recipients, saves: variant.cost });
  }
  return cuts;
}
