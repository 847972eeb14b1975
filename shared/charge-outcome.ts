import { assertNever } from './assert-never';

/**
 * What the platform does with a message's charge, by the status its documented status API reports
 * (the sandbox is the model: `sandbox/domain/sms-service.ts` charges at acceptance,
 * `sandbox/domain/delivery-simulation.ts` and `scheduled-cancellation.ts` refund):
 * - `kept`: charged and never refunded (Scheduled, Sent, Delivered; Failed from callbacks, for
 *   which Kaleyra documents no refund);
 * - `refunded`: charged at acceptance, then refunded in full (UnDelivered; NotSent/CANCELLED, a
 *   scheduled message cancelled before its time);
 * - `never-charged`: refused at acceptance (any other NotSent trace: "messages refused by a limit
 *   are NotSent and not charged" [sms-status-and-status-trace-codes]).
 */
export const CHARGE_OUTCOMES = ['kept', 'refunded', 'never-charged'] as const;
export type ChargeOutcome = (typeof CHARGE_OUTCOMES)[number];

export type ReportedStatus = 'Scheduled' | 'Sent' | 'Delivered' | 'UnDelivered' | 'NotSent' | 'Failed';

/** The trace of a scheduled message cancelled at the API [ours: the sandbox's cancel route]. */
export const CANCELLED_TRACE = 'CANCELLED';

export function chargeOutcome(status: ReportedStatus, trace: string | null): ChargeOutcome {
  switch (status) {
    case 'Scheduled':
    case 'Sent':
    case 'Delivered':
    case 'Failed':
      return 'kept';
    case 'UnDelivered':
      return 'refunded';
    case 'NotSent':
      return trace === CANCELLED_TRACE ? 'refunded' : 'never-charged';
    default:
      return assertNever(status);
  }
}
