import type { billingCalls } from '../../../shared/calls/billing';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

export const billingHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof billingCalls> => ({
  'billing.summary': () => {
    const profile = s.requireActiveProfile();
    // Switched to the documented API only: a figure kept from the sandbox's billing route [ours] would be old and not documented.
    if (profile.sandboxDocumentedOnly === true) return null;
    const latest = s.billing.latest(profile.id);
    return latest && { profileId: profile.id, ...latest };
  },
});
