import { DateTime } from 'luxon';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { periodInput } from './spend-period';
import { SpendAccountsPrint } from './SpendAccountsPrint';
import type { ParentUse, SpendAccountRow, SpendAlert, SpendSummary } from '../../../shared/calls/spend';
import type { SpendOverview } from '../../../shared/calls/console-pages';
import { actualUnknown, ComputedCampaignsNote, noActualKnown, SpendSourcesCard } from './SpendSourcesCard';
import { SEARCH_DELAY_MS } from '../subaccounts/subaccounts-store';
import { formatMoney } from '../../../shared/money';
import { saveTextFile } from '../../lib/save-file';
import { useProfilesStore } from '../profiles/profiles-store';
import { SpendDayChart, SpendRanking } from './SpendCharts';
import { SpendSectionHeader } from './SpendSectionHeader';
import { SpendDrillDown } from './SpendDrillDown';
import { AccountsTable, CampaignsTable, CountriesTable } from './SpendTables';
import { accountsCsv, alertsCsv, campaignsCsv, countriesCsv, daysCsv } from './spend-csv';
import { alertKindLabels, deliveryRateText, usedShare } from './spend-format';
import { askNotificationPermission, describeAlert, notificationState, notifyNewAlerts, type NotificationState } from './spend-notifications';
import { periodPresetLabels, type PeriodPreset } from './spend-period';
import { useSpendStore } from './spend-store';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount } from '../../../shared/format';

