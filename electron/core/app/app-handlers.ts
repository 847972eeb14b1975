import type { appCalls } from '../../../shared/calls/app';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const appHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof appCalls> => ({
  'app.info': () => ({ version: s.version, host: s.host }),
});
