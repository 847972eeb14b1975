import { requestBudgetCalls } from '../../../shared/calls/request-budget';
import { defineHandlers } from '../define-handlers';

export const requestBudgetHandlers = defineHandlers(requestBudgetCalls, (s) => ({
  'profiles.requestBudget': ({ profileId }) => s.requestBudgetSettings.view(profileId),
  'profiles.setRequestBudget': ({ profileId, settings }) => s.requestBudgetSettings.set(profileId, settings),
}));
