import type { campaignTimelineCalls } from '../../../shared/calls/campaign-timeline';
import { campaignTimeline } from './campaign-timeline';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';
import { CampaignProgressRepository } from '../store/campaign-progress-repository';

export const timelineHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof campaignTimelineCalls> => {
  const progress = new CampaignProgressRepository(s.db);
  return {
    // Another profile's campaign is "not found", as for campaigns.get.
    'campaigns.timeline': ({ id, waveNo }) => campaignTimeline(progress, s.campaigns.drafts.get(s.requireActiveProfile().id, id), waveNo ?? null, s.clock()),
  };
};
