import { useEffect, useState } from 'react';
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
import { ErrorBanner } from '../../components/ErrorBanner';

const FALLBACK_CURRENCY = 'INR';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'edit'; row: SubaccountView }
  | { kind: 'credit'; row: SubaccountView }
  | { kind: 'delete'; row: SubaccountView }
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
        <div className="subaccounts-table">
          <table className="data-table" aria-label="Sub-accounts">
            <thead>
              <tr>
                <th scope="col">Name · SID</th>
                <th scope="col">E-mail</th>
                <th scope="col">Status</th>
                <th scope="col">Credit type</th>
                <th scope="col">Country</th>
                <th scope="col">Channels</th>
                <th scope="col">Balance / usage</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const funds = fundsCell(row);
                const live = row.status !== 'deleted';
                return (
                  <tr key={row.sid} data-testid="subaccount-row" data-sid={row.sid}>
                    <td>
                      {row.name}
                      <span className="mono subaccount-sid">{row.sid}</span>
                    </td>
                    <td>{row.email}</td>
                    <td>
                      <span className={`badge badge--${row.status}`} data-testid="subaccount-status">
                        {row.status}
                      </span>
                    </td>
                    <td>{row.creditType === 'shared' ? 'Shared usage' : 'Assigned budget'}</td>
                    <td>{row.country ?? '—'}</td>
                    <td>{row.channels.join(', ')}</td>
                    <td data-testid="subaccount-funds">
                      {funds.text}
                      {funds.usedShare !== null && (
                        <progress className="usage" max={1} value={funds.usedShare} aria-label={`${Math.round(funds.usedShare * 100)}% of the monthly limit used`} />
                      )}
                    </td>
                    <td>
                      {live && (
                        <div className="row-actions subaccount-actions">
                          <button type="button" aria-label={`Edit ${row.name}`} onClick={() => setDialog({ kind: 'edit', row })}>
                            Edit
                          </button>
                          {row.creditType === 'assigned' && (
                            <button type="button" aria-label={`Recharge or withdraw ${row.name}`} onClick={() => setDialog({ kind: 'credit', row })}>
                              Recharge or withdraw…
                            </button>
                          )}
                          {(row.status === 'active' || row.status === 'suspended') && (
                            <button type="button" aria-label={`${row.status === 'suspended' ? 'Activate' : 'Suspend'} ${row.name}`} disabled={pendingSid === row.sid} onClick={() => (row.status === 'suspended' ? void toggleSuspension(row) : setDialog({ kind: 'suspend', row }))}>
                              {row.status === 'suspended' ? 'Activate' : 'Suspend'}
                            </button>
                          )}
                          <button type="button" className="danger-outline" aria-label={`Delete ${row.name}`} onClick={() => setDialog({ kind: 'delete', row })}>
                            Delete…
                          </button>
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

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
