/**
 * The registry of features that follow the core's events: one line per feature, nothing else in
 * this file (every export is read as a feature's events). A feature follows a new event in its own
 * `<feature>-events.ts`; a new feature adds one line here. Kept in alphabetical order of the path.
 */
export { approvalEvents } from './approvals/approval-events';
export { audienceEvents } from './audiences/audience-events';
export { teamAudienceEvents } from './audiences/team-audience-events';
export { billingEvents } from './billing/billing-events';
export { campaignEvents } from './campaigns/campaign-events';
export { profileEvents } from './profiles/profile-events';
export { spendEvents } from './spend/spend-events';
export { subaccountEvents } from './subaccounts/subaccount-events';
export { syncEvents } from './sync/sync-events';
