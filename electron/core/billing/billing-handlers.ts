import type { billingCalls } from '../../../shared/calls/billing';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../core-services';

export const billingHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof billingCalls> => ({
  'billing.summary': () => {
    const profile = s.requireActiveProfile();
    const latest = s.billing.latest(profile.id);
    return latest && { profileId: profile.id, ...latest };
  },
});
