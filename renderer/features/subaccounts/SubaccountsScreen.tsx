import { useEffect, useMemo, useState } from 'react';
import type { SubaccountView } from '../../../shared/contract';
import { subaccountStatus, type SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import { formatMoney } from '../../../shared/money';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useProfilesStore } from '../profiles/profiles-store';
import { CreateSubaccountDialog } from './CreateSubaccountDialog';
import { CreditDialog } from './CreditDialog';
import { DeleteSubaccountDialog } from './DeleteSubaccountDialog';
import { EditSubaccountDialog } from './EditSubaccountDialog';
import { SuspendSubaccountDialog } from './SuspendSubaccountDialog';
import { useSubaccountsStore } from './subaccounts-store';
import { BulkActionDialog } from './BulkActionDialog';
import { CreateFromFileDialog } from './CreateFromFileDialog';
import type { BulkActionKind } from '../../../shared/calls/subaccount-bulk';
import { sortRows, VirtualTable, type SortState, type VirtualColumn } from '../../components/VirtualTable';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../../shared/format';

const FALLBACK_CURRENCY = 'INR';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; row: SubaccountView }
  | { kind: 'credit'; row: SubaccountView }
  | { kind: 'delete'; row: SubaccountView }
  | { kind: 'bulk'; action: BulkActionKind }
  | { kind: 'file' }
  | { kind: 'suspend'; row: SubaccountView }
  | null;

type Notice = { tone: 'success' | 'error'; text: string } | null;

function fundsCell(row: SubaccountView): { text: string; usedShare: number | null } {
  const currency = row.currency ?? FALLBACK_CURRENCY;
  if (row.creditType === 'shared' && row.monthlyLimitMinor !== null) {
    const used = row.usedThisMonthMinor ?? 0;
    const share = row.monthlyLimitMinor > 0 ? Math.min(1, used / row.monthlyLimitMinor) : 0;
    return { text: `${formatMoney(used, currency)} of ${formatMoney(row.monthlyLimitMinor, currency)} this month`, usedShare: share };
  }
  return { text: row.balanceMinor === null ? '—' : formatMoney(row.balanceMinor, currency), usedShare: null };
}

const money = (minor: number, currency: string | null) => formatMoney(minor, currency ?? FALLBACK_CURRENCY);

