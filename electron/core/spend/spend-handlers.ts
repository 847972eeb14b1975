import { spendCalls } from '../../../shared/calls/spend';
import { defineHandlers } from '../define-handlers';

/** Parent-only (the dispatcher refuses a sub-account profile before any of these runs). */
export const spendHandlers = defineHandlers(spendCalls, (s) => ({
  'spend.refresh': ({ wait }) => s.spend.refresh(s.requireActiveProfile(), wait),
  'spend.summary': async (period) => {
    const profile = s.requireActiveProfile();
    return s.spendSources.annotate(profile, await s.spend.summary(profile, period));
  },
  'spend.campaigns': async ({ sid, period }) => s.spendSources.campaignsOf(sid, period, await s.spend.campaigns(s.requireActiveProfile(), sid, period)),
  'spend.waves': async ({ sid, campaignId, period }) =>
    s.spendSources.wavesOf(campaignId, await s.spend.waves(s.requireActiveProfile(), sid, campaignId, period)),
}));
