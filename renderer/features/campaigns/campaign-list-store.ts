import { create } from 'zustand';
import type { CampaignSummary } from '../../../shared/calls/campaigns';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

/** The active profile's campaigns, as the list screen shows them. */
interface CampaignListSlice {
  campaigns: CampaignSummary[];
  loaded: boolean;
  listError: string | null;
  load(): Promise<void>;
  /** A list action (create, duplicate, delete, open) failed: say why above the list. */
  showError(message: string): void;
}

export const useCampaignListStore = create<CampaignListSlice>((set) => ({
  campaigns: [],
  loaded: false,
  listError: null,

  async load() {
    try {
      set({ campaigns: await call('campaigns.list', {}), loaded: true, listError: null });
    } catch (failure) {
      set({ loaded: true, listError: errorMessage(failure) });
    }
  },

  showError(message) {
    set({ listError: message });
  },
}));
