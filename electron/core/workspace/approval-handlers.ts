import { approvalCalls } from '../../../shared/calls/approvals';
import { defineHandlers } from '../define-handlers';

export const approvalHandlers = defineHandlers(approvalCalls, (s) => ({
  'approvals.campaign': ({ campaignId }) => s.approvals.campaign(s.requireActiveProfile(), campaignId),
  'approvals.request': (input) => s.approvals.request(s.requireActiveProfile(), input),
  'approvals.list': () => s.approvals.list(s.requireActiveProfile()),
  'approvals.decide': (input) => s.approvals.decide(s.requireActiveProfile(), input),
  'approvals.rules': () => s.approvals.rules(s.requireActiveProfile()),
  'approvals.setRule': (input) => s.approvals.setRule(s.requireActiveProfile(), input),
  'approvals.removeRule': (input) => s.approvals.removeRule(s.requireActiveProfile(), input),
}));
