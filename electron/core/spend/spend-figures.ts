import type { SpendFigures } from '../../../shared/calls/spend';
import type { StatusGroup } from '../store/spend-log-repository';
import type { MessageFacts } from './account-messages';
import { assertNever } from '../../../shared/assert-never';
import type { SmsStatus } from '../../../shared/kaleyra/sms';

export function emptyFigures(): SpendFigures {
  return {
    actualMinor: 0,
    actualUnits: 0,
    refundedMinor: 0,
    scheduledMinor: 0,
    scheduledUnits: 0,
    messages: 0,
    scheduledMessages: 0,
    delivered: 0,
    undelivered: 0,
    notSent: 0,
    pending: 0,
  };
}

/** Adds one message to a group's figures, by where the API says it stands. */
export function addMessage(figures: SpendFigures, message: MessageFacts): void {
  addGroup(figures, { status: message.status, messages: 1, chargedMinor: message.chargedMinor, units: message.units });
}

/** Adds messages that stand at one status: how many, and what they cost. */
export function addGroup(figures: SpendFigures, group: StatusGroup): void {
  countMessages(figures, group.status, group.messages);
  addCharges(figures, group);
}

/** Counts messages that stand at one status, by where the API says they stand (no money). */
export function countMessages(figures: SpendFigures, status: SmsStatus, messages: number): void {
  figures.messages += messages;
  switch (status) {
    case 'Delivered':
      figures.delivered += messages;
      return;
    case 'Sent':
      figures.pending += messages;
      return;
    case 'Failed':
    case 'UnDelivered':
      figures.undelivered += messages;
      return;
    case 'Scheduled':
      figures.pending += messages;
      figures.scheduledMessages += messages;
      return;
    case 'NotSent':
      figures.notSent += messages;
      return;
    default:
      return assertNever(status);
  }
}

/**
 * The refund rules are the platform's: an undelivered or cancelled (NotSent after a charge)
 * message is refunded in full; a delivered one never is; a scheduled one is charged at acceptance
 * and waits.
 */
function addCharges(figures: SpendFigures, group: StatusGroup): void {
  switch (group.status) {
    // Kaleyra's callbacks say Failed without a documented refund: the charge stands until the API says otherwise.
    case 'Delivered':
    case 'Sent':
    case 'Failed':
      keep(figures, group);
      return;
    case 'Scheduled':
      figures.scheduledMinor += group.chargedMinor;
      figures.scheduledUnits += group.units;
      return;
    case 'UnDelivered':
    case 'NotSent':
      figures.refundedMinor += group.chargedMinor;
      return;
    default:
      return assertNever(group.status);
  }
}

/** The figures of status groups read from the store. */
export function figuresOf(groups: readonly StatusGroup[] | undefined): SpendFigures {
  const figures = emptyFigures();
  for (const group of groups ?? []) addGroup(figures, group);
  return figures;
}

function keep(figures: SpendFigures, group: StatusGroup): void {
  figures.actualMinor += group.chargedMinor;
  figures.actualUnits += group.units;
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
