import type { SpendFigures } from '../../../shared/calls/spend';
import type { MessageFacts } from './account-messages';

export function emptyFigures(): SpendFigures {
  return { actualMinor: 0, actualUnits: 0, refundedMinor: 0, scheduledMinor: 0, scheduledUnits: 0, messages: 0, scheduledMessages: 0, delivered: 0, undelivered: 0, notSent: 0, pending: 0 };
}

/**
 * Adds one message to a group's figures, by where the API says it stands. The refund rules are
 * the platform's: an undelivered or cancelled (NotSent after a charge) message is refunded in
 * full; a delivered one never is; a scheduled one is charged at acceptance and waits.
 */
export function addMessage(figures: SpendFigures, message: MessageFacts): void {
  figures.messages += 1;
  switch (message.status) {
    case 'Delivered':
      figures.delivered += 1;
      keep(figures, message);
      return;
    case 'Sent':
      figures.pending += 1;
      keep(figures, message);
      return;
    case 'Failed':
      // Kaleyra's callbacks say Failed without a documented refund: the charge stands until the API says otherwise.
      figures.undelivered += 1;
      keep(figures, message);
      return;
    case 'Scheduled':
      figures.pending += 1;
      figures.scheduledMessages += 1;
      figures.scheduledMinor += message.chargedMinor;
      figures.scheduledUnits += message.units;
      return;
    case 'UnDelivered':
      figures.undelivered += 1;
      figures.refundedMinor += message.chargedMinor;
      return;
    case 'NotSent':
      figures.notSent += 1;
      figures.refundedMinor += message.chargedMinor;
      return;
    default:
      return assertNever(message.status);
  }
}

function keep(figures: SpendFigures, message: MessageFacts): void {
  figures.actualMinor += message.chargedMinor;
  figures.actualUnits += message.units;
}

export function addFigures(into: SpendFigures, from: SpendFigures): void {
  for (const key of Object.keys(into) as Array<keyof SpendFigures>) into[key] += from[key];
}

/** Groups messages by a key, in first-seen order. */
export function figuresBy<K>(messages: Iterable<MessageFacts>, keyOf: (message: MessageFacts) => K): Map<K, SpendFigures> {
  const groups = new Map<K, SpendFigures>();
  for (const message of messages) {
    const key = keyOf(message);
    let figures = groups.get(key);
    if (!figures) groups.set(key, (figures = emptyFigures()));
    addMessage(figures, message);
  }
  return groups;
}

function assertNever(value: never): never {
  throw new Error(`unhandled message status ${String(value)}`);
}
