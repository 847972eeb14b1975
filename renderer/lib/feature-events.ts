import type { DeskEvent, EventName, EventPayload } from '../../shared/contract';

/** What one renderer feature does with the core's events: it subscribes to its own, the App only starts them. */
export interface FeatureEvents {
  /** Per event name, what the feature's stores do with it (several features may follow one event). */
  readonly on: { readonly [N in EventName]?: (payload: EventPayload<N>) => void };
  /** Once, when the window starts: the first reads. */
  readonly onStart?: () => void;
  /** Each time the events (re)start flowing: news sent while they did not reached nobody, so read again. */
  readonly onConnected?: () => void;
}

export const defineFeatureEvents = (events: FeatureEvents): FeatureEvents => events;

/** Hands one event to every feature that follows it. */
export function deliverEvent(features: readonly FeatureEvents[], event: DeskEvent): void {
  for (const feature of features) {
    const handler = feature.on[event.name] as ((payload: DeskEvent['payload']) => void) | undefined;
    handler?.(event.payload);
  }
}
