import type { SubaccountView } from '../../../shared/calls/subaccounts';
import { formatMoney } from '../../../shared/money';

const FALLBACK_CURRENCY = 'INR';

/** A sub-account's money as the list shows it: the balance (assigned) or this month's use of the limit (shared). */
export function fundsCell(row: SubaccountView): { text: string; usedShare: number | null } {
  const currency = row.currency ?? FALLBACK_CURRENCY;
  if (row.creditType === 'shared' && row.monthlyLimitMinor !== null) {
    const used = row.usedThisMonthMinor ?? 0;
    const share = row.monthlyLimitMinor > 0 ? Math.min(1, used / row.monthlyLimitMinor) : 0;
    return { text: `${formatMoney(used, currency)} of ${formatMoney(row.monthlyLimitMinor, currency)} this month`, usedShare: share };
  }
  return { text: row.balanceMinor === null ? '—' : formatMoney(row.balanceMinor, currency), usedShare: null };
}

export const fundsText = (row: SubaccountView): string => fundsCell(row).text;
