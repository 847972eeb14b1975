import type { rateCardCalls } from '../../../shared/calls/rate-card';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

/** The active profile's rate card, and the prices typed where the API serves none. */
export const rateCardHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof rateCardCalls> => ({
  'rateCard.get': () => s.campaigns.rateCards.view(s.requireActiveProfile()),
  'rateCard.setEntered': (input) => s.campaigns.rateCards.setEntered(s.requireActiveProfile(), input),
});
