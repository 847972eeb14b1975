import type { subaccountBulkCalls } from '../../../shared/calls/subaccount-bulk';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const subaccountBulkHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof subaccountBulkCalls> => ({
  'subaccounts.bulk': (input) => s.subaccountBulk.run(s.requireActiveProfile(), input),
});
