import { defineFeatureEvents } from '../../lib/feature-events';
import { useCreditsHistoryStore } from './credits-history-store';
import { useSubaccountsStore } from './subaccounts-store';

const reload = () => {
  void useSubaccountsStore.getState().load();
  useCreditsHistoryStore.getState().reloadIfShown();
};

export const subaccountEvents = defineFeatureEvents({
  on: { 'subaccounts.changed': reload, 'profiles.changed': reload },
  // A sync that finished while events did not flow changed the list unseen (only a list already shown is read again).
  onConnected: () => {
    if (useSubaccountsStore.getState().loaded) void useSubaccountsStore.getState().load();
  },
});
