import { subaccountBulkCalls } from '../../../shared/calls/subaccount-bulk';
import { defineHandlers } from '../define-handlers';

export const subaccountBulkHandlers = defineHandlers(subaccountBulkCalls, (s) => ({
  'subaccounts.bulk': (input) => s.subaccountBulk.run(s.requireActiveProfile(), input),
}));
