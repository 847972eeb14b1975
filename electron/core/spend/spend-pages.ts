import {
  OVERVIEW_TOP_ACCOUNTS,
  OVERVIEW_TOP_CAMPAIGNS,
  type SpendAccountSortColumn,
  type SpendAccountsPage,
  type SpendOverview,
} from '../../../shared/calls/console-pages';
import type { SpendAccountRow, SpendCampaignRow, SpendPeriod, SpendSummary } from '../../../shared/calls/spend';
import type { SpendFigureSources, SpendOverviewSources, SpendSourceGroup } from '../../../shared/calls/spend-sources';
import type { SourcedAmount } from '../../../shared/spend-source';
import { usedShare } from '../../../shared/spend-budget';
import type { ProfileRecord } from '../store/profiles-repository';
import type { Clock } from '../time';

/** A page asked for later than this after the overview reads the store again rather than the rows kept from it. */
const VIEW_TTL_MS = 60_000;

export interface SpendPagesDeps {
  summary(profile: ProfileRecord, period: SpendPeriod): Promise<SpendSummary>;
  accountRows(profile: ProfileRecord, period: SpendPeriod): Promise<SpendAccountRow[]>;
  clock: Clock;
}

interface AccountsQuery {
  period: SpendPeriod;
  search?: string | undefined;
  sort: { column: SpendAccountSortColumn; direction: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

interface View {
  profileId: string;
  periodKey: string;
  builtAt: number;
  rows: SpendAccountRow[];
  /** The last search and sort asked for, so scrolling pages through one ordering without sorting again. */
  ordered: { key: string; rows: SpendAccountRow[] } | null;
}

/**
 * The Spend screen at 10,000 accounts: the overview carries totals, the top accounts with an
 * "others" total and the chart per day (not a row per account), and the per-account table asks
 * for one sorted, searched window at a time. The rows an overview computed are kept for the
 * windows that follow (per profile and period), so scrolling never recomputes the dashboard.
 */
export class SpendPages {
  private view: View | null = null;

  constructor(private readonly deps: SpendPagesDeps) {}

  async overview(profile: ProfileRecord, period: SpendPeriod): Promise<SpendOverview> {
    const summary = await this.deps.summary(profile, period);
    this.view = { profileId: profile.id, periodKey: periodKey(period), builtAt: this.deps.clock(), rows: summary.accounts, ordered: null };
    const ranked = [...summary.accounts].sort(bySpend);
    const top = ranked.slice(0, OVERVIEW_TOP_ACCOUNTS);
    const charted = new Set(top.map((row) => row.sid));
    const rest = ranked.slice(OVERVIEW_TOP_ACCOUNTS);
    const campaigns = summary.campaigns.slice(0, OVERVIEW_TOP_CAMPAIGNS);
    const names = new Map(summary.accounts.map((row) => [row.sid, row.name]));
    const campaignSids = [...new Set(campaigns.map((row) => row.sid))];
    return {
      period: summary.period,
      currency: summary.currency,
      parent: summary.parent,
      totals: summary.totals,
      accountsTotal: summary.accounts.length,
      topAccounts: top,
      others: { accounts: rest.length, actualMinor: rest.reduce((sum, row) => sum + row.actualMinor, 0) },
      days: summary.days.map((day) => {
        const byAccount = day.byAccount.filter((entry) => charted.has(entry.sid)).map(({ sid, actualMinor }) => ({ sid, actualMinor }));
        return {
          date: day.date,
          byAccount,
          othersMinor: day.actualMinor - byAccount.reduce((sum, entry) => sum + entry.actualMinor, 0),
          actualMinor: day.actualMinor,
        };
      }),
      countries: summary.countries,
      campaigns,
      campaignsTotal: summary.campaigns.length,
      accountNames: campaignSids.map((sid) => ({ sid, name: names.get(sid) ?? sid })),
      alerts: summary.alerts,
      alertsProblem: summary.alertsProblem,
      generatedAt: summary.generatedAt,
      refresh: summary.refresh,
      ...(summary.figureSources ? { figureSources: overviewSources(summary.figureSources, campaigns) } : {}),
    };
  }

  async accounts(profile: ProfileRecord, query: AccountsQuery): Promise<SpendAccountsPage> {
    const view = await this.viewFor(profile, query.period);
    const search = query.search?.trim().toLowerCase() ?? '';
    const key = `${search}\u0000${query.sort.column}\u0000${query.sort.direction}`;
    if (view.ordered?.key !== key) {
      const matching = search === '' ? view.rows : view.rows.filter((row) => row.name.toLowerCase().includes(search) || row.sid.toLowerCase().includes(search));
      view.ordered = { key, rows: sortAccounts(matching, query.sort.column, query.sort.direction) };
    }
    const rows = view.ordered.rows;
    return { total: rows.length, offset: query.offset, rows: rows.slice(query.offset, query.offset + query.limit) };
  }

  private async viewFor(profile: ProfileRecord, period: SpendPeriod): Promise<View> {
    const key = periodKey(period);
    const now = this.deps.clock();
    const kept = this.view;
    if (kept && kept.profileId === profile.id && kept.periodKey === key && now - kept.builtAt < VIEW_TTL_MS) return kept;
    const view: View = { profileId: profile.id, periodKey: key, builtAt: now, rows: await this.deps.accountRows(profile, period), ordered: null };
    this.view = view;
    return view;
  }
}

function periodKey(period: SpendPeriod): string {
  return `${period.from}|${period.to}|${period.zone}`;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Most spent first, then by name (a shared collator: `localeCompare` builds one per call, slow over 10,000 rows). */
function bySpend(a: SpendAccountRow, b: SpendAccountRow): number {
  return b.actualMinor - a.actualMinor || collator.compare(a.name, b.name);
}

function sortValue(row: SpendAccountRow, column: SpendAccountSortColumn): number | string | null {
  switch (column) {
    case 'name':
      return row.name;
    case 'planned':
      return row.plannedMinor;
    case 'committed':
      return row.committedMinor;
    case 'actual':
      return row.actualMinor;
    case 'units':
      return row.actualUnits;
    case 'refunded':
      return row.refundedMinor;
    case 'budget':
      return usedShare(row.actualMinor + row.scheduledMinor, row.budgetMinor);
  }
}

/** Sorted by a column (empty values last in both directions), ties by name then SID. */
export function sortAccounts(rows: readonly SpendAccountRow[], column: SpendAccountSortColumn, direction: 'asc' | 'desc'): SpendAccountRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, key: sortValue(row, column) }));
  keyed.sort((a, b) => {
    if (a.key === null || b.key === null) {
      if (a.key !== b.key) return a.key === null ? 1 : -1;
    } else {
      const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
      if (order !== 0) return sign * order;
    }
    return collator.compare(a.row.name, b.row.name) || (a.row.sid < b.row.sid ? -1 : a.row.sid > b.row.sid ? 1 : 0);
  });
  return keyed.map((entry) => entry.row);
}

/** Accounts whose figure has the same source, or the same reason it is not known: a few lines at any number of accounts. */
function groupsOf(figures: readonly SourcedAmount[]): SpendSourceGroup[] {
  const groups = new Map<string, SpendSourceGroup>();
  for (const figure of figures) {
    const key = `${figure.source ?? ''}\u0000${figure.unavailable ?? ''}`;
    const group = groups.get(key) ?? { source: figure.source, reason: figure.unavailable, accounts: 0 };
    group.accounts += 1;
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.accounts - a.accounts);
}

/** The summary's per-account sources folded into groups, and the sources of the campaigns the overview lists. */
function overviewSources(sources: SpendFigureSources, campaigns: readonly SpendCampaignRow[]): SpendOverviewSources {
  const listed = new Set(campaigns.map((row) => `${row.sid}\u0000${row.campaignId ?? ''}`));
  return {
    parentFunds: sources.parentFunds,
    actual: groupsOf(sources.accounts.map((account) => account.actual)),
    funds: groupsOf(sources.accounts.map((account) => account.funds)),
    campaigns: sources.campaigns.filter((campaign) => listed.has(`${campaign.sid}\u0000${campaign.campaignId ?? ''}`)),
  };
}
