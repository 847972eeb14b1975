import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import type { SubaccountView } from '../../../shared/contract';
import { creditHistoryCsv, creditKindLabels, creditSourceLabels } from '../../../shared/credit-history-csv';
import { formatMoney } from '../../../shared/money';
import { call } from '../../lib/desk';
import { saveTextFile } from '../../lib/save-file';
import { useCreditsHistoryStore } from './credits-history-store';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

function signedMoney(minor: number, currency: string): string {
  const text = formatMoney(Math.abs(minor), currency);
  return minor < 0 ? `−${text}` : `+${text}`;
}

/** Every allocation and withdrawal this desktop made, and balance changes its syncs saw; newest first. */
export function CreditsHistoryScreen() {
  const { filter, entries, truncated, loaded, error, setFilter, load } = useCreditsHistoryStore();
  const [subaccounts, setSubaccounts] = useState<SubaccountView[]>([]);
  useEffect(() => {
    void load();
    call('subaccounts.list', {}).then(setSubaccounts, () => setSubaccounts([]));
  }, [load]);

  const exportCsv = () => {
    const suffix = filter.sid ? `-${filter.sid}` : '';
    saveTextFile(`credits-history-${filter.fromDate || 'start'}-to-${filter.toDate || 'now'}${suffix}.csv`, creditHistoryCsv(entries));
  };

  return (
    <section aria-labelledby="credits-history-title" className="screen">
      <header className="screen-header">
        <h1 id="credits-history-title">Credits history</h1>
        <div className="filters">
          <label>
            From
            <input type="date" value={filter.fromDate} max={filter.toDate || undefined} onChange={(e) => setFilter({ fromDate: e.target.value })} />
          </label>
          <label>
            To
            <input type="date" value={filter.toDate} min={filter.fromDate || undefined} onChange={(e) => setFilter({ toDate: e.target.value })} />
          </label>
          <label>
            Sub-account
            <select value={filter.sid} onChange={(e) => setFilter({ sid: e.target.value })}>
              <option value="">All sub-accounts</option>
              {subaccounts.map((row) => (
                <option key={row.sid} value={row.sid}>
                  {row.name} ({row.sid}){row.status === 'deleted' ? ' · deleted' : ''}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="screen-actions">
          <button type="button" onClick={exportCsv} disabled={entries.length === 0}>
            Export CSV
          </button>
        </div>
      </header>
      <p className="hint">
        Kaleyra offers no credits-history API: this is what this desktop did, plus balance changes its syncs saw (spend, refunds, changes made elsewhere).
      </p>
      <ErrorBanner message={error} />
      {!loaded && <p className="empty">Loading the credits history…</p>}
      {loaded && entries.length === 0 && !error && <p className="empty">No credit movements in this period.</p>}
      {entries.length > 0 && (
        <table className="data-table" aria-label="Credits history">
          <ColumnHeaders columns={['When', 'Sub-account', 'Movement', numericColumn('Amount'), numericColumn('Balance after'), 'Recorded by']} />
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} data-testid="credit-row" data-kind={entry.kind}>
                <td>
                  <time dateTime={entry.at}>{DateTime.fromISO(entry.at).toLocal().toFormat('d LLL yyyy, HH:mm:ss')}</time>
                </td>
                <td>
                  {entry.subaccountName} <span className="mono">{entry.sid}</span>
                </td>
                <td>{creditKindLabels[entry.kind]}</td>
                <td className={`numeric ${entry.amountMinor < 0 ? 'amount--out' : 'amount--in'}`}>{signedMoney(entry.amountMinor, entry.currency)}</td>
                <td className="numeric">{entry.balanceAfterMinor === null ? '—' : formatMoney(entry.balanceAfterMinor, entry.currency)}</td>
                <td>{creditSourceLabels[entry.source]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {truncated && <p className="hint">Only the newest {entries.length} movements are shown: narrow the dates to see older ones.</p>}
    </section>
  );
}
