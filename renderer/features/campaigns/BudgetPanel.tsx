import type { BudgetView, CampaignPlan } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { useBillingStore } from '../billing/billing-store';
import { useSyncStore } from '../sync/sync-store';
import { useCampaignPlanStore } from './campaign-plan-store';
import { useCampaignsStore } from './campaigns-store';
import { wavesSpreadingPastWindow } from './guard-rails';
import { LeftOutFacts } from './LeftOutList';
import { NoPriceChoices } from './NoPriceChoices';
import { useApprovalBlocker } from '../approvals/ApprovalGate';
import { TeammatesReserved } from './TeammatesReserved';
import { formatCount, formatDateTime } from '../../../shared/format';

const LIMIT_LABEL: Record<BudgetView['limitedBy'], string> = {
  balance: 'account balance',
  'monthly-limit': 'remaining monthly allowance',
  'parent-allowance': "parent account's allowance",
  'campaign-budget': "campaign's own budget",
};

/** Why launching is not possible right now, or null when it is. */
export function launchBlocker(plan: CampaignPlan | null, offline: boolean, saveState: string, planProblem: string | null): string | null {
  if (saveState === 'invalid') return 'Fix the highlighted fields first.';
  if (saveState === 'error') return 'The latest changes are not saved.';
  if (!plan) return planProblem ?? 'The plan is not ready yet.';
  if (offline) return 'You are offline: launching needs the network to check the balance right before sending. Your draft is saved.';
  if (plan.waves.length === 0) return 'Nobody in this audience can be sent to with this schedule.';
  // A profile in a team workspace launches only through it (one launch per campaign, teammates' money counted).
  const workspaceProblem = plan.budget?.teammates?.unknownReason;
  if (workspaceProblem) return workspaceProblem;
  const late = wavesSpreadingPastWindow(plan);
  if (late.length > 0) {
    return (
      `The throttle spreads ${late.length === 1 ? `the ${late[0]?.zone ?? ''} wave` : `${late.length} waves`} into quiet hours or past the window end: ` +
      'raise the throttle or pick an earlier time.'
    );
  }
  if (plan.estimate.unpriced.length > 0) {
    const where = plan.estimate.unpriced.map((entry) => entry.country ?? 'numbers of no country').join(', ');
    return `No price on the rate card for ${where}: leave those recipients out or enter a price for this campaign.`;
  }
  if (plan.currency === null)
    return 'No rate card is known, so the cost cannot be checked: enter your prices per SMS unit under "Prices per destination", or connect once.';
  if (plan.budget === null) {
    return (
      "The balance is not known (this account's API may not report it): " +
      'set a campaign budget, and the launch is held to it, or connect once so the balance can be read.'
    );
  }
  if (!plan.budget.fits) {
    const money = (minor: number) => formatMoney(minor, plan.currency ?? 'INR');
    return (
      `It does not fit: the plan costs ${money(plan.budget.neededMinor)} but only ${money(plan.budget.availableMinor)} is available ` +
      `(${LIMIT_LABEL[plan.budget.limitedBy]}). Cut ${money(plan.budget.shortfallMinor)}.`
    );
  }
  return null;
}

export function useLaunchBlocker(): string | null {
  const plan = useCampaignPlanStore((s) => s.plan);
  const saveState = useCampaignsStore((s) => s.saveState);
  const planProblem = useCampaignPlanStore((s) => s.planProblem?.message ?? null);
  const offline = useSyncStore((s) => s.status?.state === 'offline');
  const approval = useApprovalBlocker();
  return launchBlocker(plan, offline, saveState, planProblem) ?? approval;
}

