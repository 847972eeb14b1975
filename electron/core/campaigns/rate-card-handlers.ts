import { rateCardCalls } from '../../../shared/calls/rate-card';
import { defineHandlers } from '../define-handlers';

/** The active profile's rate card, and the prices typed where the API serves none. */
export const rateCardHandlers = defineHandlers(rateCardCalls, (s) => ({
  'rateCard.get': () => s.campaigns.rateCards.view(s.requireActiveProfile()),
  'rateCard.setEntered': (input) => s.campaigns.rateCards.setEntered(s.requireActiveProfile(), input),
}));
