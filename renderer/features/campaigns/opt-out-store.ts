import { create } from 'zustand';
import type { OptOutTextsView } from '../../../shared/calls/message-settings';
import { SHIPPED_OPT_OUT_TEXTS } from '../../../shared/opt-out-text';
import { call } from '../../lib/desk';
import { errorMessage, stateFromRead } from '../../lib/error-message';

interface OptOutSlice {
  view: OptOutTextsView;
  error: string | null;
  /** Reads the active profile's texts (the shipped ones until then). */
  load(): Promise<void>;
  /** Saves one language's text for the active profile; null goes back to the shipped text. Returns an error message or null. */
  save(language: string, text: string | null): Promise<string | null>;
}

export const useOptOutStore = create<OptOutSlice>((set) => ({
  view: { texts: { ...SHIPPED_OPT_OUT_TEXTS }, edited: [] },
  error: null,
  load: async () =>
    set(
      await stateFromRead(
        call('messageSettings.optOutTexts', {}),
        (view) => ({ view, error: null }),
        (error) => ({ error }),
      ),
    ),
  async save(language, text) {
    try {
      set({ view: await call('messageSettings.setOptOutText', { language, text }), error: null });
      return null;
    } catch (failure) {
      return errorMessage(failure);
    }
  },
}));
