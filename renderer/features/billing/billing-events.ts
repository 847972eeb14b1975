import { defineFeatureEvents } from '../../lib/feature-events';
import { useBillingStore } from './billing-store';

const reload = () => void useBillingStore.getState().load();

export const billingEvents = defineFeatureEvents({
  on: { 'billing.changed': reload, 'profiles.changed': reload },
  onStart: reload,
  onConnected: reload,
});
