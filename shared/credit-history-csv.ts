import type { CreditHistoryEntry, CreditHistoryKind } from './calls/subaccounts';
import { toCsv } from './csv-export';
import { minorToMajorString } from './money';

export const creditKindLabels: Record<CreditHistoryKind, string> = {
  initial_credit: 'Initial credit',
  recharge: 'Recharge',
  withdrawal: 'Withdrawal',
  deletion_return: 'Returned on deletion',
  observed: 'Balance change seen in sync',
};

export const creditSourceLabels: Record<CreditHistoryEntry['source'], string> = {
  desktop: 'this desktop',
  pull: 'sync',
};

const HEADER = ['Date (UTC)', 'Sub-account', 'SID', 'Movement', 'Amount', 'Currency', 'Balance after', 'Recorded by'];

/** Amounts in major units with the currency's decimals; negative went back to the parent. */
export function creditHistoryCsv(entries: readonly CreditHistoryEntry[]): string {
  return toCsv(
    HEADER,
    entries.map((entry) => [
      entry.at,
      entry.subaccountName,
      entry.sid,
      creditKindLabels[entry.kind],
      minorToMajorString(entry.amountMinor, entry.currency),
      entry.currency,
      entry.balanceAfterMinor === null ? null : minorToMajorString(entry.balanceAfterMinor, entry.currency),
      creditSourceLabels[entry.source],
    ]),
  );
}
