import { defineFeatureEvents } from '../../lib/feature-events';
import { useSyncStore } from './sync-store';

const reload = () => void useSyncStore.getState().load();

export const syncEvents = defineFeatureEvents({
  on: { 'sync.status': (status) => useSyncStore.getState().setStatus(status) },
  onStart: reload,
  // A sync that finished before the event stream opened (or while it was down) sent its news to nobody.
  onConnected: reload,
});
