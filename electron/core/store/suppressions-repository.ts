import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export type SuppressionReason = 'opt_out' | 'do_not_contact';

export interface SuppressionEntry {
  phoneE164: string;
  reason: SuppressionReason;
  createdAt: string;
}

interface SuppressionRow {
  phone_e164: string;
  reason: SuppressionReason;
  created_at_ms: number;
}

const toEntry = (row: SuppressionRow): SuppressionEntry => ({ phoneE164: row.phone_e164, reason: row.reason, createdAt: isoAt(row.created_at_ms) });

/** The start of a number: with its country code (`international`, typed with '+') or without. */
export interface NumberSearch {
  digits: string;
  international: 0 | 1;
}

/** A profile's suppression list: numbers no import may turn into recipients. */
export class SuppressionsRepository {
  private readonly matchingOf;
  private readonly countMatchingOf;
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // With '+', a prefix is a range of the primary key (':' sorts right after '9'). Without, the
    // digits may follow any country code (1–3 digits): a LIKE over the profile's part of the key.
    const startsWith = [
      "(phone_e164 LIKE '+' || @digits || '%' OR phone_e164 LIKE '+_' || @digits || '%' " +
        "OR phone_e164 LIKE '+__' || @digits || '%' OR phone_e164 LIKE '+___' || @digits || '%')",
      "phone_e164 >= '+' || @digits AND phone_e164 < '+' || @digits || ':'",
    ] as const;
    const matching = (condition: string) =>
      this.statements.statement<{ profileId: string; digits: string; limit: number }, SuppressionRow>(`
        SELECT phone_e164, reason, created_at_ms FROM suppressions WHERE profile_id = @profileId AND ${condition}
        ORDER BY phone_e164 LIMIT @limit`);
    const counting = (condition: string) =>
      this.statements.statement<{ profileId: string; digits: string }, { n: number }>(
        `SELECT COUNT(*) AS n FROM suppressions WHERE profile_id = @profileId AND ${condition}`,
      );
    this.matchingOf = { 0: matching(startsWith[0]), 1: matching(startsWith[1]) };
    this.countMatchingOf = { 0: counting(startsWith[0]), 1: counting(startsWith[1]) };
  }

  private get numbersOf() {
    return this.statements.statement<{ profileId: string }, { phone_e164: string }>('SELECT phone_e164 FROM suppressions WHERE profile_id = @profileId');
  }

  private get insert() {
    return this.statements.statement(`
      INSERT INTO suppressions (profile_id, phone_e164, reason, created_at_ms) VALUES (@profileId, @phoneE164, @reason, @nowMs)
      ON CONFLICT (profile_id, phone_e164) DO NOTHING`);
  }

  private get latestOf() {
    return this.statements.statement<{ profileId: string; limit: number }, SuppressionRow>(`
      SELECT phone_e164, reason, created_at_ms FROM suppressions WHERE profile_id = @profileId
      ORDER BY created_at_ms DESC, phone_e164 LIMIT @limit`);
  }

  private get countOf() {
    return this.statements.statement<{ profileId: string }, { n: number }>('SELECT COUNT(*) AS n FROM suppressions WHERE profile_id = @profileId');
  }

  private get deleteOne() {
    return this.statements.statement('DELETE FROM suppressions WHERE profile_id = @profileId AND phone_e164 = @phoneE164');
  }

  private get allOf() {
    return this.statements.statement<{ profileId: string }, SuppressionRow>(
      'SELECT phone_e164, reason, created_at_ms FROM suppressions WHERE profile_id = @profileId ORDER BY phone_e164',
    );
  }

  /** Numbers beginning with the searched digits (after the country code too, for a search without '+'), in number order. */
  matching(profileId: string, search: NumberSearch, limit: number): SuppressionEntry[] {
    return this.matchingOf[search.international].all({ profileId, digits: search.digits, limit }).map(toEntry);
  }

  countMatching(profileId: string, search: NumberSearch): number {
    return this.countMatchingOf[search.international].get({ profileId, digits: search.digits })?.n ?? 0;
  }

  /** The whole list in number order, streamed (for the export). */
  *all(profileId: string): IterableIterator<SuppressionEntry> {
    for (const row of this.allOf.iterate({ profileId })) yield toEntry(row);
  }

  latest(profileId: string, limit: number): SuppressionEntry[] {
    return this.latestOf.all({ profileId, limit }).map(toEntry);
  }

  count(profileId: string): number {
    return this.countOf.get({ profileId })?.n ?? 0;
  }

  remove(profileId: string, phoneE164: string): boolean {
    return this.deleteOne.run({ profileId, phoneE164 }).changes > 0;
  }

  numbers(profileId: string): string[] {
    return this.numbersOf.all({ profileId }).map((row) => row.phone_e164);
  }

  /** Adds numbers (already E.164) in one transaction; returns how many were new. */
  add(profileId: string, phonesE164: readonly string[], reason: SuppressionReason, now: string): number {
    const nowMs = msOfIso(now);
    return this.db
      .transaction(() => phonesE164.reduce((added, phoneE164) => added + this.insert.run({ profileId, phoneE164, reason, nowMs }).changes, 0))
      .immediate();
  }
}
