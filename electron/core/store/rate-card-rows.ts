import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';
import type { RateCard } from '../../../shared/pricing';
import type { SqliteDatabase } from './database';

/** The two tables that hold a rate card one row per country, with the time the card arrived. */
type RateCardTable = { name: 'rate_cards'; timeColumn: 'pulled_at_ms' } | { name: 'entered_rate_cards'; timeColumn: 'entered_at_ms' };

/**
 * A profile's rate card stored one row per country and replaced whole: the card pulled from the API
 * and the one a user entered share this layout (rate-card-repository.ts, entered-rate-card-repository.ts).
 */
export class RateCardRows {
  private readonly statements: StatementCache;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly table: RateCardTable,
  ) {
    this.statements = statementsOf(db);
  }

  private get listStatement() {
    const { name, timeColumn } = this.table;
    return this.statements.statement<{ profileId: string }, { country: string; currency: string; unit_price: string; at_ms: number }>(
      `SELECT country, currency, unit_price, ${timeColumn} AS at_ms FROM ${name} WHERE profile_id = @profileId ORDER BY country`,
    );
  }

  private get deleteStatement() {
    return this.statements.statement(`DELETE FROM ${this.table.name} WHERE profile_id = @profileId`);
  }

  private get insertStatement() {
    const { name, timeColumn } = this.table;
    return this.statements.statement(`
      INSERT INTO ${name} (profile_id, country, currency, unit_price, ${timeColumn}) VALUES (@profileId, @country, @currency, @unitPrice, @atMs)`);
  }

  /** The card and when it arrived; null when the profile has none. */
  read(profileId: string): { card: RateCard; at: string } | null {
    const rows = this.listStatement.all({ profileId });
    const first = rows[0];
    if (!first) return null;
    return { card: { currency: first.currency, unitPrices: Object.fromEntries(rows.map((row) => [row.country, row.unit_price])) }, at: isoAt(first.at_ms) };
  }

  /** Replaces the profile's card in one transaction; an empty card removes it. */
  replace(profileId: string, card: RateCard, at: string, { countryOf = (country: string) => country }: { countryOf?: (country: string) => string } = {}): void {
    const atMs = msOfIso(at);
    this.db
      .transaction(() => {
        this.deleteStatement.run({ profileId });
        for (const [country, unitPrice] of Object.entries(card.unitPrices)) {
          this.insertStatement.run({ profileId, country: countryOf(country), currency: card.currency, unitPrice, atMs });
        }
      })
      .immediate();
  }
}