export function SubaccountsScreen() {
  const { rows, loaded, error, search, status, setSearch, setStatus, load } = useSubaccountsStore();
  const parentName = useProfilesStore((s) => s.profiles.find((p) => p.isActive)?.displayName ?? 'the parent account');
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pendingSid, setPendingSid] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [sort, setSort] = useState<SortState | null>({ column: 'name', direction: 'asc' });
  useEffect(() => {
    void load();
  }, [load]);

  const done = (text: string) => {
    setDialog(null);
    setNotice({ tone: 'success', text });
    void load();
  };

  const toggleSuspension = async (row: SubaccountView) => {
    const suspend = row.status !== 'suspended';
    setPendingSid(row.sid);
    setNotice(null);
    try {
      await call(suspend ? 'subaccounts.suspend' : 'subaccounts.activate', { sid: row.sid });
      setNotice({
        tone: 'success',
        text: suspend ? `${row.name} is suspended: the platform refuses its sends until you activate it.` : `${row.name} is active again and can send.`,
      });
      void load();
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setPendingSid(null);
    }
  };

  const filtering = search !== '' || status !== 'all';
  const liveRows = rows.filter((row) => row.status !== 'deleted');
  const selectedRows = liveRows.filter((row) => selected.has(row.sid));
  const toggle = (sid: string, on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(sid);
      else next.delete(sid);
      return next;
    });
  const columns: ReadonlyArray<VirtualColumn<SubaccountView>> = [
    {
      id: 'select',
      title: 'Select',
      width: '56px',
      cell: (row) =>
        row.status === 'deleted' ? null : <input type="checkbox" aria-label={`Select ${row.name}`} checked={selected.has(row.sid)} onChange={(e) => toggle(row.sid, e.target.checked)} />,
    },
    {
      id: 'name',
      title: 'Name · SID',
      width: 'minmax(180px, 1.4fr)',
      sortValue: (row) => row.name,
      cell: (row) => (
        <>
          {row.name}
          <span className="mono subaccount-sid">{row.sid}</span>
        </>
      ),
    },
    { id: 'email', title: 'E-mail', width: 'minmax(160px, 1.2fr)', sortValue: (row) => row.email, cell: (row) => row.email },
    {
      id: 'status',
      title: 'Status',
      width: '110px',
      sortValue: (row) => row.status,
      cell: (row) => (
        <span className={`badge badge--${row.status}`} data-testid="subaccount-status">
          {row.status}
        </span>
      ),
    },
    { id: 'type', title: 'Credit type', width: '130px', sortValue: (row) => row.creditType, cell: (row) => (row.creditType === 'shared' ? 'Shared usage' : 'Assigned budget') },
    { id: 'country', title: 'Country', width: '80px', sortValue: (row) => row.country, cell: (row) => row.country ?? '—' },
    {
      id: 'funds',
      title: 'Balance / usage',
      width: 'minmax(150px, 1fr)',
      numeric: true,
      sortValue: (row) => (row.creditType === 'shared' ? row.usedThisMonthMinor : row.balanceMinor),
      cell: (row) => {
        const funds = fundsCell(row);
        return (
          <span data-testid="subaccount-funds">
            {funds.text}
            {funds.usedShare !== null && <progress className="usage" max={1} value={funds.usedShare} aria-label={`${Math.round(funds.usedShare * 100)}% of the monthly limit used`} />}
          </span>
        );
      },
    },
    {
      id: 'actions',
      title: 'Actions',
      width: '330px',
      cell: (row) => (row.status === 'deleted' ? null : <RowActions row={row} pending={pendingSid === row.sid} onDialog={setDialog} onToggleSuspension={(r) => void toggleSuspension(r)} />),
    },
  ];
  // Sort values read only the row, so the sorted list depends on the rows and the sort alone.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const sortedRows = useMemo(() => sortRows(rows, columns, sort), [rows, sort]);
  return (
    <section aria-labelledby="subaccounts-title" className="screen">
      <header className="screen-header">
        <h1 id="subaccounts-title">Sub-accounts</h1>
        <div className="filters">
          <label>
            Search
            <input type="search" value={search} placeholder="Name, e-mail or SID" onChange={(e) => setSearch(e.target.value)} />
          </label>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as SubaccountStatus | 'all')}>
              <option value="all">All</option>
              {subaccountStatus.options.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="screen-actions">
          <button type="button" onClick={() => setDialog({ kind: 'file' })}>
            Create from file…
          </button>
          <button type="button" className="primary" onClick={() => setDialog({ kind: 'create' })}>
            New sub-account
          </button>
        </div>
      </header>
      <div role="status" aria-live="polite" data-testid="console-notice" className={notice ? `notice notice--${notice.tone}` : 'notice'}>
        {notice?.text}
      </div>
      <ErrorBanner message={error} />
      {!loaded && <p className="empty">Loading sub-accounts…</p>}
      {loaded && rows.length === 0 && !error && (
        <p className="empty">{filtering ? 'No sub-account matches these filters.' : 'No sub-accounts yet. Press “Sync now” to fetch them from the account.'}</p>
      )}
      {rows.length > 0 && (
        <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
          <label>
            <input
              type="checkbox"
              checked={selectedRows.length > 0 && selectedRows.length === liveRows.length}
              ref={(box) => {
                if (box) box.indeterminate = selectedRows.length > 0 && selectedRows.length < liveRows.length;
              }}
              onChange={(e) => setSelected(e.target.checked ? new Set(liveRows.map((row) => row.sid)) : new Set())}
            />{' '}
            {filtering ? `Select all ${formatCount(liveRows.length)} matching` : `Select all ${formatCount(liveRows.length)}`}
          </label>
          <span data-testid="selected-count">{formatCount(selectedRows.length)} selected</span>
          <button type="button" disabled={selectedRows.length === 0} onClick={() => setDialog({ kind: 'bulk', action: 'recharge' })}>
            Recharge selected…
          </button>
          <button type="button" disabled={selectedRows.length === 0} onClick={() => setDialog({ kind: 'bulk', action: 'suspend' })}>
            Suspend selected…
          </button>
          <button type="button" disabled={selectedRows.length === 0} onClick={() => setDialog({ kind: 'bulk', action: 'activate' })}>
            Activate selected…
          </button>
          {selectedRows.length > 0 && (
            <button type="button" className="link-button" onClick={() => setSelected(new Set())}>
              Clear selection
            </button>
          )}
        </div>
      )}
      {rows.length > 0 && (
        <VirtualTable
          label="Sub-accounts"
          className="subaccounts-virtual"
          rows={sortedRows}
          columns={columns}
          rowKey={(row) => row.sid}
          rowVersion={(row) => `${selected.has(row.sid) ? 1 : 0}|${pendingSid === row.sid ? 1 : 0}|${rowIdentity(row)}`}
          rowAttributes={(row) => ({ 'data-testid': 'subaccount-row', 'data-sid': row.sid })}
          sort={sort}
          onSort={setSort}
        />
      )}

      {dialog?.kind === 'bulk' && <BulkActionDialog action={dialog.action} rows={selectedRows} onClose={() => setDialog(null)} onRan={() => void load()} />}
      {dialog?.kind === 'file' && <CreateFromFileDialog onClose={() => setDialog(null)} onCreated={() => void load()} />}
      {dialog?.kind === 'create' && (
        <CreateSubaccountDialog
          onClose={() => setDialog(null)}
          onCreated={(created) =>
            done(
              created.creditType === 'assigned'
                ? `${created.name} created (${created.status}) with ${money(created.balanceMinor ?? 0, created.currency)}.`
                : `${created.name} created (${created.status}) with a monthly limit of ${money(created.monthlyLimitMinor ?? 0, created.currency)}.`,
            )
          }
        />
      )}
      {dialog?.kind === 'edit' && <EditSubaccountDialog row={dialog.row} onClose={() => setDialog(null)} onSaved={(saved) => done(`${saved.name} saved.`)} />}
      {dialog?.kind === 'credit' && (
        <CreditDialog
          sid={dialog.row.sid}
          name={dialog.row.name}
          onClose={() => setDialog(null)}
          onMoved={({ direction, amountMinor, subaccount }) =>
            done(
              direction === 'recharge'
                ? `Recharged ${subaccount.name} with ${money(amountMinor, subaccount.currency)}: its balance is now ${money(subaccount.balanceMinor ?? 0, subaccount.currency)}.`
                : `Withdrew ${money(amountMinor, subaccount.currency)} from ${subaccount.name} to the parent: its balance is now ${money(subaccount.balanceMinor ?? 0, subaccount.currency)}.`,
            )
          }
        />
      )}
      {dialog?.kind === 'suspend' && (
        <SuspendSubaccountDialog
          sid={dialog.row.sid}
          name={dialog.row.name}
          onClose={() => setDialog(null)}
          onSuspended={() => done(`${dialog.row.name} is suspended: the platform refuses its sends until you activate it.`)}
        />
      )}
      {dialog?.kind === 'delete' && (
        <DeleteSubaccountDialog
          sid={dialog.row.sid}
          name={dialog.row.name}
          parentName={parentName}
          onClose={() => setDialog(null)}
          onDeleted={({ subaccount, returnedToParentMinor, apiMessage }) =>
            done(
              `${subaccount.name} deleted. ${
                returnedToParentMinor > 0 ? `${money(returnedToParentMinor, subaccount.currency)} went back to ${parentName}.` : 'No balance was left to return.'
              } The platform said: “${apiMessage}”`,
            )
          }
        />
      )}
    </section>
  );
}