/** The parent console's spend dashboard: planned, committed and actual spend of a period, with drill-down. */
export function SpendScreen() {
  const { preset, dates, summary, loading, refreshing, error, drill, setPreset, setDates, load, refresh, showProfile, openAccount } = useSpendStore();
  const activeProfileId = useProfilesStore((s) => s.profiles.find((p) => p.isActive)?.id ?? null);
  const [notifications, setNotifications] = useState<NotificationState>(notificationState);

  useEffect(() => {
    // Another profile's figures go at once; this one's come from the local store.
    showProfile(activeProfileId);
    if (activeProfileId !== null) void load();
  }, [activeProfileId, load, showProfile]);

  useEffect(() => {
    if (summary) notifyNewAlerts(summary.alerts);
  }, [summary]);

  const fileSuffix = `${dates.fromDate}-to-${dates.toDate}`;
  const names = useMemo(() => new Map((summary?.accountNames ?? []).map((entry) => [entry.sid, entry.name])), [summary]);
  const accountName = (sid: string) => names.get(sid) ?? sid;
  const [exportProblem, setExportProblem] = useState<string | null>(null);
  const [printing, setPrinting] = useState(false);
  /** A file holds every row: it is built from the whole period's figures, read when asked (not kept on screen). */
  const exportFull = (file: string, build: (full: SpendSummary) => string) => {
    const period = periodInput(dates);
    if (!period) return;
    setExportProblem(null);
    call('spend.summary', period).then(
      (full) => saveTextFile(`${file}-${fileSuffix}.csv`, build(full)),
      (failure: unknown) => setExportProblem(`The file could not be made: ${errorMessage(failure)}`),
    );
  };

  return (
    <section aria-labelledby="spend-title" className="screen spend-screen">
      <header className="screen-header">
        <h1 id="spend-title">Spend</h1>
        <div className="filters no-print">
          <label>
            Period
            <select value={preset} onChange={(e) => setPreset(e.target.value as PeriodPreset)}>
              {(Object.keys(periodPresetLabels) as PeriodPreset[]).map((key) => (
                <option key={key} value={key}>
                  {periodPresetLabels[key]}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input type="date" value={dates.fromDate} max={dates.toDate} onChange={(e) => setDates({ fromDate: e.target.value })} />
          </label>
          <label>
            To (included)
            <input type="date" value={dates.toDate} min={dates.fromDate} onChange={(e) => setDates({ toDate: e.target.value })} />
          </label>
        </div>
        <div className="screen-actions no-print">
          <button type="button" onClick={() => void refresh()} disabled={loading || refreshing}>
            {loading || refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
          <button type="button" onClick={() => (drill ? window.print() : setPrinting(true))} disabled={!summary || printing}>
            Print / Save as PDF
          </button>
        </div>
      </header>
      <p className="print-only spend-print-title">
        Spend report {dates.fromDate} to {dates.toDate} ({summary?.period.zone ?? ''}), generated{' '}
        {summary ? DateTime.fromISO(summary.generatedAt).toLocal().toFormat('d LLL yyyy, HH:mm') : ''}
      </p>
      <ErrorBanner message={error ?? exportProblem} />
      {!summary && loading && <p className="empty">Reading the figures stored on this desktop…</p>}
      {summary && <RefreshState refresh={summary.refresh} />}
      {summary && (
        <>
          <ParentUseCard parent={summary.parent} />
          <SpendSourcesCard summary={summary} />
          <SpendTotals summary={summary} />
          <AlertsSection
            alerts={summary.alerts}
            problem={summary.alertsProblem}
            notifications={notifications}
            onAskPermission={() => void askNotificationPermission().then(setNotifications)}
            onExport={() => saveTextFile(`spend-alerts-${fileSuffix}.csv`, alertsCsv(summary.alerts))}
          />
          {drill ? (
            <SpendDrillDown currency={summary.currency} fileSuffix={fileSuffix} />
          ) : (
            <>
              <SpendSection title="Per account" onExport={() => exportFull('spend-accounts', (full) => accountsCsv(full.accounts, full.currency))}>
                <AccountsFinder total={summary.accountsTotal} currency={summary.currency} onOpen={(row) => void openAccount(row.sid, row.name)} />
                {printing && <SpendAccountsPrint currency={summary.currency} onDone={() => setPrinting(false)} />}
                <p className="hint">
                  Actual and refunds are the API&apos;s charges. Committed = charged for scheduled messages + reserved by this desktop for requests not yet
                  sent. Planned = drafts (now, whatever their date): this desktop&apos;s, and with a team workspace every desktop&apos;s, each by its newest
                  plan (who planned which revision, when, is under its estimate); launched and cancelled campaigns leave it.
                </p>
              </SpendSection>
              <div className="spend-charts">
                <SpendSection
                  title="Actual spend per day"
                  onExport={() => exportFull('spend-days', (full) => daysCsv(full.days, full.accounts, full.currency))}
                >
                  {noActualKnown(summary) ? (
                    <p className="hint" data-testid="spend-days-unknown">
                      Not known: {actualUnknown(summary).reason}
                    </p>
                  ) : (
                    <SpendDayChart days={summary.days} accounts={summary.topAccounts} accountsTotal={summary.accountsTotal} currency={summary.currency} />
                  )}
                </SpendSection>
                <SpendSection title="Ranking">
                  {noActualKnown(summary) ? (
                    <p className="hint">Not known: {actualUnknown(summary).reason}</p>
                  ) : (
                    <SpendRanking accounts={summary.topAccounts} others={summary.others} currency={summary.currency} />
                  )}
                </SpendSection>
              </div>
              <SpendSection
                title="Per campaign"
                onExport={() => exportFull('spend-campaigns', (full) => campaignsCsv(full.campaigns, full.currency, nameIn(full)))}
              >
                {summary.campaigns.length === 0 ? (
                  <p className="empty">No campaign spent or is planned in this period.</p>
                ) : (
                  <CampaignsTable rows={summary.campaigns} currency={summary.currency} accountName={accountName} label="Spend per campaign" />
                )}
                <ComputedCampaignsNote summary={summary} />
                {summary.campaignsTotal > summary.campaigns.length && (
                  <p className="hint">
                    The {formatCount(summary.campaigns.length)} campaigns that spent most of {formatCount(summary.campaignsTotal)}: Export CSV lists them all,
                    and an account&apos;s campaigns open from its row above.
                  </p>
                )}
              </SpendSection>
              <SpendSection
                title="Per country"
                onExport={() => saveTextFile(`spend-countries-${fileSuffix}.csv`, countriesCsv(summary.countries, summary.currency))}
              >
                {summary.countries.length === 0 ? (
                  <p className="empty">No messages in this period.</p>
                ) : (
                  <CountriesTable rows={summary.countries} currency={summary.currency} />
                )}
              </SpendSection>
            </>
          )}
        </>
      )}
    </section>
  );
}

function SpendSection({ title, onExport, children }: { title: string; onExport?: () => void; children: ReactNode }) {
  return (
    <section className="spend-section" aria-label={title}>
      <SpendSectionHeader title={title} onExport={onExport} exportLabel={`Export CSV (${title.toLowerCase()})`} />
      {children}
    </section>
  );
}

function ParentUseCard({ parent }: { parent: ParentUse | null }) {
  if (!parent) return <p className="hint">The API offers no billing figures for the parent account.</p>;
  if (parent.billing === 'prepaid') {
    return (
      <p className="spend-parent" data-testid="spend-parent">
        Parent balance (prepaid): <strong>{parent.balanceMinor === null ? '—' : formatMoney(parent.balanceMinor, parent.currency)}</strong>
      </p>
    );
  }
  const share = usedShare(parent.usedThisMonthMinor ?? 0, parent.creditLimitMinor);
  return (
    <p className="spend-parent" data-testid="spend-parent">
      Parent monthly limit (postpaid): <strong>{formatMoney(parent.usedThisMonthMinor ?? 0, parent.currency)}</strong> used of{' '}
      {parent.creditLimitMinor === null ? '—' : formatMoney(parent.creditLimitMinor, parent.currency)}
      {share !== null && <progress className="usage" max={1} value={share} aria-label={`${Math.round(share * 100)}% of the monthly limit used`} />}
      {parent.usage75Percent && <span className="spend-warning"> 75% of the limit reached</span>}
    </p>
  );
}

function SpendTotals({ summary }: { summary: SpendOverview }) {
  const { totals, currency } = summary;
  // Accounts without a message log add nothing known to the totals: say so rather than show 0.
  const unknown = actualUnknown(summary).accounts;
  const partly = unknown > 0 ? ` (${unknown} account${unknown === 1 ? '' : 's'} not known)` : '';
  const tiles: Array<[string, string, string]> = [
    ['planned', 'Planned', formatMoney(totals.plannedMinor, currency)],
    ['committed', 'Committed', formatMoney(totals.committedMinor, currency)],
    ['actual', 'Actual', noActualKnown(summary) ? 'not known' : `${formatMoney(totals.actualMinor, currency)}${partly}`],
    ['units', 'Units charged', noActualKnown(summary) ? 'not known' : String(totals.actualUnits)],
    ['delivery', 'Delivery rate', deliveryRateText(totals)],
  ];
  return (
    <dl className="spend-totals">
      {tiles.map(([key, label, value]) => (
        <div key={key} data-testid={`spend-total-${key}`}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AlertsSection(props: {
  alerts: readonly SpendAlert[];
  problem: string | null;
  notifications: NotificationState;
  onAskPermission(): void;
  onExport(): void;
}) {
  return (
    <section className="spend-section" aria-label="Alerts">
      <SpendSectionHeader title="Alerts" onExport={props.onExport} exportDisabled={props.alerts.length === 0} exportLabel="Export CSV (alerts)">
        {props.notifications === 'default' && (
          <button type="button" className="no-print" onClick={props.onAskPermission}>
            Turn on desktop notifications
          </button>
        )}
        {props.notifications === 'denied' && <span className="hint no-print">Desktop notifications are blocked for this app.</span>}
      </SpendSectionHeader>
      {props.problem && <p className="hint">Alerts are not available: {props.problem}</p>}
      {!props.problem && props.alerts.length === 0 && <p className="hint">No low-balance or 75%-of-limit alert in this period.</p>}
      {props.alerts.length > 0 && (
        <ul className="spend-alerts">
          {props.alerts.map((alert) => (
            <li key={alert.id} data-testid="spend-alert" data-kind={alert.kind}>
              <time dateTime={alert.at}>{DateTime.fromISO(alert.at).toLocal().toFormat('d LLL, HH:mm')}</time> <strong>{alertKindLabels[alert.kind]}</strong>
              {' · '}
              {alert.accountName} <span className="mono">{alert.sid}</span> — {describeAlert(alert)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** How fresh the figures are: the local store's last complete refresh, and the one running now. */
function RefreshState({ refresh }: { refresh: SpendOverview['refresh'] }) {
  const at = refresh.lastRefreshedAt === null ? null : DateTime.fromISO(refresh.lastRefreshedAt).toLocal().toFormat('d LLL, HH:mm:ss');
  return (
    <p className="hint spend-refresh" role="status" data-testid="spend-refreshed-at">
      {at === null ? 'Not refreshed from the API yet on this desktop.' : `Figures as of ${at}.`}
      {refresh.running &&
        ' Refreshing in the background' +
          `${refresh.accountsTotal > 0 ? `: ${formatCount(refresh.accountsDone)} of ${formatCount(refresh.accountsTotal)} accounts read` : ''}` +
          ", paced to leave the API's capacity to sends."}
      {!refresh.running && refresh.problem && ` The last refresh stopped: ${refresh.problem}`}
    </p>
  );
}

/** The per-account table with a search over names and SIDs (debounced; the core searches and sorts, one window at a time). */
function AccountsFinder({ total, currency, onOpen }: { total: number; currency: string; onOpen(row: SpendAccountRow): void }) {
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [matching, setMatching] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSearch(typed.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [typed]);
  const shown = search === '' ? total : (matching ?? total);
  return (
    <>
      <div className="spend-find no-print">
        <label>
          Find an account
          <input type="search" value={typed} placeholder="Name or SID" onChange={(e) => setTyped(e.target.value)} />
        </label>
        <span className="hint" role="status" data-testid="spend-accounts-count">
          {shown === total ? `${formatCount(total)} accounts` : `${formatCount(shown)} of ${formatCount(total)} accounts`}
        </span>
      </div>
      <AccountsTable search={search} currency={currency} onOpen={onOpen} onTotal={setMatching} />
    </>
  );
}

/** Account names of a full summary, for files that name each campaign's account. */
function nameIn(full: SpendSummary): (sid: string) => string {
  const names = new Map(full.accounts.map((row) => [row.sid, row.name]));
  return (sid) => names.get(sid) ?? sid;
}
