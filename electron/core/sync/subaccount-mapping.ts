import type { SubaccountDetail } from '../../../shared/calls/subaccounts';
import type { SubaccountView } from '../../../shared/contract';
import type { WireSubaccount } from '../../../shared/kaleyra/subaccount';
import { parseMajorToMinor } from '../../../shared/money';

// Real accounts do not say the currency in the list; amounts then use two decimals, which is
// right for every currency Kaleyra bills in (INR, USD, EUR, SGD).
const DIGITS_FALLBACK_CURRENCY = 'USD';

export function toCachedSubaccount(wire: WireSubaccount, syncedAt: string): SubaccountView {
  const currency = wire.currency ?? null;
  const minor = (amount: number | string | null | undefined) =>
    amount === null || amount === undefined ? null : parseMajorToMinor(amount, currency ?? DIGITS_FALLBACK_CURRENCY);
  const isShared = wire.subaccount_credit_type === 'shared';
  return {
    sid: wire.sid,
    name: wire.account_name,
    email: wire.email,
    status: wire.status,
    creditType: wire.subaccount_credit_type,
    channels: wire.channels,
    country: wire.country_iso_code ?? null,
    currency,
    balanceMinor: isShared ? null : minor(wire.balance),
    monthlyLimitMinor: isShared ? minor(wire.monthly_usage_limit) : null,
    usedThisMonthMinor: isShared ? minor(wire.used_this_month) : null,
    syncedAt,
  };
}

const ALERT_ON = new Set<unknown>([true, 1, '1', 'true']);

/** One sub-account as the API answered for it alone, with what only the edit form needs. */
export function toSubaccountDetail(wire: WireSubaccount, syncedAt: string): SubaccountDetail {
  const view = toCachedSubaccount(wire, syncedAt);
  const currency = wire.currency ?? DIGITS_FALLBACK_CURRENCY;
  const threshold = wire.low_balance_alert_amount;
  return {
    ...view,
    lowBalanceAlert: ALERT_ON.has(wire.low_balance_alert)
      ? {
          thresholdMinor: threshold === null || threshold === undefined ? null : parseMajorToMinor(threshold, currency),
          emails: wire.low_balance_alert_emails ?? [],
        }
      : null,
  };
}
