import type { syncCalls } from '../../../shared/calls/sync';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const syncHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof syncCalls> => ({
  'sync.status': () => s.sync.status(),
  'sync.now': () => {
    s.requireActiveProfile();
    return s.sync.syncNow();
  },
});
