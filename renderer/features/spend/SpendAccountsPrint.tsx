import { useCallback } from 'react';
import type { SpendAccountRow } from '../../../shared/calls/spend';
import { formatMoney } from '../../../shared/money';
import { PrintReport, readAllWindows, type PrintColumn } from '../../components/PrintReport';
import { call } from '../../lib/desk';
import { deliveryRateText } from './spend-format';
import { periodInput } from './spend-period';
import { useSpendStore } from './spend-store';

/** The whole per-account table in the printout (the screen's table holds only the rows in view). */
export function SpendAccountsPrint({ currency, onDone }: { currency: string; onDone(): void }) {
  const dates = useSpendStore((s) => s.dates);
  const loadAll = useCallback(
    async (onProgress: (done: number, total: number) => void) => {
      const period = periodInput(dates);
      if (!period) return [];
      return readAllWindows((offset, limit) => call('spend.accounts', { period, sort: { column: 'actual', direction: 'desc' }, offset, limit }), onProgress);
    },
    [dates],
  );
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, currency));
  const columns: ReadonlyArray<PrintColumn<SpendAccountRow>> = [
    { title: 'Account', text: (row) => `${row.name} (${row.sid})` },
    { title: 'Planned', numeric: true, text: (row) => money(row.plannedMinor) },
    { title: 'Committed', numeric: true, text: (row) => money(row.committedMinor) },
    { title: 'Actual', numeric: true, text: (row) => money(row.actualMinor) },
    { title: 'Units', numeric: true, text: (row) => String(row.actualUnits) },
    { title: 'Refunded', numeric: true, text: (row) => money(row.refundedMinor) },
    { title: 'Budget', numeric: true, text: (row) => money(row.budgetMinor) },
    { title: 'Delivery rate', numeric: true, text: deliveryRateText },
  ];
  return <PrintReport title="Spend per account" mode="alongside" loadAll={loadAll} columns={columns} rowKey={(row) => row.sid} onDone={onDone} />;
}
