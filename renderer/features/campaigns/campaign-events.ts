import { defineFeatureEvents } from '../../lib/feature-events';
import { useCampaignsStore } from './campaigns-store';

export const campaignEvents = defineFeatureEvents({
  on: {
    'campaigns.changed': (payload) => useCampaignsStore.getState().onChanged(payload),
    'campaigns.progress': (payload) => useCampaignsStore.getState().onProgress(payload),
    'audiences.changed': () => useCampaignsStore.getState().onAudiencesChanged(),
    'profiles.changed': () => useCampaignsStore.getState().profileChanged(),
  },
});
