import { create } from 'zustand';
import type { RecipientView } from '../../../shared/calls/audiences';
import { call } from '../../lib/desk';

const SAMPLE_RECIPIENTS = 50;

/** A few recipients of the draft's audience, for the phone preview and the segment spread. */
interface SampleRecipientsSlice {
  audienceId: string | null;
  sampleRecipients: RecipientView[];
  /** Reads the first recipients of this audience (none when null); an older answer never wins. */
  show(audienceId: string | null): Promise<void>;
}

export const useSampleRecipientsStore = create<SampleRecipientsSlice>((set, get) => ({
  audienceId: null,
  sampleRecipients: [],

  async show(audienceId) {
    set(audienceId === get().audienceId ? { audienceId } : { audienceId, sampleRecipients: [] });
    if (audienceId === null) return;
    try {
      const { recipients } = await call('audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: SAMPLE_RECIPIENTS, withTotal: false });
      if (get().audienceId === audienceId) set({ sampleRecipients: recipients });
    } catch {
      // The preview then shows the message without personalisation; the audiences screen says why.
      if (get().audienceId === audienceId) set({ sampleRecipients: [] });
    }
  },
}));
