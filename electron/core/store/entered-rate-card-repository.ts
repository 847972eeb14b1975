import type { RateCard } from '../../../shared/pricing';
import type { SqliteDatabase } from './database';
import { RateCardRows } from './rate-card-rows';

export interface EnteredRateCard extends RateCard {
  readonly enteredAt: string;
}

/** The rate card a user typed for an account whose API serves none; replaced whole on each save. */
export class EnteredRateCardRepository {
  private readonly rows: RateCardRows;

  constructor(db: SqliteDatabase) {
    this.rows = new RateCardRows(db, { name: 'entered_rate_cards', timeColumn: 'entered_at_ms' });
  }

  get(profileId: string): EnteredRateCard | null {
    const stored = this.rows.read(profileId);
    return stored && { ...stored.card, enteredAt: stored.at };
  }

  /** An empty card removes the profile's entered prices. */
  replace(profileId: string, card: RateCard, enteredAt: string): void {
    this.rows.replace(profileId, card, enteredAt, { countryOf: (country) => country.toUpperCase() });
  }
}
