/**
 * Every person an audience file names is in a wave or left out with a reason: the plan's figures,
 * the prices the user entered for destinations the rate card lacks, and the per-recipient record
 * a launch keeps.
 */
import type { NoPriceChoice } from '../../../shared/calls/campaigns';
import { DeskError } from '../../../shared/errors';
import { leftOutList, type LeftOutCount, type LeftOutReason } from '../../../shared/left-out';
import type { RateCard } from '../../../shared/pricing';
import type { AudienceRecord } from '../store/audiences-repository';
import type { AudienceSnapshot } from './audience-snapshot';
import type { CampaignPlanning } from './campaign-planner';

/** The card's prices plus those the user entered for destinations the card lacks (never replacing a card price). */
export function withEnteredPrices(card: RateCard, choices: Readonly<Record<string, NoPriceChoice>>): { card: RateCard; entered: ReadonlySet<string> } {
  const known = new Set(Object.keys(card.unitPrices).map((country) => country.toUpperCase()));
  const unitPrices: Record<string, string> = { ...card.unitPrices };
  const entered = new Set<string>();
  for (const [country, choice] of Object.entries(choices)) {
    if (choice.action !== 'price' || known.has(country)) continue;
    unitPrices[country] = choice.unitPrice;
    entered.add(country);
  }
  return { card: { currency: card.currency, unitPrices }, entered };
}

/** Destinations the user chose to leave out that the card still has no price for (a price added since wins). */
export function noPriceCountriesLeftOut(card: RateCard | null, choices: Readonly<Record<string, NoPriceChoice>>): ReadonlySet<string> {
  if (card === null) return new Set();
  const known = new Set(Object.keys(card.unitPrices).map((country) => country.toUpperCase()));
  return new Set(Object.entries(choices).flatMap(([country, choice]) => (choice.action === 'leave-out' && !known.has(country) ? [country] : [])));
}

export interface RecipientAccounting {
  /** Rows of the file that held something: every person it names, duplicates and invalid numbers included. */
  readonly fileRows: number;
  /** Recipients in a wave: the plan's headline. */
  readonly inWaves: number;
  readonly leftOut: LeftOutCount[];
}

/** The file's rows split into "in a wave" and each left-out reason; the parts add up to `fileRows`. */
export function accountFor(audience: AudienceRecord, snapshot: AudienceSnapshot, planning: CampaignPlanning): RecipientAccounting {
  const counts: Partial<Record<LeftOutReason, number>> = {
    invalid: audience.invalidRows,
    duplicate: audience.duplicateRows,
    suppressed: audience.optedOutRows + snapshot.excluded.suppressed,
    frequency_cap: snapshot.excluded.recentlyMessaged,
    no_price: snapshot.excluded.noPrice,
    no_variant: snapshot.withoutVariant,
  };
  for (const { reason } of planning.unplaced) counts[reason] = (counts[reason] ?? 0) + 1;
  return {
    fileRows: audience.totalRows,
    inWaves: planning.plan.waves.reduce((sum, wave) => sum + wave.recipients, 0),
    leftOut: leftOutList(counts),
  };
}

/** Who the launch leaves out, one row each: the snapshot's filter and the recipients the plan could not place. */
export function leftOutAtLaunch(planning: CampaignPlanning): Array<{ rowNumber: number; phone: string; reason: LeftOutReason }> {
  const { snapshot } = planning;
  return [
    ...snapshot.leftOut.map((entry) => ({ ...entry })),
    ...planning.unplaced.map(({ member, reason }) => ({ rowNumber: snapshot.rowNumbers[member] ?? 0, phone: snapshot.phones[member] ?? '', reason })),
  ];
}

/** A destination without a price is never sent at an unknown cost: the user leaves it out or enters a price first. */
export function assertEveryDestinationPriced(planning: CampaignPlanning): void {
  const unpriced = planning.estimate?.unpriced ?? [];
  const recipients = unpriced.reduce((sum, entry) => sum + entry.recipients, 0);
  if (recipients === 0) return;
  const where = unpriced.map((entry) => `${entry.country ?? 'no country'} (${entry.recipients})`).join(', ');
  throw new DeskError(
    'CAMPAIGN_INCOMPLETE',
    `${recipients} recipients are in destinations the rate card has no price for: ${where}. ` +
      'In the budget panel, leave them out or enter a price for this campaign.',
    { field: 'noPriceChoices' },
  );
}
