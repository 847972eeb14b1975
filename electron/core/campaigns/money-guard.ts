import { checkBudget, type BudgetCheck, type CreditAccount } from '../../../shared/budget';
import { DeskError } from '../../../shared/errors';
import { formatMoney, money } from '../../../shared/money';
import type { CostEstimate } from '../../../shared/pricing';
import type { BillingSnapshot } from '../store/billing-repository';

/**
 * The money guard's arithmetic. What the API says about money wins: a launch always starts from
 * the balance (or remaining allowance) read just before, minus what this account's other
 * launches have reserved and not yet been charged for.
 */

/** The account's funding as the budget rules see it. Prepaid and assigned accounts hold a balance. */
export function creditAccountOf(billing: BillingSnapshot): CreditAccount {
  const currency = billing.currency;
  if (billing.balanceMinor !== null) return { type: 'assigned', balance: money(billing.balanceMinor, currency) };
  const limit = billing.creditLimitMinor ?? 0;
  const used = billing.usedMinor ?? 0;
  const remaining = billing.remainingMinor ?? Math.max(0, limit - used);
  // A postpaid parent is its own "parent allowance"; a shared sub-account sees only its own remaining.
  return { type: 'shared', monthlyLimit: money(limit, currency), usedThisMonth: money(used, currency), parentRemaining: money(remaining, currency) };
}

export interface Reservation {
  readonly amountMinor: number;
  /** When the request was charged or cancelled; null while still held. */
  readonly releasedAtMs: number | null;
}

/**
 * Whether a reservation still counts against a balance read at `balanceReadAtMs`. A held one
 * does. A released one counts if it was released at or after the read began: the balance may
 * not show that charge yet, so counting it (at worst twice) is the safe side.
 */
export function countsAgainst(reservation: Reservation, balanceReadAtMs: number): boolean {
  return reservation.releasedAtMs === null || reservation.releasedAtMs >= balanceReadAtMs;
}

export function reservedTotal(reservations: readonly Reservation[], balanceReadAtMs: number): number {
  return reservations.reduce((sum, reservation) => sum + (countsAgainst(reservation, balanceReadAtMs) ? reservation.amountMinor : 0), 0);
}

export interface FundsInput {
  readonly billing: BillingSnapshot;
  readonly reservedMinor: number;
  readonly estimate: CostEstimate;
  readonly budgetMinor: number | null;
}

export function checkFunds(input: FundsInput): BudgetCheck {
  const { billing, estimate } = input;
  if (billing.currency !== estimate.currency) {
    throw new DeskError(
      'CAMPAIGN_CONFLICT',
      `The rate card is in ${estimate.currency} but the account is billed in ${billing.currency}. Sync the account, then plan again.`,
    );
  }
  const currency = billing.currency;
  return checkBudget({
    account: creditAccountOf(billing),
    needed: estimate.total,
    recipients: estimate.recipients,
    committed: money(input.reservedMinor, currency),
    ...(input.budgetMinor !== null ? { campaignBudget: money(input.budgetMinor, currency), campaignSpent: money(0, currency) } : {}),
    waves: estimate.byWave.map((wave) => ({ waveId: wave.waveId, recipients: wave.recipients, cost: wave.cost })),
    variants: estimate.byVariant.map((variant) => ({ variant: variant.variant, recipients: variant.recipients, cost: variant.cost })),
  });
}

/** The refusal a person sees: what the launch needs, what there is, and what is already promised. */
export function insufficientFunds(check: BudgetCheck, reservedMinor: number): DeskError {
  const currency = check.needed.currency;
  const show = (minor: number) => formatMoney(minor, currency);
  const reserved = reservedMinor > 0 ? ` (after ${show(reservedMinor)} reserved by this account's other launches)` : '';
  const what =
    check.limitedBy === 'campaign-budget'
      ? `the campaign budget allows ${show(check.available.minor)}`
      : check.limitedBy === 'balance'
        ? `the balance leaves ${show(check.available.minor)}${reserved}`
        : `the monthly allowance leaves ${show(check.available.minor)}${reserved}`;
  return new DeskError(
    'INSUFFICIENT_FUNDS',
    `This launch needs ${show(check.needed.minor)} but ${what}: ${show(check.shortfall.minor)} short. ` +
      'Cut recipients or waves, or add credit, then launch again.',
    { field: check.limitedBy === 'campaign-budget' ? 'budgetMinor' : 'funds' },
  );
}
