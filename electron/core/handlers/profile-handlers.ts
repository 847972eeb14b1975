import type { profileCalls } from '../../../shared/calls/profiles';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

export const profileHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof profileCalls> => ({
  'profiles.list': () => s.profiles.list(),
  'profiles.activate': ({ profileId }) => {
    const profile = s.profiles.activate(profileId);
    s.sync.follow(profile);
    s.emit({ name: 'profiles.changed', payload: { activeProfileId: profile.id } });
    return s.profiles.view(profile);
  },
});
