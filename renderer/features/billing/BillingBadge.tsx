import { formatMoney } from '../../../shared/money';
import type { BillingView } from '../../../shared/calls/billing';
import { useBillingStore } from './billing-store';
import { formatDateTime } from '../../../shared/format';

export function describeFunds(summary: BillingView): string {
  if (summary.balanceMinor !== null) return `Balance ${formatMoney(summary.balanceMinor, summary.currency)}`;
  if (summary.usedMinor !== null && summary.creditLimitMinor !== null) {
    return `Used ${formatMoney(summary.usedMinor, summary.currency)} of ${formatMoney(summary.creditLimitMinor, summary.currency)} this month`;
  }
  return 'Funds unknown';
}

/** The active account's own money, as the API last reported it. */
export function BillingBadge() {
  const summary = useBillingStore((s) => s.summary);
  if (!summary) return null;
  return (
    <span
      className={`billing-badge${summary.usage75Percent ? ' billing-badge--warn' : ''}`}
      data-testid="billing-badge"
      title={`As of ${formatDateTime(summary.pulledAt)}`}
    >
      {describeFunds(summary)}
      {summary.usage75Percent && ' · 75% of the monthly limit used'}
    </span>
  );
}
