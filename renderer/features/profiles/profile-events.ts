import { defineFeatureEvents } from '../../lib/feature-events';
import { useProfilesStore } from './profiles-store';

const reload = () => void useProfilesStore.getState().load();

export const profileEvents = defineFeatureEvents({
  on: { 'profiles.changed': reload },
  onStart: reload,
});
