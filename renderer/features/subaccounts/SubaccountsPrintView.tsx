import { useCallback } from 'react';
import type { SubaccountView } from '../../../shared/calls/subaccounts';
import type { SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import { PrintReport, readAllWindows, type PrintColumn } from '../../components/PrintReport';
import { call } from '../../lib/desk';
import { fundsText } from './subaccount-funds';
import type { SubaccountSort } from './subaccounts-store';

const COLUMNS: ReadonlyArray<PrintColumn<SubaccountView>> = [
  { title: 'Name', text: (row) => row.name },
  { title: 'SID', text: (row) => row.sid },
  { title: 'E-mail', text: (row) => row.email },
  { title: 'Status', text: (row) => row.status },
  { title: 'Credit type', text: (row) => (row.creditType === 'shared' ? 'Shared usage' : 'Assigned budget') },
  { title: 'Country', text: (row) => row.country ?? '—' },
  { title: 'Balance / usage', numeric: true, text: fundsText },
];

/** Every sub-account matching the list's filters, in its order, printed whole. */
export function SubaccountsPrintView({
  filter,
  sort,
  onClose,
}: {
  filter: { search: string; status: SubaccountStatus | 'all' };
  sort: SubaccountSort;
  onClose(): void;
}) {
  const loadAll = useCallback(
    (onProgress: (done: number, total: number) => void) =>
      readAllWindows(
        (offset, limit) =>
          call('subaccounts.page', { search: filter.search || undefined, status: filter.status === 'all' ? undefined : filter.status, sort, offset, limit }),
        onProgress,
      ),
    [filter.search, filter.status, sort],
  );
  return <PrintReport title="Sub-accounts" loadAll={loadAll} columns={COLUMNS} rowKey={(row) => row.sid} onDone={onClose} />;
}
