import { billingCalls } from '../../../shared/calls/billing';
import { defineHandlers } from '../define-handlers';

export const billingHandlers = defineHandlers(billingCalls, (s) => ({
  'billing.summary': () => {
    const profile = s.requireActiveProfile();
    // Switched to the documented API only: a figure kept from the sandbox's billing route [ours] would be old and not documented.
    if (profile.sandboxDocumentedOnly === true) return null;
    const latest = s.billing.latest(profile.id);
    return latest && { profileId: profile.id, ...latest };
  },
}));
