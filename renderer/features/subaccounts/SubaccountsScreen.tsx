import { useEffect } from 'react';
import type { SubaccountView } from '../../../shared/contract';
import { subaccountStatus, type SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import { formatMoney } from '../../../shared/money';
import { useSubaccountsStore } from './subaccounts-store';

const FALLBACK_CURRENCY = 'INR';

function fundsCell(row: SubaccountView): { text: string; usedShare: number | null } {
  const currency = row.currency ?? FALLBACK_CURRENCY;
  if (row.creditType === 'shared' && row.monthlyLimitMinor !== null) {
    const used = row.usedThisMonthMinor ?? 0;
    const share = row.monthlyLimitMinor > 0 ? Math.min(1, used / row.monthlyLimitMinor) : 0;
    return { text: `${formatMoney(used, currency)} of ${formatMoney(row.monthlyLimitMinor, currency)} this month`, usedShare: share };
  }
  return { text: row.balanceMinor === null ? '—' : formatMoney(row.balanceMinor, currency), usedShare: null };
}

export function SubaccountsScreen() {
  const { rows, loaded, error, search, status, setSearch, setStatus, load } = useSubaccountsStore();
  useEffect(() => {
    void load();
  }, [load]);

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
      </header>
      {error && <p role="alert" className="error-banner">{error}</p>}
      {!loaded && <p className="empty">Loading sub-accounts…</p>}
      {loaded && rows.length === 0 && !error && (
        <p className="empty">{filtering ? 'No sub-account matches these filters.' : 'No sub-accounts yet. Press “Sync now” to fetch them from the account.'}</p>
      )}
      {rows.length > 0 && (
        <table className="data-table" aria-label="Sub-accounts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">SID</th>
              <th scope="col">Status</th>
              <th scope="col">Credit type</th>
              <th scope="col">Country</th>
              <th scope="col">Channels</th>
              <th scope="col">Balance / usage</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const funds = fundsCell(row);
              return (
                <tr key={row.sid} data-testid="subaccount-row">
                  <td>{row.name}</td>
                  <td>{row.email}</td>
                  <td className="mono">{row.sid}</td>
                  <td>
                    <span className={`badge badge--${row.status}`}>{row.status}</span>
                  </td>
                  <td>{row.creditType === 'shared' ? 'Shared usage' : 'Assigned budget'}</td>
                  <td>{row.country ?? '—'}</td>
                  <td>{row.channels.join(', ')}</td>
                  <td>
                    {funds.text}
                    {funds.usedShare !== null && (
                      <progress className="usage" max={1} value={funds.usedShare} aria-label={`${Math.round(funds.usedShare * 100)}% of the monthly limit used`} />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
