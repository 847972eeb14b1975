/**
 * The registry of features: one line per feature module, nothing else in this file (the contract
 * reads every export as a feature). A new call goes into its feature's module; a new feature
 * module adds one line here. Kept in alphabetical order of the file name.
 */
export { appFeature } from './app';
export { approvalsFeature } from './approvals';
export { audiencesFeature, suppressionsFeature } from './audiences';
export { billingFeature } from './billing';
export { campaignDltFeature } from './campaign-dlt';
export { replayFeature } from './campaign-replay';
export { testSendFeature } from './campaign-test-send';
export { campaignTimelineFeature } from './campaign-timeline';
export { campaignsFeature } from './campaigns';
export { consolePagesFeature } from './console-pages';
export { dltFeature } from './dlt';
export { messageSettingsFeature } from './message-settings';
export { profilesFeature } from './profiles';
export { rateCardFeature } from './rate-card';
export { requestBudgetFeature } from './request-budget';
export { spendFeature } from './spend';
export { subaccountBulkFeature } from './subaccount-bulk';
export { subaccountsFeature } from './subaccounts';
export { syncFeature } from './sync';
export { teamAudiencesFeature } from './team-audiences';
export { workspaceFeature } from './workspace';
export { workspaceCampaignsFeature } from './workspace-campaigns';
