import { chargeOutcome } from '../../../shared/charge-outcome';
import { destinationCountryOfAccepted } from '../../../shared/destination-country';
import { costOfUnits, parseUnitPrice, type UnitPrice } from '../../../shared/pricing';
import { analyzeSms } from '../../../shared/sms';
import { knownAmount, unavailableAmount, type SourcedAmount } from '../../../shared/spend-source';
import type { LaunchUnitPrice, PricedMessage } from '../store/documented-spend-repository';

/** A campaign's spend with where it came from; per wave too, so the monitor's table can show it. */
export interface CampaignActualSpend {
  actual: SourcedAmount;
  refunded: SourcedAmount;
  /** Units kept (charged and not refunded); null when not known. */
  units: number | null;
  byWave: Array<{ waveNo: number; actual: SourcedAmount }>;
}

export interface ComputedSpend {
  actualMinor: number;
  refundedMinor: number;
  units: number;
  byWave: Map<number, number>;
  /** Destinations a charged message went to that the launch had no price for (never expected: a launch prices every one). */
  unpriced: Set<string>;
}

/**
 * Actual spend computed from the documented status API: every message the API reported, charged
 * units × its destination's price as the launch was checked with, the platform's refund rules
 * applied (shared/charge-outcome.ts). Units are the segments of the request's body, exactly as
 * the platform counts them (shared/sms.ts is also what the sandbox charges by).
 */
export function spendFromStatuses(messages: Iterable<PricedMessage>, prices: readonly LaunchUnitPrice[]): ComputedSpend {
  const priceOf = new Map<string, UnitPrice>(prices.map((price) => [price.country.toUpperCase(), parseUnitPrice(price.unitPrice, price.currency)]));
  const unitsOfRequest = new Map<number, number>();
  const costOf = new Map<string, number>();
  const result: ComputedSpend = { actualMinor: 0, refundedMinor: 0, units: 0, byWave: new Map(), unpriced: new Set() };
  for (const message of messages) {
    const outcome = chargeOutcome(
      message.status === 'queued' || message.status === 'rejected' || message.status === 'cancelled' ? 'NotSent' : message.status,
      message.details,
    );
    if (outcome === 'never-charged') continue;
    let units = unitsOfRequest.get(message.outboxId);
    if (units === undefined) unitsOfRequest.set(message.outboxId, (units = analyzeSms(message.body).segments));
    const country = destinationCountryOfAccepted(message.recipient);
    const price = country === null ? undefined : priceOf.get(country);
    if (price === undefined) {
      result.unpriced.add(country ?? message.recipient);
      continue;
    }
    const costKey = `${units}:${country ?? ''}`;
    let cost = costOf.get(costKey);
    if (cost === undefined) costOf.set(costKey, (cost = costOfUnits(units, price).minor));
    if (outcome === 'refunded') {
      result.refundedMinor += cost;
      continue;
    }
    result.actualMinor += cost;
    result.units += units;
    result.byWave.set(message.waveNo, (result.byWave.get(message.waveNo) ?? 0) + cost);
  }
  return result;
}

/** The campaign's figures from spend computed from statuses, or why they cannot be. */
export function actualFromComputed(computed: ComputedSpend | null, waveNos: readonly number[], launchPrices: readonly LaunchUnitPrice[]): CampaignActualSpend {
  if (computed === null || launchPrices.length === 0) {
    return unavailableSpend(
      waveNos,
      "Not known: this API reports no charges (Kaleyra's documented send and status answers carry none) " +
        'and this campaign was launched before Campaign Desk kept the prices it was checked with. ' +
        "The account's usage report on kaleyra.io has it.",
    );
  }
  if (computed.unpriced.size > 0) {
    return unavailableSpend(
      waveNos,
      `Not known: no price was kept for ${[...computed.unpriced].sort().join(', ')}, so those messages cannot be priced. ` +
        'Enter a price for them and look again.',
    );
  }
  return {
    actual: knownAmount(computed.actualMinor, 'statuses'),
    refunded: knownAmount(computed.refundedMinor, 'statuses'),
    units: computed.units,
    byWave: waveNos.map((waveNo) => ({ waveNo, actual: knownAmount(computed.byWave.get(waveNo) ?? 0, 'statuses') })),
  };
}

function unavailableSpend(waveNos: readonly number[], reason: string): CampaignActualSpend {
  return {
    actual: unavailableAmount(reason),
    refunded: unavailableAmount(reason),
    units: null,
    byWave: waveNos.map((waveNo) => ({ waveNo, actual: unavailableAmount(reason) })),
  };
}
