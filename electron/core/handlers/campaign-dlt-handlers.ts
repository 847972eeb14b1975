import type { campaignDltCalls } from '../../../shared/calls/campaign-dlt';
import { DltCheckService } from '../campaigns/dlt-check-service';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';
import { CampaignsRepository } from '../store/campaigns-repository';

export const campaignDltHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof campaignDltCalls> => {
  let service: DltCheckService | null = null;
  const checks = () => (service ??= new DltCheckService({ db: s.db, campaigns: new CampaignsRepository(s.db), audiences: s.audiences, suppressions: s.suppressions, clock: s.clock }));
  return {
    'campaigns.dltCheck': ({ id }) => checks().check(s.requireActiveProfile(), id),
  };
};
