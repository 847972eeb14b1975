import type { spendCalls } from '../../../shared/calls/spend';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

/** Parent-only (the dispatcher refuses a sub-account profile before any of these runs). */
export const spendHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof spendCalls> => ({
  'spend.refresh': ({ wait }) => s.spend.refresh(s.requireActiveProfile(), wait),
  'spend.summary': (period) => s.spend.summary(s.requireActiveProfile(), period),
  'spend.campaigns': ({ sid, period }) => s.spend.campaigns(s.requireActiveProfile(), sid, period),
  'spend.waves': ({ sid, campaignId, period }) => s.spend.waves(s.requireActiveProfile(), sid, campaignId, period),
});
