import type { subaccountCalls } from '../../../shared/calls/subaccounts';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

export const subaccountHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof subaccountCalls> => ({
  'subaccounts.list': (filter) => s.subaccounts.list(s.requireActiveProfile().id, filter),
});
