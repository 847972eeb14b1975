import { billingCalls } from '../../../shared/calls/billing';
import { defineHandlers } from '../define-handlers';

export const billingHandlers = defineHandlers(billingCalls, (s) => ({
  'billing.summary': () => {
    const profile = s.requireActiveProfile();
    const latest = s.billing.latest(profile.id);
    return latest && { profileId: profile.id, ...latest };
  },
}));
