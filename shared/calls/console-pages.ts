import { z } from 'zod';
import { subaccountStatus } from '../kaleyra/subaccount';
import { isoInstant } from './common';
import { defineCall, defineFeature } from './define';
import { parentUse, spendAccountRow, spendAlert, spendCampaignRow, spendCountryRow, spendPeriod, spendRefreshState, spendSummary } from './spend';
import { spendOverviewSources } from './spend-sources';
import { subaccountView } from './subaccounts';

/**
 * The parent console's tables at ISV scale: the screens ask for the rows in view (plus a margin),
 * sorted and searched by the core, so an answer stays small whatever the number of accounts.
 */
export const PAGE_LIMIT_MAX = 500;

const count = z.number().int().min(0);
const minorAmount = z.number().int().safe();
const sortDirection = z.enum(['asc', 'desc']);
const pageWindow = { offset: z.number().int().min(0).max(10_000_000), limit: z.number().int().min(1).max(PAGE_LIMIT_MAX) };

/** The list's filters: also what "select all matching" means when a bulk action resolves its accounts. */
export const subaccountFilter = z.strictObject({
  search: z.string().max(200).optional(),
  status: subaccountStatus.optional(),
});
export type SubaccountFilterInput = z.infer<typeof subaccountFilter>;

export const subaccountSortColumn = z.enum(['name', 'email', 'status', 'creditType', 'country', 'funds']);
export type SubaccountSortColumn = z.infer<typeof subaccountSortColumn>;

export const subaccountPage = z.strictObject({
  /** Rows matching the filters (deleted ones included: they stay listed). */
  total: count,
  /** Matching rows a bulk action can take (not deleted). */
  selectable: count,
  offset: count,
  rows: z.array(subaccountView).max(PAGE_LIMIT_MAX),
});
export type SubaccountPage = z.infer<typeof subaccountPage>;

export const spendAccountSortColumn = z.enum(['name', 'planned', 'committed', 'actual', 'units', 'refunded', 'budget']);
export type SpendAccountSortColumn = z.infer<typeof spendAccountSortColumn>;

export const spendAccountsPage = z.strictObject({
  /** Accounts matching the search. */
  total: count,
  offset: count,
  rows: z.array(spendAccountRow).max(PAGE_LIMIT_MAX),
});
export type SpendAccountsPage = z.infer<typeof spendAccountsPage>;

/** A day of the chart: the charted accounts by name, everyone else as one amount. */
export const spendOverviewDay = z.strictObject({
  date: z.string(),
  byAccount: z.array(z.strictObject({ sid: z.string(), actualMinor: minorAmount })),
  othersMinor: minorAmount,
  actualMinor: minorAmount,
});
export type SpendOverviewDay = z.infer<typeof spendOverviewDay>;

/** Accounts and campaigns a chart or a table shows by name; the rest are counted. */
export const OVERVIEW_TOP_ACCOUNTS = 10;
export const OVERVIEW_TOP_CAMPAIGNS = 100;

/** What the Spend screen shows at once: totals, the top accounts and "others", not every account. */
export const spendOverview = z.strictObject({
  period: spendSummary.shape.period,
  currency: z.string(),
  parent: parentUse.nullable(),
  totals: spendSummary.shape.totals,
  /** Every account the period covers (the parent and each sub-account). */
  accountsTotal: count,
  /** The accounts that spent most, most first. */
  topAccounts: z.array(spendAccountRow).max(OVERVIEW_TOP_ACCOUNTS),
  others: z.strictObject({ accounts: count, actualMinor: minorAmount }),
  days: z.array(spendOverviewDay),
  countries: z.array(spendCountryRow),
  /** The campaigns that spent (or plan to spend) most; `campaignsTotal` counts them all. */
  campaigns: z.array(spendCampaignRow).max(OVERVIEW_TOP_CAMPAIGNS),
  campaignsTotal: count,
  /** Names of the accounts the campaigns above belong to. */
  accountNames: z.array(z.strictObject({ sid: z.string(), name: z.string() })),
  alerts: z.array(spendAlert),
  alertsProblem: z.string().nullable(),
  generatedAt: isoInstant,
  refresh: spendRefreshState,
  /** Where each figure came from, or why it is not known (absent before the sources are read). */
  figureSources: spendOverviewSources.optional(),
});
export type SpendOverview = z.infer<typeof spendOverview>;

export const consolePageCalls = {
  /** One window of the sub-account list, filtered and sorted from the local store. */
  'subaccounts.page': defineCall({
    input: z.strictObject({
      ...subaccountFilter.shape,
      sort: z.strictObject({ column: subaccountSortColumn, direction: sortDirection }),
      ...pageWindow,
    }),
    output: subaccountPage,
    access: 'parent-only',
  }),
  /** The Spend screen's figures without the per-account rows (those come by `spend.accounts`). */
  'spend.overview': defineCall({ input: spendPeriod, output: spendOverview, access: 'parent-only' }),
  /** One window of the per-account spend table, searched and sorted by the core. */
  'spend.accounts': defineCall({
    input: z.strictObject({
      period: spendPeriod,
      search: z.string().max(200).optional(),
      sort: z.strictObject({ column: spendAccountSortColumn, direction: sortDirection }),
      ...pageWindow,
    }),
    output: spendAccountsPage,
    access: 'parent-only',
  }),
};

export const consolePagesFeature = defineFeature({ calls: consolePageCalls });
