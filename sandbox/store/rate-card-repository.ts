import type { SandboxDatabase } from './database';

export interface RateCardEntry {
  country: string;
  priceMinor: number;
}

/** Prices per unit (one SMS segment) per destination country; owned by the parent account. */
export class RateCardRepository {
  constructor(private readonly db: SandboxDatabase) {}

  upsert(parentSid: string, entry: RateCardEntry): void {
    this.db
      .statement(
        `INSERT INTO rate_card (parent_sid, country, price_minor) VALUES (@parentSid, @country, @priceMinor)
         ON CONFLICT (parent_sid, country) DO UPDATE SET price_minor = excluded.price_minor`,
      )
      .run({ parentSid, ...entry });
  }

  list(parentSid: string): RateCardEntry[] {
    return this.db
      .statement('SELECT country, price_minor AS priceMinor FROM rate_card WHERE parent_sid = @parentSid ORDER BY country')
      .all({ parentSid }) as RateCardEntry[];
  }

  priceFor(parentSid: string, country: string): number | undefined {
    const row = this.db
      .statement('SELECT price_minor AS priceMinor FROM rate_card WHERE parent_sid = @parentSid AND country = @country')
      .get({ parentSid, country }) as { priceMinor: number } | undefined;
    return row?.priceMinor;
  }
}
