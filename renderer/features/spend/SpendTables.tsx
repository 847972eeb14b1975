import type { SpendAccountRow, SpendCampaignRow, SpendCountryRow, SpendWaveRow } from '../../../shared/calls/spend';
import { useCallback, useMemo, useState } from 'react';
import { formatMoney } from '../../../shared/money';
import { VirtualTable, type SortState, type VirtualColumn } from '../../components/VirtualTable';
import { usePagedRows } from '../../components/use-paged-rows';
import { ErrorBanner } from '../../components/ErrorBanner';
import { spendAccountSortColumn } from '../../../shared/calls/console-pages';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { periodInput } from './spend-period';
import { useSpendStore } from './spend-store';
import { deliveryRateText, sentMessages, usedShare } from './spend-format';
import { formatCount, formatDateTime } from '../../../shared/format';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

const money = (minor: number | null, currency: string) => (minor === null ? '—' : formatMoney(minor, currency));

/** The account's log could not be read and nothing of it is stored: its actual spend is not known (the reason is under its name), never 0. */
const actualUnread = (row: SpendAccountRow) => row.problem !== null && row.messages === 0;

/** Per account: planned, committed and actual spend, budget use and delivery; the core sorts and searches, the table asks for the rows in view. */
export function AccountsTable({
  search,
  currency,
  onOpen,
  onTotal,
}: {
  search: string;
  currency: string;
  onOpen(row: SpendAccountRow): void;
  onTotal(total: number): void;
}) {
  const [sort, setSort] = useState<SortState>({ column: 'actual', direction: 'desc' });
  const profileId = useSpendStore((s) => s.profileId);
  const dates = useSpendStore((s) => s.dates);
  const readCount = useSpendStore((s) => s.readCount);
  const period = useMemo(() => periodInput(dates), [dates]);
  const columns = useMemo(() => accountColumns(currency, onOpen), [currency, onOpen]);
  const queryKey = JSON.stringify([profileId, period, search, sort.column, sort.direction]);
  const fetchWindow = useCallback(
    async (offset: number, limit: number) => {
      if (!period) return { total: 0, rows: [] };
      const column = spendAccountSortColumn.parse(sort.column);
      const page = await call('spend.accounts', { period, search: search || undefined, sort: { column, direction: sort.direction }, offset, limit });
      onTotal(page.total);
      return page;
    },
    // The query key names everything the answer depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryKey],
  );
  const paged = usePagedRows<SpendAccountRow>({
    queryKey,
    refreshKey: readCount,
    fetchWindow,
    rowIdentity: accountIdentity,
    onError: errorMessage,
    enabled: profileId !== null,
  });
  return (
    <>
      <ErrorBanner message={paged.error} />
      <VirtualTable
        label="Spend per account"
        className="spend-accounts-virtual"
        rowCount={paged.total ?? 0}
        rowAt={paged.rowAt}
        revision={paged.revision}
        onRangeChange={paged.showRange}
        columns={columns}
        rowKey={(row) => row.sid}
        rowVersion={accountIdentity}
        rowAttributes={(row) => ({ 'data-testid': 'spend-account-row', 'data-sid': row.sid, 'data-actual-minor': row.actualMinor })}
        sort={sort}
        onSort={setSort}
        rowHeight={56}
      />
    </>
  );
}

/** Everything a row shows: an unchanged row keeps its element across refreshes. */
function accountIdentity(row: SpendAccountRow): string {
  return JSON.stringify(row);
}

