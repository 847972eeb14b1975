import { defineFeatureEvents } from '../../lib/feature-events';
import { useTeamAudiencesStore } from './team-audiences-store';

export const teamAudienceEvents = defineFeatureEvents({
  on: {
    'teamAudiences.transfer': (payload) => useTeamAudiencesStore.getState().onTransfer(payload),
    'teamAudiences.changed': () => void useTeamAudiencesStore.getState().load(),
    'profiles.changed': () => useTeamAudiencesStore.getState().profileChanged(),
  },
  onConnected: () => void useTeamAudiencesStore.getState().load(),
});
