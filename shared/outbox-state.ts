/**
 * The states of a launch's API request (one outbox row), defined once: the store's CHECK and the
 * repositories' `IN (...)` lists are rendered from these (electron/core/store/sql-values.ts).
 */
export const OUTBOX_STATES = [
  /** Waiting for its time (or its retry). */
  'pending',
  /** Claimed by the sender: on its way to the API. After a crash it goes again, with its reference. */
  'in_flight',
  /** The API took it: never sent again. */
  'accepted',
  /** The API refused it for good. */
  'failed',
  /** Cancelled here before it left, or skipped when due outside its windows. */
  'cancelled',
  /** Accepted and scheduled at the API, and the campaign was cancelled: the API must cancel it too. */
  'cancel_pending',
] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const OutboxStateGroup = {
  /** Not at the API yet: what the sender still has to send. */
  notSent: ['pending', 'in_flight'] as const satisfies readonly OutboxState[],
  /** The API has it (its messages may be waiting there for their time). */
  atApi: ['accepted', 'cancel_pending'] as const satisfies readonly OutboxState[],
  /** Ended without the API taking it: its reservation is released. */
  neverAccepted: ['failed', 'cancelled'] as const satisfies readonly OutboxState[],
  /** What the sender picks up: requests to send, and cancellations to ask the API for. */
  senderWork: ['pending', 'cancel_pending'] as const satisfies readonly OutboxState[],
} as const;