function accountColumns(currency: string, onOpen: (row: SpendAccountRow) => void): Array<VirtualColumn<SpendAccountRow>> {
  return [
    {
      id: 'name',
      title: 'Account',
      width: 'minmax(200px, 2fr)',
      sortable: true,
      cell: (row) => (
        <>
          <button type="button" className="link-button" onClick={() => onOpen(row)} aria-label={`Campaigns of ${row.name}`}>
            {row.name}
          </button>{' '}
          <span className="mono">{row.sid}</span>
          <div className="hint">
            {row.kind === 'parent' ? 'Parent (own sends)' : `${row.creditType ?? ''} · ${row.status ?? ''}`}
            {row.problem && <span className="spend-problem"> · {row.problem}</span>}
          </div>
        </>
      ),
    },
    {
      id: 'planned',
      title: 'Planned',
      width: '110px',
      numeric: true,
      sortable: true,
      cell: (row) => (
        <>
          {formatMoney(row.plannedMinor, currency)}
          {row.unestimatedDrafts > 0 && <div className="hint">+{row.unestimatedDrafts} draft(s) not priced</div>}
          {row.workspacePlanned && (
            <div className="hint" data-testid="spend-account-workspace-planned">
              {formatCount(row.workspacePlanned.campaigns)} planned on team desktops
            </div>
          )}
        </>
      ),
    },
    { id: 'committed', title: 'Committed', width: '110px', numeric: true, sortable: true, cell: (row) => formatMoney(row.committedMinor, currency) },
    {
      id: 'actual',
      title: 'Actual',
      width: '110px',
      numeric: true,
      sortable: true,
      cell: (row) => <span data-testid="spend-actual">{actualUnread(row) ? 'not known' : formatMoney(row.actualMinor, currency)}</span>,
    },
    { id: 'units', title: 'Units', width: '70px', numeric: true, sortable: true, cell: (row) => row.actualUnits },
    { id: 'refunded', title: 'Refunded', width: '100px', numeric: true, sortable: true, cell: (row) => formatMoney(row.refundedMinor, currency) },
    {
      id: 'budget',
      title: 'Budget vs actual',
      width: 'minmax(180px, 1.5fr)',
      sortable: true,
      cell: (row) => {
        if (row.budgetMinor === null) return '—';
        const share = usedShare(row.actualMinor + row.scheduledMinor, row.budgetMinor);
        return (
          <>
            {formatMoney(row.actualMinor + row.scheduledMinor, currency)} of {formatMoney(row.budgetMinor, currency)}
            {row.creditType === 'shared' ? ' (monthly limit)' : ' (balance + spent)'}
            {share !== null && <progress className="usage" max={1} value={share} aria-label={`${Math.round(share * 100)}% of the budget used`} />}
          </>
        );
      },
    },
    { id: 'delivery', title: 'Delivery rate', width: '100px', numeric: true, cell: (row) => deliveryRateText(row) },
  ];
}

