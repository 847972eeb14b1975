import { profileCalls } from '../../../shared/calls/profiles';
import { defineHandlers } from '../define-handlers';

export const profileHandlers = defineHandlers(profileCalls, (s) => ({
  'profiles.list': () => s.profiles.list(),
  'profiles.activate': ({ profileId }) => {
    const profile = s.profiles.activate(profileId);
    s.sync.follow(profile);
    void s.workspaceSync.follow(profile.id);
    s.emit({ name: 'profiles.changed', payload: { activeProfileId: profile.id } });
    return s.profiles.view(profile);
  },
  'profiles.add': async (input) => s.profiles.view(await s.profiles.add(input)),
  'profiles.replaceKey': async ({ profileId, apiKey }) => {
    const profile = await s.profiles.replaceKey(profileId, apiKey);
    if (s.profiles.active()?.id === profile.id) void s.sync.syncNow();
    return s.profiles.view(profile);
  },
  'profiles.setDocumentedOnly': ({ profileId, documentedOnly }) => {
    const profile = s.profiles.setDocumentedOnly(profileId, documentedOnly);
    // The sync engine and pullers hold the old address: follow the profile again at its new one.
    if (s.profiles.active()?.id === profile.id) s.sync.follow(profile);
    s.emit({ name: 'profiles.changed', payload: { activeProfileId: s.profiles.active()?.id ?? null } });
    return s.profiles.view(profile);
  },
  'profiles.remove': async ({ profileId }) => {
    const wasActive = s.profiles.active()?.id === profileId;
    const removed = await s.profiles.remove(profileId);
    await s.workspace.forgetProfile(profileId);
    const active = s.profiles.active();
    if (wasActive) s.sync.follow(active);
    if (wasActive) void s.workspaceSync.follow(active?.id ?? null);
    s.emit({ name: 'profiles.changed', payload: { activeProfileId: active?.id ?? null } });
    return { removed };
  },
}));
