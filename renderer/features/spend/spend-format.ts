import type { SpendFigures } from '../../../shared/calls/spend';

/** Messages with a final status: the base of the delivery rate (pending ones are not counted yet). */
export function finalMessages(figures: SpendFigures): number {
  return figures.delivered + figures.undelivered + figures.notSent;
}

/** Messages that left (whatever became of them), apart from those still waiting for their scheduled time. */
export function sentMessages(figures: SpendFigures): number {
  return figures.messages - figures.scheduledMessages;
}

/** Delivered share of the messages with a final status, as "92.5 %", or "—" before any is final. */
export function deliveryRateText(figures: SpendFigures): string {
  const final = finalMessages(figures);
  if (final === 0) return '—';
  return `${((figures.delivered * 1000) / final / 10).toFixed(1)} %`;
}

export { usedShare } from '../../../shared/spend-budget';

export const alertKindLabels = {
  low_balance: 'Low balance',
  usage_75_percent: '75% of the monthly limit used',
} as const;
