import type { RateCard } from '../../../shared/pricing';
import { DeskError, restated } from '../../../shared/errors';
import type { KaleyraClient } from '../kaleyra/client';
import type { BillingRepository, BillingSnapshot } from '../store/billing-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { RateCardRepository } from '../store/rate-card-repository';
import type { EnteredRateCardRepository } from '../store/entered-rate-card-repository';
import { toBillingSnapshot } from '../sync/billing-mapping';
import { isoAt, type Clock } from '../time';

export interface AccountFundsDeps {
  clientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  billing: BillingRepository;
  rateCards: RateCardRepository;
  /** Prices typed by the user where the API serves no rate card. */
  enteredRateCards: Pick<EnteredRateCardRepository, 'get'>;
  clock: Clock;
  onBillingChanged(profileId: string): void;
}

/** `entered`: typed by the user for an account whose API serves no rate card. */
export type Freshness = 'live' | 'cached' | 'entered';

/**
 * The account's money and prices, read from the API when it answers and from the local cache
 * when it does not. Plans may use the cache; a launch never does for the balance.
 */
export class AccountFunds {
  constructor(private readonly deps: AccountFundsDeps) {}

  /** Reads the balance or allowance now and records it; API errors are thrown as they are. */
  async liveBilling(profile: ProfileRecord): Promise<BillingSnapshot> {
    const client = await this.deps.clientFor(profile);
    let wire;
    try {
      wire = await client.billing.get();
    } catch (error) {
      throw restated(
        error,
        'API_NOT_AVAILABLE',
        'This account does not report its balance through the API, so Campaign Desk cannot check that a launch fits. Launching needs that check.',
        { field: 'funds' },
      );
    }
    const snapshot = toBillingSnapshot(wire, isoAt(this.deps.clock()));
    if (this.deps.billing.record(profile.id, snapshot)) this.deps.onBillingChanged(profile.id);
    return snapshot;
  }

  /** Live when the API answers, else the last one pulled (null when there never was one). */
  async billing(profile: ProfileRecord): Promise<{ snapshot: BillingSnapshot; freshness: Exclude<Freshness, 'entered'> } | null> {
    try {
      return { snapshot: await this.liveBilling(profile), freshness: 'live' };
    } catch (error) {
      if (!isOfflineLike(error)) throw error;
      // An API without a balance route: an old figure read elsewhere would mislead the plan.
      if (error instanceof DeskError && error.code === 'API_NOT_AVAILABLE') return null;
      const cached = this.deps.billing.latest(profile.id);
      return cached ? { snapshot: cached, freshness: 'cached' } : null;
    }
  }

  /** The rate card, pulled when possible and cached for offline plans. */
  async rateCard(profile: ProfileRecord): Promise<{ card: RateCard; freshness: Freshness } | null> {
    try {
      const client = await this.deps.clientFor(profile);
      const wire = await client.pricing.get();
      const card: RateCard = {
        currency: wire.currency,
        unitPrices: Object.fromEntries(wire.data.map((entry) => [entry.country.toUpperCase(), decimalText(entry.price_per_unit)])),
      };
      this.deps.rateCards.replace(profile.id, card, isoAt(this.deps.clock()));
      return { card, freshness: 'live' };
    } catch (error) {
      if (!isOfflineLike(error)) throw error;
      // Kaleyra documents no pricing route: prices the user typed for this account win over an old pull.
      const entered = error instanceof DeskError && error.code === 'API_NOT_AVAILABLE' ? this.deps.enteredRateCards.get(profile.id) : null;
      if (entered) return { card: { currency: entered.currency, unitPrices: entered.unitPrices }, freshness: 'entered' };
      const cached = this.deps.rateCards.get(profile.id);
      return cached ? { card: { currency: cached.currency, unitPrices: cached.unitPrices }, freshness: 'cached' } : null;
    }
  }
}

/** Failures after which the cache is the best answer: offline, API trouble, or a path a real account lacks. */
function isOfflineLike(error: unknown): boolean {
  if (!(error instanceof DeskError)) return false;
  switch (error.code) {
    case 'API_UNREACHABLE':
    case 'API_SERVER_ERROR':
    case 'API_RATE_LIMITED':
    case 'API_BAD_RESPONSE':
    case 'API_NOT_AVAILABLE':
    case 'SECRET_UNAVAILABLE':
      return true;
    default:
      return false;
  }
}

/** A JSON number as exact decimal text ("0.0079", never "7.9e-3"). */
export function decimalText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(12).replace(/\.?0+$/, '');
}
