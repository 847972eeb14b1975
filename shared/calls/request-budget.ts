import { z } from 'zod';
import { profileId } from './common';
import { defineCall, defineFeature } from './define';

/** Bounds a person can set: background work keeps at least 1 % and at most half of the account's capacity. */
export const REQUEST_BUDGET_BOUNDS = {
  sharePercent: { min: 1, max: 50 },
  limitRequests: { min: 10, max: 1_000_000 },
  windowMinutes: { min: 1, max: 60 },
} as const;

const bounded = (bounds: { min: number; max: number }, what: string) =>
  z.number().int(`${what} is a whole number`).min(bounds.min, `${what} is at least ${bounds.min}`).max(bounds.max, `${what} is at most ${bounds.max}`);

/** A profile's request budget: the account's rate limit (as agreed with Kaleyra) and the share background work may use. */
export const requestBudgetSettings = z.strictObject({
  /** Background work (spend logs, status pulls, syncs) never uses more than this share of the limit; the rest is for sends. */
  backgroundSharePercent: bounded(REQUEST_BUDGET_BOUNDS.sharePercent, 'The background share'),
  limitRequests: bounded(REQUEST_BUDGET_BOUNDS.limitRequests, 'The rate limit'),
  limitWindowMinutes: bounded(REQUEST_BUDGET_BOUNDS.windowMinutes, 'The window'),
});
export type RequestBudgetSettings = z.infer<typeof requestBudgetSettings>;

export const requestBudgetView = requestBudgetSettings.extend({
  /** True when the profile uses the defaults (Kaleyra's guidance, 20 %). */
  isDefault: z.boolean(),
  /** Background requests allowed per window with these settings. */
  backgroundAllowance: z.number().int().min(1),
});
export type RequestBudgetView = z.infer<typeof requestBudgetView>;

export const requestBudgetCalls = {
  'profiles.requestBudget': defineCall({ input: z.strictObject({ profileId }), output: requestBudgetView, access: 'anyone' }),
  /** `settings: null` goes back to the defaults. */
  'profiles.setRequestBudget': defineCall({
    input: z.strictObject({ profileId, settings: requestBudgetSettings.nullable() }),
    output: requestBudgetView,
    access: 'anyone',
  }),
};

export const requestBudgetFeature = defineFeature({ calls: requestBudgetCalls });
