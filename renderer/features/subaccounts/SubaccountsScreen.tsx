import { useCallback, useEffect, useMemo, useState } from 'react';
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
import { isSelected, NOTHING_SELECTED, selectedCount, useSubaccountsStore } from './subaccounts-store';
import { BulkActionDialog, type BulkTarget } from './BulkActionDialog';
import { SubaccountsPrintView } from './SubaccountsPrintView';
import { fundsCell } from './subaccount-funds';
import { CreateFromFileDialog } from './CreateFromFileDialog';
import type { BulkActionKind } from '../../../shared/calls/subaccount-bulk';
import { VirtualTable, type VirtualColumn } from '../../components/VirtualTable';
import { usePagedRows } from '../../components/use-paged-rows';
import { subaccountSortColumn, type SubaccountPage } from '../../../shared/calls/console-pages';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../../shared/format';

const FALLBACK_CURRENCY = 'INR';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; row: SubaccountView }
  | { kind: 'credit'; row: SubaccountView }
  | { kind: 'delete'; row: SubaccountView }
  | { kind: 'bulk'; action: BulkActionKind }
  | { kind: 'print' }
  | { kind: 'file' }
  | { kind: 'suspend'; row: SubaccountView }
  | null;

type Notice = { tone: 'success' | 'error'; text: string } | null;

const money = (minor: number, currency: string | null) => formatMoney(minor, currency ?? FALLBACK_CURRENCY);

