import { campaignTimelineCalls } from '../../../shared/calls/campaign-timeline';
import { defineHandlers } from '../define-handlers';

export const timelineHandlers = defineHandlers(campaignTimelineCalls, (s) => ({
  'campaigns.timeline': ({ id, waveNo }) => s.campaigns.monitor.timeline(s.requireActiveProfile().id, id, waveNo ?? null),
}));
