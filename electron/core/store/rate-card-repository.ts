import type { RateCard } from '../../../shared/pricing';
import type { SqliteDatabase } from './database';
import { RateCardRows } from './rate-card-rows';

export interface CachedRateCard extends RateCard {
  readonly pulledAt: string;
}

/** The account's rate card as last pulled: plans work offline from it; a pull replaces it whole. */
export class RateCardRepository {
  private readonly rows: RateCardRows;

  constructor(db: SqliteDatabase) {
    this.rows = new RateCardRows(db, { name: 'rate_cards', timeColumn: 'pulled_at_ms' });
  }

  get(profileId: string): CachedRateCard | null {
    const stored = this.rows.read(profileId);
    return stored && { ...stored.card, pulledAt: stored.at };
  }

  replace(profileId: string, card: RateCard, pulledAt: string): void {
    this.rows.replace(profileId, card, pulledAt);
  }
}
