/**
 * The registry of call handlers: one line per handler module, nothing else in this file (the core
 * reads every export as a handler module). A new call's handler goes into its feature's module; a
 * new module adds one line here. Kept in alphabetical order of the path.
 */
export { appHandlers } from './app/app-handlers';
export { audienceHandlers } from './audiences/audience-handlers';
export { suppressionHandlers } from './audiences/suppression-handlers';
export { billingHandlers } from './billing/billing-handlers';
export { campaignDltHandlers } from './campaigns/campaign-dlt-handlers';
export { campaignHandlers } from './campaigns/campaign-handlers';
export { messageSettingsHandlers } from './campaigns/message-settings-handlers';
export { replayHandlers } from './campaigns/replay-handlers';
export { testSendHandlers } from './campaigns/test-send-handlers';
export { rateCardHandlers } from './campaigns/rate-card-handlers';
export { timelineHandlers } from './campaigns/timeline-handlers';
export { dltHandlers } from './dlt/dlt-handlers';
export { profileHandlers } from './profiles/profile-handlers';
export { requestBudgetHandlers } from './profiles/request-budget-handlers';
export { spendHandlers } from './spend/spend-handlers';
export { consolePageHandlers } from './subaccounts/console-page-handlers';
export { subaccountBulkHandlers } from './subaccounts/subaccount-bulk-handlers';
export { subaccountHandlers } from './subaccounts/subaccount-handlers';
export { syncHandlers } from './sync/sync-handlers';
export { teamAudienceHandlers } from './workspace/team-audience-handlers';
export { workspaceCampaignHandlers } from './workspace/workspace-campaign-handlers';
export { approvalHandlers } from './workspace/approval-handlers';
export { workspaceHandlers } from './workspace/workspace-handlers';
