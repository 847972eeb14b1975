import { defineFeatureEvents } from '../../lib/feature-events';
import { useAudiencesStore } from './audiences-store';

export const audienceEvents = defineFeatureEvents({
  on: {
    'audiences.importProgress': (payload) => useAudiencesStore.getState().onProgress(payload),
    'audiences.changed': ({ audienceId }) => useAudiencesStore.getState().onChanged(audienceId),
    'profiles.changed': () => useAudiencesStore.getState().profileChanged(),
  },
});
