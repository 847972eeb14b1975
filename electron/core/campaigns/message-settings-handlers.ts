import { messageSettingsCalls } from '../../../shared/calls/message-settings';
import { defineHandlers } from '../define-handlers';

export const messageSettingsHandlers = defineHandlers(messageSettingsCalls, (s) => ({
  'messageSettings.optOutTexts': () => s.optOutTexts.view(s.requireActiveProfile().id),
  'messageSettings.setOptOutText': ({ language, text }) => s.optOutTexts.set(s.requireActiveProfile().id, language, text),
}));
