import { syncCalls } from '../../../shared/calls/sync';
import { defineHandlers } from '../define-handlers';

export const syncHandlers = defineHandlers(syncCalls, (s) => ({
  'sync.status': () => s.sync.status(),
  'sync.now': () => {
    s.requireActiveProfile();
    return s.sync.syncNow();
  },
}));
