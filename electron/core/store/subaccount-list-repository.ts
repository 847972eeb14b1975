import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { SubaccountSortColumn } from '../../../shared/calls/console-pages';
import type { SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import type { SpendSubaccount } from '../spend/spend-service';
import type { SqliteDatabase } from './database';
import { searchPattern, toSubaccountView, type CachedSubaccount, type SubaccountFilter, type SubaccountRow } from './subaccounts-repository';

type Direction = 'asc' | 'desc';

const FILTER = `profile_id = @profileId
  AND (@status IS NULL OR status = @status)
  AND (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR email LIKE @pattern ESCAPE '\\' OR sid LIKE @pattern ESCAPE '\\')`;

/** What each column sorts by; empty values go last in both directions, ties by name then SID. */
function orderBy(column: SubaccountSortColumn, direction: Direction): string {
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  const byName = 'name COLLATE NOCASE, sid';
  switch (column) {
    case 'name':
      return `name COLLATE NOCASE ${dir}, sid ${dir}`;
    case 'email':
      return `email COLLATE NOCASE ${dir}, sid ${dir}`;
    case 'status':
      return `status ${dir}, ${byName}`;
    case 'creditType':
      return `credit_type ${dir}, ${byName}`;
    case 'country':
      return `country IS NULL, country ${dir}, ${byName}`;
    case 'funds': {
      const funds = `CASE WHEN credit_type = 'shared' THEN used_this_month_minor ELSE balance_minor END`;
      return `${funds} IS NULL, ${funds} ${dir}, ${byName}`;
    }
  }
}

interface FilterParams {
  profileId: string;
  status: SubaccountStatus | null;
  pattern: string | null;
}

/**
 * The sub-account list as the parent console reads it at 10,000 accounts: one sorted window at a
 * time, the counts of what matches, and the SIDs a "select all matching" bulk action resolves to.
 */
export class SubaccountListRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get spendAccountsStatement() {
    return this.statements.statement<{ profileId: string }, SpendSubaccount>(`
      SELECT sid, name, status, credit_type AS creditType, currency, balance_minor AS balanceMinor, monthly_limit_minor AS monthlyLimitMinor
      FROM subaccounts WHERE profile_id = @profileId ORDER BY name COLLATE NOCASE, sid`);
  }

  private get countStatement() {
    return this.statements.statement<FilterParams, { total: number; selectable: number | null }>(
      `SELECT COUNT(*) AS total, SUM(status <> 'deleted') AS selectable FROM subaccounts WHERE ${FILTER}`,
    );
  }

  private get matchingSidsStatement() {
    return this.statements.statement<FilterParams, { sid: string }>(
      `SELECT sid FROM subaccounts WHERE ${FILTER} AND status <> 'deleted' ORDER BY name COLLATE NOCASE, sid`,
    );
  }

  /** Every cached sub-account with what a spend row shows of it, by name (read by the index, no JSON decoded). */
  spendAccounts(profileId: string): SpendSubaccount[] {
    return this.spendAccountsStatement.all({ profileId });
  }

  count(profileId: string, filter: SubaccountFilter): { total: number; selectable: number } {
    const row = this.countStatement.get(params(profileId, filter));
    return { total: row?.total ?? 0, selectable: row?.selectable ?? 0 };
  }

  window(
    profileId: string,
    filter: SubaccountFilter,
    sort: { column: SubaccountSortColumn; direction: Direction },
    offset: number,
    limit: number,
  ): CachedSubaccount[] {
    // One statement per sort shape: the ORDER BY is built from the column's constant, never from input.
    const statement = this.statements.statement<FilterParams & { limit: number; offset: number }, SubaccountRow>(
      `SELECT * FROM subaccounts WHERE ${FILTER} ORDER BY ${orderBy(sort.column, sort.direction)} LIMIT @limit OFFSET @offset`,
    );
    return statement.all({ ...params(profileId, filter), limit, offset }).map(toSubaccountView);
  }

  /** Every matching account a bulk action may take (deleted ones are not). */
  matchingSids(profileId: string, filter: SubaccountFilter): string[] {
    return this.matchingSidsStatement.all(params(profileId, filter)).map((row) => row.sid);
  }
}

function params(profileId: string, filter: SubaccountFilter): FilterParams {
  return { profileId, status: filter.status ?? null, pattern: searchPattern(filter.search) };
}
