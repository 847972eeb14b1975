import { smsStatus, type SmsStatus } from './kaleyra/sms';

/**
 * Every status a campaign's message can be in, and the groups the app reasons with, defined once
 * (as Signal's MessageReadStatus): the store's CHECK constraint, its counters' triggers and every
 * SQL `IN (...)` list are rendered from these (electron/core/store/sql-values.ts).
 *
 * One column holds both ours and Kaleyra's: ours say what happened before (or instead of) the API
 * reporting anything; from the first report on, the message carries Kaleyra's delivery status.
 *
 * Adding a status: list it here and in the groups it belongs to (complements follow). A
 * database created before keeps its old CHECK, so the change also needs a store migration that
 * widens `campaign_messages.status` (tests/unit/shared/message-status.test.ts fails until then).
 */
export const LOCAL_MESSAGE_STATUSES = [
  /** No status from the API yet: its request waits in the outbox, or was accepted without a report so far. */
  'queued',
  /** The API refused the request for good (its code in status_details). */
  'rejected',
  /** Cancelled here before its request left. */
  'cancelled',
] as const;
export type LocalMessageStatus = (typeof LOCAL_MESSAGE_STATUSES)[number];

/** Kaleyra's delivery statuses (`Scheduled` is [ours]: see shared/kaleyra/sms.ts). */
export const KALEYRA_MESSAGE_STATUSES: readonly SmsStatus[] = smsStatus.options;

export type MessageStatus = LocalMessageStatus | SmsStatus;

/** In this order in the store's CHECK constraint (ours, then Kaleyra's). */
export const MESSAGE_STATUSES: readonly MessageStatus[] = [...LOCAL_MESSAGE_STATUSES, ...KALEYRA_MESSAGE_STATUSES];

/** Every status but those of `group`, in MESSAGE_STATUSES order: a group and its complement are defined once. */
function allBut<const G extends readonly MessageStatus[]>(group: G): Array<Exclude<MessageStatus, G[number]>> {
  return MESSAGE_STATUSES.filter((status): status is Exclude<MessageStatus, G[number]> => !(group as readonly MessageStatus[]).includes(status));
}

const IN_FLIGHT = ['queued', 'Scheduled', 'Sent'] as const satisfies readonly MessageStatus[];
const NOT_LEFT = ['queued', 'Scheduled'] as const satisfies readonly MessageStatus[];
const NEVER_REACHES_RECIPIENT = ['rejected', 'cancelled', 'UnDelivered', 'NotSent', 'Failed'] as const satisfies readonly MessageStatus[];

/** The groups the app reasons with. */
export const MessageStatusGroup = {
  /** Written at launch; no status from the API yet. The progress counters leave these out (migration 10). */
  waiting: ['queued'] as const satisfies readonly MessageStatus[],
  /** May still change: what the status pull asks about, and what a campaign waits for before it completes. */
  inFlight: IN_FLIGHT,
  /** No later status follows. */
  final: allBut(IN_FLIGHT),
  /** Still here or held at the API (scheduled): their request's reservation is not settled by them. */
  notLeft: NOT_LEFT,
  /** Every status a message reaches once it left (or will never leave): what a replay may pick from. */
  replayable: allBut(NOT_LEFT),
  /** Did not and will not reach the recipient: a cap does not count them, so a replay to them passes it. */
  neverReachesRecipient: NEVER_REACHES_RECIPIENT,
  /** Reached, or may still reach, the recipient: the frequency cap counts these. */
  countsAgainstFrequencyCap: allBut(NEVER_REACHES_RECIPIENT),
  /** Counted per trace reason (status_details) by the progress counters and the undelivered reasons. */
  byTraceReason: ['UnDelivered', 'NotSent'] as const satisfies readonly MessageStatus[],
  /** The delivery outcomes the timeline draws at their status time. */
  deliveryOutcome: ['Delivered', 'UnDelivered', 'NotSent'] as const satisfies readonly MessageStatus[],
  /**
   * Charged and not refunded: what actual spend keeps. UnDelivered and NotSent are refunded in full;
   * Kaleyra's callbacks say Failed without a documented refund, so its charge stands until the API says otherwise.
   */
  chargeKept: ['Sent', 'Delivered', 'Failed'] as const satisfies readonly MessageStatus[],
} as const;

export type ReplayableStatus = (typeof MessageStatusGroup.replayable)[number];

export function isMessageStatus(value: string): value is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(value);
}

/** Whether the status is one the API reported (not one of ours). */
export function isKaleyraStatus(status: MessageStatus): status is SmsStatus {
  return !(LOCAL_MESSAGE_STATUSES as readonly MessageStatus[]).includes(status);
}

export function isInFlight(status: MessageStatus): boolean {
  return (IN_FLIGHT as readonly MessageStatus[]).includes(status);
}
