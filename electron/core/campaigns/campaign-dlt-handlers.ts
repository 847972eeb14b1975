import { campaignDltCalls } from '../../../shared/calls/campaign-dlt';
import { defineHandlers } from '../define-handlers';

export const campaignDltHandlers = defineHandlers(campaignDltCalls, (s) => ({
  'campaigns.dltCheck': ({ id }) => s.campaigns.dltChecks.check(s.requireActiveProfile(), id),
}));