/** Funds against the estimate: what is available, what the plan needs, and what to cut. */
export function BudgetPanel({ compact = false }: { compact?: boolean }) {
  const plan = useCampaignPlanStore((s) => s.plan);
  const billing = useBillingStore((s) => s.summary);
  const blocker = useLaunchBlocker();
  const currency = plan?.currency ?? billing?.currency ?? null;
  const money = (minor: number) => (currency ? formatMoney(minor, currency) : '—');
  const budget = plan?.budget ?? null;

  return (
    <section
      className={`card budget-panel${budget && !budget.fits ? ' budget-panel--over' : ''}`}
      data-testid="budget-panel"
      aria-label="Budget"
      data-fits={budget ? String(budget.fits) : 'unknown'}
    >
      <h2>Budget</h2>
      {billing && (
        <p className="hint">
          {billing.creditType === 'shared' || billing.accountType === 'postpaid'
            ? `Monthly allowance left: ${billing.remainingMinor === null ? '—' : formatMoney(billing.remainingMinor, billing.currency)}`
            : `Balance: ${billing.balanceMinor === null ? '—' : formatMoney(billing.balanceMinor, billing.currency)}`}
        </p>
      )}
      {!plan ? (
        <p className="hint">The estimate appears once the plan is ready.</p>
      ) : (
        <>
          <dl className="budget-figures">
            <dt>Estimated cost</dt>
            <dd data-testid="budget-needed">{money(plan.estimate.totalMinor)}</dd>
            <dt>Recipients · units</dt>
            <dd>
              <span data-testid="budget-recipients">{formatCount(plan.accounting.inWaves)}</span> ·{' '}
              {formatCount(plan.waves.reduce((sum, wave) => sum + wave.units, 0))}
            </dd>
            <LeftOutFacts accounting={plan.accounting} listTestId="budget-left-out" accountingTestId="budget-accounting" />
            {budget && (
              <>
                <dt>Available</dt>
                <dd data-testid="budget-available">
                  {money(budget.availableMinor)} <span className="hint">({LIMIT_LABEL[budget.limitedBy]})</span>
                </dd>
                {budget.reservedMinor > 0 && (
                  <>
                    <dt>Reserved by other launches</dt>
                    <dd>{money(budget.reservedMinor)}</dd>
                  </>
                )}
                <TeammatesReserved teammates={budget.teammates} testId="budget-teammates-reserved" />
                {!budget.fits && (
                  <>
                    <dt>Short by</dt>
                    <dd className="amount--out" data-testid="budget-shortfall">
                      {money(budget.shortfallMinor)}
                    </dd>
                  </>
                )}
              </>
            )}
          </dl>
          <p className="hint" data-testid="funds-read-at">
            {fundsReadText(plan.funds.source, plan.funds.asOf ?? billing?.pulledAt ?? null)}
          </p>
          {blocker ? (
            <p className="launch-blocker" data-testid="launch-blocker" role="status">
              {blocker}
            </p>
          ) : (
            <p className="success" data-testid="budget-fits" role="status">
              Fits the budget.
            </p>
          )}
          {budget && !budget.fits && budget.cuts.length > 0 && (
            <div className="budget-cuts" data-testid="budget-cuts">
              <h3>What to cut</h3>
              <ul>
                {budget.cuts.map((cut, index) => (
                  <li key={index}>{cutText(cut, plan, money)}</li>
                ))}
              </ul>
            </div>
          )}
          {!compact && <NoPriceChoices plan={plan} />}
        </>
      )}
    </section>
  );
}

/** One time for the balance and the estimate: when the funds were last read from the API. */
function fundsReadText(source: CampaignPlan['funds']['source'], readAt: string | null): string {
  if (source === 'none' || readAt === null) return 'Funds not read yet; the launch reads them again.';
  return `Funds read at ${formatDateTime(readAt)}${source === 'cached' ? ' (last sync)' : ''}; the launch reads them again.`;
}

function cutText(cut: BudgetView['cuts'][number], plan: CampaignPlan, money: (minor: number) => string): string {
  const people = `${formatCount(cut.recipients)} recipient${cut.recipients === 1 ? '' : 's'}`;
  switch (cut.kind) {
    case 'recipients':
      return `Send to ${people} fewer (a smaller audience) — saves ${money(cut.savesMinor)}.`;
    case 'wave': {
      const wave = plan.waves.find((entry) => entry.id === cut.key);
      const name = wave ? `the ${wave.zone} wave (${wave.localDate} ${wave.localTime})` : 'one wave';
      return `Leave out ${name}: ${people} — saves ${money(cut.savesMinor)}.`;
    }
    case 'variant':
      return `Leave out the ${cut.key ?? ''} variant's ${people}, or shorten it — saves ${money(cut.savesMinor)}.`;
  }
}
