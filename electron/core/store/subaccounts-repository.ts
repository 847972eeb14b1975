import type { SubaccountView } from '../../../shared/contract';
import type { CreditType, SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import type { ObservedBalanceChange } from './credit-history-repository';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export type CachedSubaccount = SubaccountView;

export interface SubaccountRow {
  sid: string;
  name: string;
  email: string;
  status: SubaccountStatus;
  credit_type: CreditType;
  channels_json: string;
  country: string | null;
  currency: string | null;
  balance_minor: number | null;
  monthly_limit_minor: number | null;
  used_this_month_minor: number | null;
  synced_at_ms: number;
}

export const toSubaccountView = (row: SubaccountRow): CachedSubaccount => ({
  sid: row.sid,
  name: row.name,
  email: row.email,
  status: row.status,
  creditType: row.credit_type,
  channels: JSON.parse(row.channels_json) as string[],
  country: row.country,
  currency: row.currency,
  balanceMinor: row.balance_minor,
  monthlyLimitMinor: row.monthly_limit_minor,
  usedThisMonthMinor: row.used_this_month_minor,
  syncedAt: isoAt(row.synced_at_ms),
});

/** The list's search: a substring of the name, e-mail or SID (LIKE's wildcards typed by the user match themselves). */
export function searchPattern(search: string | undefined): string | null {
  const trimmed = search?.trim();
  return trimmed ? `%${trimmed.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
}

export interface SubaccountFilter {
  search?: string;
  status?: SubaccountStatus;
}

export class SubaccountsRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get listStatement() {
    return this.statements.statement<{ profileId: string; status: string | null; pattern: string | null }, SubaccountRow>(`
      SELECT * FROM subaccounts
      WHERE profile_id = @profileId
        AND (@status IS NULL OR status = @status)
        AND (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\' OR email LIKE @pattern ESCAPE '\\' OR sid LIKE @pattern ESCAPE '\\')
      ORDER BY name COLLATE NOCASE, sid`);
  }

  private get getStatement() {
    return this.statements.statement<{ profileId: string; sid: string }, SubaccountRow>(
      'SELECT * FROM subaccounts WHERE profile_id = @profileId AND sid = @sid',
    );
  }

  private get cachedStatement() {
    return this.statements.statement<{ profileId: string }, SubaccountRow>('SELECT * FROM subaccounts WHERE profile_id = @profileId');
  }

  private get upsertStatement() {
    return this.statements.statement(`
      INSERT INTO subaccounts (profile_id, sid, name, email, status, credit_type, channels_json, country, currency,
        balance_minor, monthly_limit_minor, used_this_month_minor, synced_at_ms)
      VALUES (@profileId, @sid, @name, @email, @status, @creditType, @channelsJson, @country, @currency,
        @balanceMinor, @monthlyLimitMinor, @usedThisMonthMinor, @syncedAtMs)
      ON CONFLICT (profile_id, sid) DO UPDATE SET name = excluded.name, email = excluded.email,
        status = excluded.status, credit_type = excluded.credit_type, channels_json = excluded.channels_json,
        country = excluded.country, currency = excluded.currency, balance_minor = excluded.balance_minor,
        monthly_limit_minor = excluded.monthly_limit_minor, used_this_month_minor = excluded.used_this_month_minor,
        synced_at_ms = excluded.synced_at_ms`);
  }

  // The list API has no paging or tombstones: an account absent from a full pull is gone remotely.
  private get markMissingDeletedStatement() {
    return this.statements.statement(`
      UPDATE subaccounts SET status = 'deleted', synced_at_ms = @syncedAtMs
      WHERE profile_id = @profileId AND status <> 'deleted' AND synced_at_ms <= @requestedAtMs
        AND sid NOT IN (SELECT value FROM json_each(@presentSidsJson))`);
  }

  list(profileId: string, filter: SubaccountFilter = {}): CachedSubaccount[] {
    const pattern = searchPattern(filter.search);
    return this.listStatement.all({ profileId, status: filter.status ?? null, pattern }).map(toSubaccountView);
  }

  get(profileId: string, sid: string): CachedSubaccount | undefined {
    const row = this.getStatement.get({ profileId, sid });
    return row && toSubaccountView(row);
  }

  /** One sub-account as the API just answered for it (after a change made from this desktop). */
  upsert(profileId: string, subaccount: CachedSubaccount): void {
    this.upsertRow(profileId, subaccount, subaccount.syncedAt);
  }

  /** Applies one complete pull; says which assigned balances moved (see `applyPull`). */
  replaceAll(profileId: string, subaccounts: readonly CachedSubaccount[], syncedAt: string, requestedAt = syncedAt): ObservedBalanceChange[] {
    return this.applyPull(profileId, subaccounts, syncedAt, requestedAt).balanceChanges;
  }

  /**
   * Applies one complete pull of the remote list atomically, writing only the rows that differ
   * from the cache, and says which rows changed and which assigned balances moved since the cache
   * last saw them (accounts seen for the first time are not balance changes). A row this desktop
   * rewrote from an API answer after the pull's request left (`requestedAt`) is newer than the
   * pull, so the pull leaves it alone.
   */
  applyPull(
    profileId: string,
    subaccounts: readonly CachedSubaccount[],
    syncedAt: string,
    requestedAt = syncedAt,
  ): { balanceChanges: ObservedBalanceChange[]; changed: number } {
    const syncedAtMs = msOfIso(syncedAt);
    const requestedAtMs = msOfIso(requestedAt);
    return this.db
      .transaction(() => {
        const cached = new Map(this.cachedStatement.all({ profileId }).map((row) => [row.sid, row]));
        const balanceChanges: ObservedBalanceChange[] = [];
        let changed = 0;
        for (const s of subaccounts) {
          const before = cached.get(s.sid);
          if (before && before.synced_at_ms > requestedAtMs) continue;
          if (before && sameAccount(toSubaccountView(before), s)) continue;
          const previousMinor = before?.credit_type === 'assigned' ? before.balance_minor : null;
          if (s.creditType === 'assigned' && previousMinor !== null && s.balanceMinor !== null && s.balanceMinor !== previousMinor && s.currency !== null) {
            balanceChanges.push({ sid: s.sid, name: s.name, currency: s.currency, previousMinor, currentMinor: s.balanceMinor });
          }
          this.upsertRow(profileId, s, syncedAt);
          changed += 1;
        }
        changed += this.markMissingDeletedStatement.run({
          profileId,
          syncedAtMs,
          requestedAtMs,
          presentSidsJson: JSON.stringify(subaccounts.map((s) => s.sid)),
        }).changes;
        return { balanceChanges, changed };
      })
      .immediate();
  }

  private upsertRow(profileId: string, s: CachedSubaccount, syncedAt: string): void {
    this.upsertStatement.run({
      profileId,
      sid: s.sid,
      name: s.name,
      email: s.email,
      status: s.status,
      creditType: s.creditType,
      channelsJson: JSON.stringify(s.channels),
      country: s.country,
      currency: s.currency,
      balanceMinor: s.balanceMinor,
      monthlyLimitMinor: s.monthlyLimitMinor,
      usedThisMonthMinor: s.usedThisMonthMinor,
      syncedAtMs: msOfIso(syncedAt),
    });
  }
}

/** Every field the API reports; `syncedAt` is when we looked, not a change. */
function sameAccount(a: CachedSubaccount, b: CachedSubaccount): boolean {
  return (
    a.name === b.name &&
    a.email === b.email &&
    a.status === b.status &&
    a.creditType === b.creditType &&
    a.channels.join(',') === b.channels.join(',') &&
    a.country === b.country &&
    a.currency === b.currency &&
    a.balanceMinor === b.balanceMinor &&
    a.monthlyLimitMinor === b.monthlyLimitMinor &&
    a.usedThisMonthMinor === b.usedThisMonthMinor
  );
}
