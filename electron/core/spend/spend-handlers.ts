import { spendCalls } from '../../../shared/calls/spend';
import { defineHandlers } from '../define-handlers';

/** Parent-only (the dispatcher refuses a sub-account profile before any of these runs). */
export const spendHandlers = defineHandlers(spendCalls, (s) => ({
  'spend.refresh': ({ wait }) => s.spend.refresh(s.requireActiveProfile(), wait),
  'spend.summary': (period) => s.spend.summary(s.requireActiveProfile(), period),
  'spend.campaigns': ({ sid, period }) => s.spend.campaigns(s.requireActiveProfile(), sid, period),
  'spend.waves': ({ sid, campaignId, period }) => s.spend.waves(s.requireActiveProfile(), sid, campaignId, period),
}));
