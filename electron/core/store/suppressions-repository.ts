import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export type SuppressionReason = 'opt_out' | 'do_not_contact';

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
      this.statements.statement<{ profileId: string; digits: string; limit: number }, { phoneE164: string; reason: SuppressionReason; createdAt: string }>(`
        SELECT phone_e164 AS phoneE164, reason, created_at AS createdAt FROM suppressions WHERE profile_id = @profileId AND ${condition}
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
      INSERT INTO suppressions (profile_id, phone_e164, reason, created_at) VALUES (@profileId, @phoneE164, @reason, @now)
      ON CONFLICT (profile_id, phone_e164) DO NOTHING`);
  }

  private get latestOf() {
    return this.statements.statement<{ profileId: string; limit: number }, { phoneE164: string; reason: SuppressionReason; createdAt: string }>(`
      SELECT phone_e164 AS phoneE164, reason, created_at AS createdAt FROM suppressions WHERE profile_id = @profileId
      ORDER BY created_at DESC, phone_e164 LIMIT @limit`);
  }

  private get countOf() {
    return this.statements.statement<{ profileId: string }, { n: number }>('SELECT COUNT(*) AS n FROM suppressions WHERE profile_id = @profileId');
  }

  private get deleteOne() {
    return this.statements.statement('DELETE FROM suppressions WHERE profile_id = @profileId AND phone_e164 = @phoneE164');
  }

  private get allOf() {
    return this.statements.statement<{ profileId: string }, { phoneE164: string; reason: SuppressionReason; createdAt: string }>(
      'SELECT phone_e164 AS phoneE164, reason, created_at AS createdAt FROM suppressions WHERE profile_id = @profileId ORDER BY phone_e164',
    );
  }

  /** Numbers beginning with the searched digits (after the country code too, for a search without '+'), in number order. */
  matching(profileId: string, search: NumberSearch, limit: number): Array<{ phoneE164: string; reason: SuppressionReason; createdAt: string }> {
    return this.matchingOf[search.international].all({ profileId, digits: search.digits, limit });
  }

  countMatching(profileId: string, search: NumberSearch): number {
    return this.countMatchingOf[search.international].get({ profileId, digits: search.digits })?.n ?? 0;
  }

  /** The whole list in number order, streamed (for the export). */
  all(profileId: string): IterableIterator<{ phoneE164: string; reason: SuppressionReason; createdAt: string }> {
    return this.allOf.iterate({ profileId });
  }

  latest(profileId: string, limit: number): Array<{ phoneE164: string; reason: SuppressionReason; createdAt: string }> {
    return this.latestOf.all({ profileId, limit });
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
    return this.db
      .transaction(() => phonesE164.reduce((added, phoneE164) => added + this.insert.run({ profileId, phoneE164, reason, now }).changes, 0))
      .immediate();
  }
}
