import { workspaceCampaignCalls } from '../../../shared/calls/workspace-campaigns';
import { defineHandlers } from '../define-handlers';

export const workspaceCampaignHandlers = defineHandlers(workspaceCampaignCalls, (s) => ({
  'workspaceCampaigns.list': () => s.sharedCampaigns.list(s.requireActiveProfile().id),
  'workspaceCampaigns.get': ({ id }) => s.sharedCampaigns.get(s.requireActiveProfile().id, id),
  'workspaceCampaigns.resolve': ({ id, choice }) => {
    const profileId = s.requireActiveProfile().id;
    const resolved = s.sharedCampaigns.resolve(profileId, id, choice);
    s.emit({ name: 'campaigns.changed', payload: { profileId, campaignId: id } });
    return resolved;
  },
}));
