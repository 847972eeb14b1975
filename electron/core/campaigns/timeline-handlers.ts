import { campaignTimelineCalls } from '../../../shared/calls/campaign-timeline';
import { defineHandlers } from '../define-handlers';

export const timelineHandlers = defineHandlers(campaignTimelineCalls, (s) => ({
  // Another profile's campaign is "not found", as for campaigns.get.
  'campaigns.timeline': ({ id, waveNo }) => s.campaigns.monitor.timeline(s.campaigns.drafts.get(s.requireActiveProfile().id, id), waveNo ?? null),
}));
