import type { BudgetCheck } from '../../../shared/budget';
import { DeskError } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import type { CostEstimate } from '../../../shared/pricing';
import { checkFunds } from '../campaigns/money-guard';
import type { BillingSnapshot } from '../store/billing-repository';
import type { TeammateReservation } from './launch-lease';

/**
 * The money guard across desktops. A desktop knows its account's balance (read from Kaleyra just
 * before the launch) and its own launches' reservations; the workspace adds what teammates'
 * launches on other desktops hold and have not been charged for yet. A launch fits when the
 * balance, less both, still covers it.
 */

/** Teammates' reservations in the account's currency (an account is billed in one; anything else cannot be compared). */
export function teammatesTotal(teammates: readonly TeammateReservation[], currency: string): number {
  return teammates.reduce((sum, reservation) => sum + (reservation.currency === currency ? reservation.amountMinor : 0), 0);
}

export interface AccountMoney {
  billing: BillingSnapshot;
  /** What this desktop's other launches of the account reserve (its local money guard's count). */
  localReservedMinor: number;
  estimate: CostEstimate;
  budgetMinor: number | null;
}

export function checkWithTeammates(money: AccountMoney, teammates: readonly TeammateReservation[]): BudgetCheck {
  const reservedMinor = money.localReservedMinor + teammatesTotal(teammates, money.billing.currency);
  return checkFunds({ billing: money.billing, reservedMinor, estimate: money.estimate, budgetMinor: money.budgetMinor });
}

/** "Nils Åberg on “Nils’s laptop”: “Diwali offers” ₹1,195.00; …", largest first. */
export function describeTeammateReservations(teammates: readonly TeammateReservation[]): string {
  return teammates
    .map(
      (reservation) =>
        `${reservation.displayName} on “${reservation.desktopName}”: “${reservation.campaignName}” ${formatMoney(reservation.amountMinor, reservation.currency)}`,
    )
    .join('; ');
}

/** The refusal a person reads when teammates' launches hold the money this launch needs: how much, by whom, and what to do. */
export function teammatesShortfall(check: BudgetCheck, money: AccountMoney, teammates: readonly TeammateReservation[]): DeskError {
  const currency = check.needed.currency;
  const show = (minor: number) => formatMoney(minor, currency);
  const held = teammatesTotal(teammates, money.billing.currency);
  const mine = money.localReservedMinor > 0 ? ` and ${show(money.localReservedMinor)} reserved by this desktop's other launches` : '';
  const limit = check.limitedBy === 'balance' ? 'the balance' : check.limitedBy === 'campaign-budget' ? 'the campaign budget' : 'the monthly allowance';
  return new DeskError(
    'INSUFFICIENT_FUNDS',
    `This launch needs ${show(check.needed.minor)} but ${limit} leaves ${show(check.available.minor)} after ${show(held)} reserved by teammates' launches ` +
      `(${describeTeammateReservations(teammates)})${mine}: ${show(check.shortfall.minor)} short. ` +
      'Wait until their launches finish or are cancelled, cut recipients or waves, or add credit, then launch again.',
    { field: check.limitedBy === 'campaign-budget' ? 'budgetMinor' : 'funds' },
  );
}
