import { deliverEvent, type FeatureEvents } from '../lib/feature-events';
import { onDeskEvent } from '../lib/desk';
import * as registry from './event-registry';

/** Every feature listed in `event-registry.ts`. */
export const featureEvents: readonly FeatureEvents[] = Object.values(registry);

/** Runs each feature's first reads and routes the core's events to the features that follow them; returns the stop. */
export function startFeatureEvents(): () => void {
  for (const feature of featureEvents) feature.onStart?.();
  return onDeskEvent(
    (event) => deliverEvent(featureEvents, event),
    () => {
      for (const feature of featureEvents) feature.onConnected?.();
    },
  );
}
