import { checkBudget, type BudgetCheck } from '../../../shared/budget';
import { DeskError } from '../../../shared/errors';
import { money } from '../../../shared/money';
import type { CostEstimate } from '../../../shared/pricing';

/**
 * The money guard where the API reports no balance. Kaleyra documents no balance route a
 * sub-account's key can read (the billing path is undocumented, and the sub-account list that
 * carries `balance` needs the parent's key), so on such an account the launch is held to the
 * campaign's own budget, priced with the rate card the desktop has (pulled, or typed by the user).
 * The platform still refuses a send it cannot charge (402 / NO-CREDITS), which stops the campaign
 * with the reason: the cap keeps the campaign from spending more than the user allowed.
 */
export const NO_BALANCE_REASON =
  'This account does not report its balance through the API (Kaleyra documents no balance route for it), ' +
  'so Campaign Desk cannot check that a launch fits the balance.';

export function requireBudgetCap(budgetMinor: number | null): number {
  if (budgetMinor === null) {
    throw new DeskError('API_NOT_AVAILABLE', `${NO_BALANCE_REASON} Set a budget for this campaign on the Budget step: the launch is then held to it.`, {
      field: 'budgetMinor',
    });
  }
  return budgetMinor;
}

/** The campaign's budget as the only limit: the estimate must fit it. */
export function checkBudgetCap(estimate: CostEstimate, budgetMinor: number): BudgetCheck {
  const cap = money(budgetMinor, estimate.currency);
  const check = checkBudget({
    // The cap stands in for the unknown balance too, so the tightest limit is always the budget.
    account: { type: 'assigned', balance: cap },
    needed: estimate.total,
    recipients: estimate.recipients,
    campaignBudget: cap,
    campaignSpent: money(0, estimate.currency),
    waves: estimate.byWave.map((wave) => ({ waveId: wave.waveId, recipients: wave.recipients, cost: wave.cost })),
    variants: estimate.byVariant.map((variant) => ({ variant: variant.variant, recipients: variant.recipients, cost: variant.cost })),
  });
  return { ...check, limitedBy: 'campaign-budget', limits: check.limits.filter((limit) => limit.limit === 'campaign-budget') };
}
