import type { SendRuleReason } from '../../../shared/calls/campaigns';
import { blockingWindow, nextAllowedStart } from '../../../shared/send-windows';
import type { OutboxEntry } from '../store/outbox-repository';

/** Whether a request may leave at a moment, by its windows and its campaign's window end. */
export type WindowDecision =
  | { readonly kind: 'go' }
  | { readonly kind: 'hold'; readonly untilMs: number; readonly reason: SendRuleReason }
  | { readonly kind: 'skip'; readonly reason: SendRuleReason };

/**
 * Checked when a request is about to leave (or be scheduled at the API for `leaveAtMs`): time has
 * passed since the plan, the app may have been down, other campaigns may have delayed it. Inside
 * every window: it goes. Outside: it waits for the next moment every window allows, unless the
 * campaign skips sends that miss their time, or that moment is past the campaign's window end.
 */
export function windowDecision(entry: Pick<OutboxEntry, 'sendWindows' | 'notAfterMs' | 'outsideWindow' | 'zone'>, leaveAtMs: number): WindowDecision {
  if (entry.notAfterMs !== null && leaveAtMs > entry.notAfterMs) return { kind: 'skip', reason: 'window-end' };
  const blocking = blockingWindow(entry.sendWindows, entry.zone, leaveAtMs);
  if (blocking === undefined) return { kind: 'go' };
  const reason: SendRuleReason = blocking.rule === 'legal' ? 'legal' : 'quiet-hours';
  if (entry.outsideWindow === 'skip') return { kind: 'skip', reason };
  const next = nextAllowedStart(entry.sendWindows, entry.zone, leaveAtMs);
  if (next === undefined) return { kind: 'skip', reason };
  if (entry.notAfterMs !== null && next.ms > entry.notAfterMs) return { kind: 'skip', reason: 'window-end' };
  return { kind: 'hold', untilMs: next.ms, reason };
}