export function CountriesTable({ rows, currency }: { rows: readonly SpendCountryRow[]; currency: string }) {
  return (
    <table className="data-table spend-table" aria-label="Spend per country">
      <ColumnHeaders
        columns={[
          'Country',
          numericColumn('Actual'),
          numericColumn('Units'),
          numericColumn('Messages sent'),
          numericColumn('Scheduled (charged)'),
          numericColumn('Messages scheduled'),
          numericColumn('Delivery rate'),
        ]}
      />
      <tbody>
        {rows.map((row) => (
          <tr key={row.country} data-testid="spend-country-row">
            <th scope="row">{row.country}</th>
            <td className="numeric">{formatMoney(row.actualMinor, currency)}</td>
            <td className="numeric">{formatCount(row.actualUnits)}</td>
            <td className="numeric" data-testid="country-sent">
              {formatCount(sentMessages(row))}
            </td>
            <td className="numeric">{formatMoney(row.scheduledMinor, currency)}</td>
            <td className="numeric" data-testid="country-scheduled">
              {formatCount(row.scheduledMessages)}
            </td>
            <td className="numeric">{deliveryRateText(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function campaignLabel(row: SpendCampaignRow): string {
  if (row.name !== null) return row.name;
  return row.campaignId === null ? 'Sent outside Campaign Desk' : `Campaign ${row.campaignId.slice(0, 8)} (another desktop)`;
}

export function CampaignsTable({
  rows,
  currency,
  accountName,
  onOpen,
  label,
}: {
  rows: readonly SpendCampaignRow[];
  currency: string;
  accountName?: (sid: string) => string;
  onOpen?: (row: SpendCampaignRow) => void;
  label: string;
}) {
  return (
    <table className="data-table spend-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Campaign</th>
          {accountName && <th scope="col">Account</th>}
          <th scope="col">Status</th>
          <th scope="col" className="numeric">
            Planned / estimated
          </th>
          <th scope="col" className="numeric">
            Budget
          </th>
          <th scope="col" className="numeric">
            Scheduled
          </th>
          <th scope="col" className="numeric">
            Actual
          </th>
          <th scope="col" className="numeric">
            Units
          </th>
          <th scope="col" className="numeric">
            Delivery rate
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={`${row.sid}|${row.campaignId ?? ''}|${row.status ?? ''}`}
            data-testid="spend-campaign-row"
            data-campaign-id={row.campaignId ?? ''}
            data-actual-minor={row.actualMinor}
          >
            <th scope="row">
              {onOpen && row.status !== 'draft' ? (
                <button type="button" className="link-button" onClick={() => onOpen(row)} aria-label={`Waves of ${campaignLabel(row)}`}>
                  {campaignLabel(row)}
                </button>
              ) : (
                campaignLabel(row)
              )}
            </th>
            {accountName && <td>{accountName(row.sid)}</td>}
            <td>{row.status ?? '—'}</td>
            <td className="numeric" data-testid="spend-campaign-estimate" data-estimated-minor={row.estimatedMinor ?? ''}>
              {money(row.estimatedMinor, currency)}
              {row.workspacePlan && <PlannedOn plan={row.workspacePlan} />}
            </td>
            <td className="numeric">{money(row.budgetMinor, currency)}</td>
            <td className="numeric">{formatMoney(row.scheduledMinor, currency)}</td>
            <td className="numeric">{formatMoney(row.actualMinor, currency)}</td>
            <td className="numeric">{row.actualUnits}</td>
            <td className="numeric">{deliveryRateText(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Names the source of a draft's planned spend when a desktop of the team workspace planned it. */
export function PlannedOn({ plan }: { plan: NonNullable<SpendCampaignRow['workspacePlan']> }) {
  return (
    <div className="hint" data-testid="spend-planned-source">
      planned on {plan.plannedByName}&apos;s desktop, revision {plan.revision}, {formatDateTime(plan.plannedAt)}
    </div>
  );
}

export function WavesTable({ rows, currency }: { rows: readonly SpendWaveRow[]; currency: string }) {
  return (
    <table className="data-table spend-table" aria-label="Spend per wave">
      <ColumnHeaders
        columns={[
          'Wave',
          'Zone',
          'Sends at',
          numericColumn('Recipients'),
          numericColumn('Estimated'),
          numericColumn('Scheduled'),
          numericColumn('Actual'),
          numericColumn('Units'),
          numericColumn('Delivered / final'),
          numericColumn('Delivery rate'),
        ]}
      />
      <tbody>
        {rows.map((row) => (
          <tr key={row.waveNo} data-testid="spend-wave-row" data-actual-minor={row.actualMinor}>
            <th scope="row">{row.waveNo}</th>
            <td>{row.zone ?? '—'}</td>
            <td>{row.sendAt === null ? '—' : formatDateTime(row.sendAt)}</td>
            <td className="numeric">{row.recipients ?? '—'}</td>
            <td className="numeric">{money(row.estimatedMinor, currency)}</td>
            <td className="numeric">{formatMoney(row.scheduledMinor, currency)}</td>
            <td className="numeric">{formatMoney(row.actualMinor, currency)}</td>
            <td className="numeric">{row.actualUnits}</td>
            <td className="numeric">
              {row.delivered} / {row.delivered + row.undelivered + row.notSent}
            </td>
            <td className="numeric">{deliveryRateText(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
