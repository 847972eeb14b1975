import { CANCELLED_TRACE, chargeOutcome } from '../../../shared/charge-outcome';
import { knownAmount } from '../../../shared/spend-source';
import type { MessageTally } from '../store/campaign-progress-repository';
import type { DocumentedSpendRepository } from '../store/documented-spend-repository';
import { actualFromComputed, spendFromStatuses, type CampaignActualSpend, type ComputedSpend } from './documented-spend';

/**
 * A campaign's actual spend and its source. Where the API reported each message's charge (the
 * sandbox's message log [ours]) the figure is the ledger's; where it did not (Kaleyra's documented
 * status API, a real account) it is computed from the statuses. The computation reads every
 * reported message, so it is kept per campaign until a status changes.
 */
export class CampaignActualSpendReader {
  private readonly computed = new Map<string, { fingerprint: string; spend: ComputedSpend }>();

  constructor(private readonly repository: DocumentedSpendRepository) {}

  /** Called in the launch's transaction with the prices the launch was checked with. */
  recordLaunchPrices(...args: Parameters<DocumentedSpendRepository['recordLaunchPrices']>): void {
    this.repository.recordLaunchPrices(...args);
  }

  of(campaignId: string, tallies: readonly MessageTally[], waveNos: readonly number[], chargesUnreported: boolean): CampaignActualSpend {
    if (!chargesUnreported) return fromLedger(tallies, waveNos);
    const prices = this.repository.launchPrices(campaignId);
    if (prices.length === 0) return actualFromComputed(null, waveNos, prices);
    const fingerprint = this.repository.statusFingerprint(campaignId);
    let cached = this.computed.get(campaignId);
    if (cached?.fingerprint !== fingerprint) {
      cached = { fingerprint, spend: spendFromStatuses(this.repository.reportedMessages(campaignId), prices) };
      this.computed.set(campaignId, cached);
    }
    return actualFromComputed(cached.spend, waveNos, prices);
  }
}

/** The ledger's figures: what the API said each message was charged, its refunds applied. */
function fromLedger(tallies: readonly MessageTally[], waveNos: readonly number[]): CampaignActualSpend {
  let actualMinor = 0;
  let refundedMinor = 0;
  const byWave = new Map<number, number>();
  for (const tally of tallies) {
    if (tally.status === 'queued' || tally.status === 'rejected' || tally.status === 'cancelled') continue;
    const outcome = chargeOutcome(tally.status, tally.cancelledAtApi ? CANCELLED_TRACE : null);
    if (outcome === 'refunded' || (outcome === 'never-charged' && tally.chargedMinor > 0)) refundedMinor += tally.chargedMinor;
    if (outcome !== 'kept') continue;
    actualMinor += tally.chargedMinor;
    byWave.set(tally.waveNo, (byWave.get(tally.waveNo) ?? 0) + tally.chargedMinor);
  }
  return {
    actual: knownAmount(actualMinor, 'ledger'),
    refunded: knownAmount(refundedMinor, 'ledger'),
    units: null,
    byWave: waveNos.map((waveNo) => ({ waveNo, actual: knownAmount(byWave.get(waveNo) ?? 0, 'ledger') })),
  };
}

/** Without the documented-spend store: the ledger's figures, or why they are not known. */
export function ledgerOnlySpend(tallies: readonly MessageTally[], waveNos: readonly number[], chargesUnreported: boolean): CampaignActualSpend {
  return chargesUnreported ? actualFromComputed(null, waveNos, []) : fromLedger(tallies, waveNos);
}
