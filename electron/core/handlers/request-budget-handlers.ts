import type { requestBudgetCalls } from '../../../shared/calls/request-budget';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

export const requestBudgetHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof requestBudgetCalls> => ({
  'profiles.requestBudget': ({ profileId }) => s.requestBudgetSettings.view(profileId),
  'profiles.setRequestBudget': ({ profileId, settings }) => s.requestBudgetSettings.set(profileId, settings),
});
