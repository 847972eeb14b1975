import { appCalls } from '../../../shared/calls/app';
import { defineHandlers } from '../define-handlers';

export const appHandlers = defineHandlers(appCalls, (s) => ({
  'app.info': () => ({ version: s.version, host: s.host }),
}));
