import type { RateCardView } from '../../../shared/calls/rate-card';
import { DeskError } from '../../../shared/errors';
import type { RateCard } from '../../../shared/pricing';
import type { EnteredRateCardRepository } from '../store/entered-rate-card-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import { isoAt, type Clock } from '../time';
import type { AccountFunds } from './account-funds';

/** The profile's rate card as plans see it, and the prices the user types where the API has none. */
export class RateCardService {
  constructor(
    private readonly funds: AccountFunds,
    private readonly entered: EnteredRateCardRepository,
    private readonly clock: Clock,
  ) {}

  async view(profile: ProfileRecord): Promise<RateCardView> {
    const card = await this.funds.rateCard(profile);
    const entered = this.entered.get(profile.id);
    return {
      source: card?.freshness ?? 'none',
      currency: card?.card.currency ?? null,
      prices: card ? pricesOf(card.card) : [],
      entered: entered ? { currency: entered.currency, prices: pricesOf(entered), enteredAt: entered.enteredAt } : null,
    };
  }

  async setEntered(profile: ProfileRecord, input: { currency: string; prices: Array<{ country: string; unitPrice: string }> }): Promise<RateCardView> {
    const seen = new Set<string>();
    for (const price of input.prices) {
      if (seen.has(price.country))
        throw new DeskError('VALIDATION_FAILED', `${price.country} is listed twice: keep one price per destination.`, { field: 'prices' });
      seen.add(price.country);
    }
    this.entered.replace(
      profile.id,
      { currency: input.currency, unitPrices: Object.fromEntries(input.prices.map((price) => [price.country, price.unitPrice])) },
      isoAt(this.clock()),
    );
    return this.view(profile);
  }
}

function pricesOf(card: RateCard): Array<{ country: string; unitPrice: string }> {
  return Object.entries(card.unitPrices)
    .map(([country, unitPrice]) => ({ country: country.toUpperCase(), unitPrice }))
    .sort((a, b) => a.country.localeCompare(b.country));
}
