import type { RateCard } from '../../../shared/pricing';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export interface CachedRateCard extends RateCard {
  readonly pulledAt: string;
}

/** The account's rate card as last pulled: plans work offline from it; a pull replaces it whole. */
export class RateCardRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get listStatement() {
    return this.statements.statement<{ profileId: string }, { country: string; currency: string; unit_price: string; pulled_at: string }>(
      'SELECT country, currency, unit_price, pulled_at FROM rate_cards WHERE profile_id = @profileId ORDER BY country',
    );
  }

  private get deleteStatement() {
    return this.statements.statement('DELETE FROM rate_cards WHERE profile_id = @profileId');
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO rate_cards (profile_id, country, currency, unit_price, pulled_at) VALUES (@profileId, @country, @currency, @unitPrice, @pulledAt)`);
  }

  get(profileId: string): CachedRateCard | null {
    const rows = this.listStatement.all({ profileId });
    const first = rows[0];
    if (!first) return null;
    return { currency: first.currency, pulledAt: first.pulled_at, unitPrices: Object.fromEntries(rows.map((row) => [row.country, row.unit_price])) };
  }

  replace(profileId: string, card: RateCard, pulledAt: string): void {
    this.db.transaction(() => {
      this.deleteStatement.run({ profileId });
      for (const [country, unitPrice] of Object.entries(card.unitPrices)) {
        this.insertStatement.run({ profileId, country, currency: card.currency, unitPrice, pulledAt });
      }
    }).immediate();
  }
}
