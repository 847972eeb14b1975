import type { WireBilling } from '../../../shared/kaleyra/billing';
import { parseMajorToMinor } from '../../../shared/money';
import type { BillingSnapshot } from '../store/billing-repository';

export function toBillingSnapshot(wire: WireBilling, pulledAt: string): BillingSnapshot {
  const minor = (amount: number | null) => (amount === null ? null : parseMajorToMinor(amount, wire.currency));
  return {
    pulledAt,
    accountType: wire.account_type,
    creditType: wire.subaccount_credit_type,
    currency: wire.currency,
    balanceMinor: minor(wire.balance),
    creditLimitMinor: minor(wire.credit_limit),
    usedMinor: minor(wire.used_this_month),
    remainingMinor: minor(wire.remaining_this_month),
    usage75Percent: wire.usage_75_percent,
    periodStart: wire.period?.start ?? null,
    periodEnd: wire.period?.end ?? null,
  };
}
