import { testSendCalls } from '../../../shared/calls/campaign-test-send';
import { defineHandlers } from '../define-handlers';

export const testSendHandlers = defineHandlers(testSendCalls, (s) => {
  const { testSends } = s.campaigns;
  return {
    'campaigns.testSendPreview': (input) => testSends.preview(s.requireActiveProfile(), input),
    'campaigns.testSend': (input) => testSends.send(s.requireActiveProfile(), input),
    'campaigns.testSends': ({ id }) => testSends.list(s.requireActiveProfile(), id),
  };
});
