import type { testSendCalls } from '../../../shared/calls/campaign-test-send';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const testSendHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof testSendCalls> => {
  const { testSends } = s.campaigns;
  return {
    'campaigns.testSendPreview': (input) => testSends.preview(s.requireActiveProfile(), input),
    'campaigns.testSend': (input) => testSends.send(s.requireActiveProfile(), input),
    'campaigns.testSends': ({ id }) => testSends.list(s.requireActiveProfile(), id),
  };
};
