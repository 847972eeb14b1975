import type { UndeliveredTrace } from '../../shared/kaleyra/errors';

/**
 * [ours] Deterministic delivery outcomes, by the recipient's last four digits, so tests and
 * demos can provoke every final status without randomness.
 */
const UNDELIVERED_BY_SUFFIX: ReadonlyMap<string, UndeliveredTrace> = new Map([
  ['0000', 'ABSENT-SUB'],
  ['0001', 'MOB-OFF'],
  ['0002', 'INV-NUMBER'],
  ['0003', 'NET-ERR'],
  ['0004', 'EXPIRED'],
]);

export type DeliveryOutcome = { status: 'Delivered'; trace: 'DELIVERED' } | { status: 'UnDelivered'; trace: UndeliveredTrace };

export function deliveryOutcomeFor(e164: string): DeliveryOutcome {
  const trace = UNDELIVERED_BY_SUFFIX.get(e164.slice(-4));
  return trace ? { status: 'UnDelivered', trace } : { status: 'Delivered', trace: 'DELIVERED' };
}

/** Simulated time from submission (or the scheduled instant) to the handset's report. */
export const DELIVERY_DELAY_MS = 5_000;