/** Everything a row shows: a row whose identity is unchanged is not drawn again. */
function rowIdentity(row: SubaccountView): string {
  return `${row.name}|${row.email}|${row.status}|${row.balanceMinor ?? ''}|${row.monthlyLimitMinor ?? ''}|${row.usedThisMonthMinor ?? ''}|${row.country ?? ''}`;
}

/** The single-row actions, as before the table was virtualised. */
function RowActions({ row, pending, onDialog, onToggleSuspension }: { row: SubaccountView; pending: boolean; onDialog(dialog: OpenDialog): void; onToggleSuspension(row: SubaccountView): void }) {
  return (
    <div className="row-actions subaccount-actions">
      <button type="button" aria-label={`Edit ${row.name}`} onClick={() => onDialog({ kind: 'edit', row })}>
        Edit
      </button>
      {row.creditType === 'assigned' && (
        <button type="button" aria-label={`Recharge or withdraw ${row.name}`} onClick={() => onDialog({ kind: 'credit', row })}>
          Recharge or withdraw…
        </button>
      )}
      {(row.status === 'active' || row.status === 'suspended') && (
        <button type="button" aria-label={`${row.status === 'suspended' ? 'Activate' : 'Suspend'} ${row.name}`} disabled={pending} onClick={() => (row.status === 'suspended' ? onToggleSuspension(row) : onDialog({ kind: 'suspend', row }))}>
          {row.status === 'suspended' ? 'Activate' : 'Suspend'}
        </button>
      )}
      <button type="button" className="danger-outline" aria-label={`Delete ${row.name}`} onClick={() => onDialog({ kind: 'delete', row })}>
        Delete…
      </button>
    </div>
  );
}
