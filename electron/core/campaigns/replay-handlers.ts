import { replayCalls } from '../../../shared/calls/campaign-replay';
import { defineHandlers } from '../define-handlers';

export const replayHandlers = defineHandlers(replayCalls, (s) => ({
  'campaigns.replay': async (input) => {
    const profile = s.requireActiveProfile();
    const created = await s.campaigns.replays.replay(profile.id, input);
    s.emit({ name: 'audiences.changed', payload: { profileId: profile.id, audienceId: created.audienceId } });
    s.emit({ name: 'campaigns.changed', payload: { profileId: profile.id, campaignId: created.id } });
    return created;
  },
  'campaigns.replayInfo': ({ id }) => s.campaigns.replays.info(s.requireActiveProfile().id, id),
}));
