import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { RateCard } from '../../../shared/pricing';
import type { SqliteDatabase } from './database';

export interface EnteredRateCard extends RateCard {
  readonly enteredAt: string;
}

/** The rate card a user typed for an account whose API serves none; replaced whole on each save. */
export class EnteredRateCardRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get listStatement() {
    return this.statements.statement<{ profileId: string }, { country: string; currency: string; unit_price: string; entered_at: string }>(
      'SELECT country, currency, unit_price, entered_at FROM entered_rate_cards WHERE profile_id = @profileId ORDER BY country',
    );
  }

  private get deleteStatement() {
    return this.statements.statement('DELETE FROM entered_rate_cards WHERE profile_id = @profileId');
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO entered_rate_cards (profile_id, country, currency, unit_price, entered_at) VALUES (@profileId, @country, @currency, @unitPrice, @enteredAt)`);
  }

  get(profileId: string): EnteredRateCard | null {
    const rows = this.listStatement.all({ profileId });
    const first = rows[0];
    if (!first) return null;
    return { currency: first.currency, enteredAt: first.entered_at, unitPrices: Object.fromEntries(rows.map((row) => [row.country, row.unit_price])) };
  }

  /** An empty card removes the profile's entered prices. */
  replace(profileId: string, card: RateCard, enteredAt: string): void {
    this.db.transaction(() => {
      this.deleteStatement.run({ profileId });
      for (const [country, unitPrice] of Object.entries(card.unitPrices)) {
        this.insertStatement.run({ profileId, country: country.toUpperCase(), currency: card.currency, unitPrice, enteredAt });
      }
    }).immediate();
  }
}