export function SubaccountsScreen() {
  const { typed, search, status, sort, selection, refreshKey, setSearch, setStatus, setSort, setSelection, load } = useSubaccountsStore();
  const parentName = useProfilesStore((s) => s.profiles.find((p) => p.isActive)?.displayName ?? 'the parent account');
  const profileId = useProfilesStore((s) => s.profiles.find((p) => p.isActive)?.id ?? null);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pendingSid, setPendingSid] = useState<string | null>(null);
  useEffect(() => {
    useSubaccountsStore.setState({ loaded: true });
  }, []);
  // Another profile's accounts are not this one's: a choice never carries over a switch.
  useEffect(() => {
    useSubaccountsStore.getState().setSelection(NOTHING_SELECTED);
  }, [profileId]);

  const queryKey = JSON.stringify([profileId, search, status, sort.column, sort.direction]);
  const fetchWindow = useCallback(
    (offset: number, limit: number) =>
      call('subaccounts.page', { search: search || undefined, status: status === 'all' ? undefined : status, sort, offset, limit }),
    [search, status, sort],
  );
  const paged = usePagedRows<SubaccountView, SubaccountPage>({
    queryKey,
    refreshKey,
    fetchWindow,
    rowIdentity,
    onError: errorMessage,
    enabled: profileId !== null,
  });
  const selectable = paged.lastWindow?.selectable ?? 0;

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
  const total = paged.total;
  const chosen = selectedCount(selection, selectable);
  const toggle = (sid: string, on: boolean) => {
    const current = useSubaccountsStore.getState().selection;
    if (current.all) {
      const except = new Set(current.except);
      if (on) except.delete(sid);
      else except.add(sid);
      setSelection({ all: true, except });
    } else {
      const sids = new Set(current.sids);
      if (on) sids.add(sid);
      else sids.delete(sid);
      setSelection({ all: false, sids });
    }
  };
  const columns = useMemo(
    () => subaccountColumns({ toggle, setDialog, toggleSuspension, pendingSid }),
    // The cells read the selection from the store and the pending row from the row's version: the columns need not change with them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [pendingSid],
  );
  const bulkTarget: BulkTarget = selection.all
    ? { matching: { search: search || undefined, status: status === 'all' ? undefined : status, exceptSids: [...selection.except] } }
    : { sids: [...selection.sids] };
  return (
    <section aria-labelledby="subaccounts-title" className="screen">
      <header className="screen-header">
        <h1 id="subaccounts-title">Sub-accounts</h1>
        <div className="filters no-print">
          <label>
            Search
            <input type="search" value={typed} placeholder="Name, e-mail or SID" onChange={(e) => setSearch(e.target.value)} />
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
        <div className="screen-actions no-print">
          <button type="button" onClick={() => setDialog({ kind: 'print' })} disabled={!total}>
            Print…
          </button>
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
      <ErrorBanner message={paged.error} />
      {total === null && !paged.error && <p className="empty">Loading sub-accounts…</p>}
      {total === 0 && (
        <p className="empty">{filtering ? 'No sub-account matches these filters.' : 'No sub-accounts yet. Press “Sync now” to fetch them from the account.'}</p>
      )}
      {total !== null && total > 0 && (
        <div className="bulk-bar no-print" role="toolbar" aria-label="Bulk actions">
          <label>
            <input
              type="checkbox"
              checked={chosen > 0 && chosen === selectable}
              ref={(box) => {
                if (box) box.indeterminate = chosen > 0 && chosen < selectable;
              }}
              onChange={(e) => setSelection(e.target.checked ? { all: true, except: new Set() } : NOTHING_SELECTED)}
            />{' '}
            {filtering ? `Select all ${formatCount(selectable)} matching` : `Select all ${formatCount(selectable)}`}
          </label>
          <span data-testid="selected-count">{formatCount(chosen)} selected</span>
          <button type="button" disabled={chosen === 0} onClick={() => setDialog({ kind: 'bulk', action: 'recharge' })}>
            Recharge selected…
          </button>
          <button type="button" disabled={chosen === 0} onClick={() => setDialog({ kind: 'bulk', action: 'suspend' })}>
            Suspend selected…
          </button>
          <button type="button" disabled={chosen === 0} onClick={() => setDialog({ kind: 'bulk', action: 'activate' })}>
            Activate selected…
          </button>
          {chosen > 0 && (
            <button type="button" className="link-button" onClick={() => setSelection(NOTHING_SELECTED)}>
              Clear selection
            </button>
          )}
        </div>
      )}
      {total !== null && total > 0 && (
        <VirtualTable
          label="Sub-accounts"
          className="subaccounts-virtual"
          rowCount={total}
          rowAt={paged.rowAt}
          revision={paged.revision}
          onRangeChange={paged.showRange}
          columns={columns}
          rowKey={(row) => row.sid}
          rowVersion={(row) => `${isSelected(selection, row.sid) ? 1 : 0}|${pendingSid === row.sid ? 1 : 0}|${rowIdentity(row)}`}
          rowAttributes={(row) => ({ 'data-testid': 'subaccount-row', 'data-sid': row.sid })}
          sort={sort}
          onSort={(next) => setSort({ column: subaccountSortColumn.parse(next.column), direction: next.direction })}
        />
      )}
      {dialog?.kind === 'print' && <SubaccountsPrintView filter={{ search, status }} sort={sort} onClose={() => setDialog(null)} />}

      {dialog?.kind === 'bulk' && (
        <BulkActionDialog action={dialog.action} count={chosen} target={bulkTarget} onClose={() => setDialog(null)} onRan={() => void load()} />
      )}
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
                ? `Recharged ${subaccount.name} with ${money(amountMinor, subaccount.currency)}: ` +
                    `its balance is now ${money(subaccount.balanceMinor ?? 0, subaccount.currency)}.`
                : `Withdrew ${money(amountMinor, subaccount.currency)} from ${subaccount.name} to the parent: ` +
                    `its balance is now ${money(subaccount.balanceMinor ?? 0, subaccount.currency)}.`,
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
                returnedToParentMinor > 0
                  ? `${money(returnedToParentMinor, subaccount.currency)} went back to ${parentName}.`
                  : 'No balance was left to return.'
              } The platform said: “${apiMessage}”`,
            )
          }
        />
      )}
    </section>
  );
}

interface ColumnActions {
  toggle(sid: string, on: boolean): void;
  setDialog(dialog: OpenDialog): void;
  toggleSuspension(row: SubaccountView): Promise<void>;
  pendingSid: string | null;
}

/** Cells are plain text and native controls: a row costs little to draw, whatever the list's length. */
function subaccountColumns({ toggle, setDialog, toggleSuspension, pendingSid }: ColumnActions): ReadonlyArray<VirtualColumn<SubaccountView>> {
  return [
    {
      id: 'select',
      title: 'Select',
      width: '56px',
      cell: (row) =>
        row.status === 'deleted' ? null : (
          <input
            type="checkbox"
            aria-label={`Select ${row.name}`}
            checked={isSelected(useSubaccountsStore.getState().selection, row.sid)}
            onChange={(e) => toggle(row.sid, e.target.checked)}
          />
        ),
    },
    {
      id: 'name',
      title: 'Name · SID',
      width: 'minmax(180px, 1.4fr)',
      sortable: true,
      cell: (row) => (
        <>
          {row.name}
          <span className="mono subaccount-sid">{row.sid}</span>
        </>
      ),
    },
    { id: 'email', title: 'E-mail', width: 'minmax(160px, 1.2fr)', sortable: true, cell: (row) => row.email },
    {
      id: 'status',
      title: 'Status',
      width: '110px',
      sortable: true,
      cell: (row) => (
        <span className={`badge badge--${row.status}`} data-testid="subaccount-status">
          {row.status}
        </span>
      ),
    },
    {
      id: 'creditType',
      title: 'Credit type',
      width: '130px',
      sortable: true,
      cell: (row) => (row.creditType === 'shared' ? 'Shared usage' : 'Assigned budget'),
    },
    { id: 'country', title: 'Country', width: '80px', sortable: true, cell: (row) => row.country ?? '—' },
    {
      id: 'funds',
      title: 'Balance / usage',
      width: 'minmax(150px, 1fr)',
      numeric: true,
      sortable: true,
      cell: (row) => {
        const funds = fundsCell(row);
        return (
          <span data-testid="subaccount-funds">
            {funds.text}
            {funds.usedShare !== null && (
              <progress className="usage" max={1} value={funds.usedShare} aria-label={`${Math.round(funds.usedShare * 100)}% of the monthly limit used`} />
            )}
          </span>
        );
      },
    },
    {
      id: 'actions',
      title: 'Actions',
      width: '330px',
      cell: (row) =>
        row.status === 'deleted' ? null : (
          <RowActions row={row} pending={pendingSid === row.sid} onDialog={setDialog} onToggleSuspension={(r) => void toggleSuspension(r)} />
        ),
    },
  ];
}

/** Everything a row shows: a row whose identity is unchanged is not drawn again. */
function rowIdentity(row: SubaccountView): string {
  return (
    `${row.sid}|${row.name}|${row.email}|${row.status}|` +
    `${row.balanceMinor ?? ''}|${row.monthlyLimitMinor ?? ''}|${row.usedThisMonthMinor ?? ''}|${row.country ?? ''}`
  );
}

/** The single-row actions, as before the table was virtualised. */
function RowActions({
  row,
  pending,
  onDialog,
  onToggleSuspension,
}: {
  row: SubaccountView;
  pending: boolean;
  onDialog(dialog: OpenDialog): void;
  onToggleSuspension(row: SubaccountView): void;
}) {
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
        <button
          type="button"
          aria-label={`${row.status === 'suspended' ? 'Activate' : 'Suspend'} ${row.name}`}
          disabled={pending}
          onClick={() => (row.status === 'suspended' ? onToggleSuspension(row) : onDialog({ kind: 'suspend', row }))}
        >
          {row.status === 'suspended' ? 'Activate' : 'Suspend'}
        </button>
      )}
      <button type="button" className="danger-outline" aria-label={`Delete ${row.name}`} onClick={() => onDialog({ kind: 'delete', row })}>
        Delete…
      </button>
    </div>
  );
}
