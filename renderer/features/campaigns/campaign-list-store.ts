import { create } from 'zustand';
import type { CampaignSummary } from '../../../shared/calls/campaigns';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

/** The active profile's campaigns, as the list screen shows them. */
interface CampaignListSlice {
  campaigns: CampaignSummary[];
  loaded: boolean;
  listError: string | null;
  /** Reads the list; resolves to what this read found (null when it failed), even if a newer read is shown. */
  load(): Promise<CampaignSummary[] | null>;
  /** A list action (create, duplicate, delete, open) failed: say why above the list. */
  showError(message: string): void;
}

export const useCampaignListStore = create<CampaignListSlice>((set) => {
  // Loads overlap around a profile switch (one sent just before it, one after): only the latest answer is shown.
  let latestLoad = 0;
  return {
    campaigns: [],
    loaded: false,
    listError: null,

    async load() {
      latestLoad += 1;
      const thisLoad = latestLoad;
      try {
        const campaigns = await call('campaigns.list', {});
        if (thisLoad === latestLoad) set({ campaigns, loaded: true, listError: null });
        return campaigns;
      } catch (failure) {
        if (thisLoad === latestLoad) set({ loaded: true, listError: errorMessage(failure) });
        return null;
      }
    },

    showError(message) {
      set({ listError: message });
    },
  };
});
