import { defineFeatureEvents } from '../../lib/feature-events';
import { useSpendStore } from './spend-store';

export const spendEvents = defineFeatureEvents({
  on: { 'spend.changed': ({ profileId }) => useSpendStore.getState().onChanged(profileId) },
});
