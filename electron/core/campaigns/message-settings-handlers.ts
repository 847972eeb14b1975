import type { messageSettingsCalls } from '../../../shared/calls/message-settings';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const messageSettingsHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof messageSettingsCalls> => ({
  'messageSettings.optOutTexts': () => s.optOutTexts.view(s.requireActiveProfile().id),
  'messageSettings.setOptOutText': ({ language, text }) => s.optOutTexts.set(s.requireActiveProfile().id, language, text),
});
