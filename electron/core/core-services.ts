import type { DeskEvent } from '../../shared/contract';
import type { AudienceImports } from './audiences/audience-imports';
import type { CampaignServices } from './campaigns/campaign-services';
import type { Logger } from './log';
import type { AudiencesRepository } from './store/audiences-repository';
import type { SuppressionsRepository } from './store/suppressions-repository';
import type { BillingRepository } from './store/billing-repository';
import type { DltRegistryRepository } from './store/dlt-registry-repository';
import type { ProfileRecord } from './store/profiles-repository';
import type { SubaccountsRepository } from './store/subaccounts-repository';
import type { SpendService } from './spend/spend-service';
import type { SpendSources } from './spend/spend-sources';
import type { SubaccountListRepository } from './store/subaccount-list-repository';
import type { SpendPages } from './spend/spend-pages';
import type { RequestBudgetSettingsService } from './kaleyra/request-budget-settings';
import type { SyncEngine } from './sync/sync-engine';
import type { Clock } from './time';
import type { WorkspaceService } from './workspace/workspace-service';
import type { WorkspaceSync } from './workspace/workspace-sync';
import type { AudienceSharing } from './workspace/audience-sharing';
import type { SharedCampaigns } from './workspace/workspace-campaign-service';
import type { WorkspacePlanRecorder } from './workspace/workspace-plan-recorder';
import type { WorkspaceApprovals } from './workspace/workspace-approvals-service';
import type { OptOutTextsService } from './campaigns/opt-out-texts-service';
import type { ProfilesService } from './profiles/profiles-service';
import type { SubaccountBulkService } from './subaccounts/subaccount-bulk-service';
import type { SubaccountAdminService } from './subaccounts/subaccount-admin-service';

/** What call handlers may use. Built once by `createCore`; handlers never open their own resources. */
export interface CoreServices {
  readonly clock: Clock;
  readonly log: Logger;
  readonly host: 'electron' | 'browser';
  readonly version: string;
  emit(event: DeskEvent): void;
  readonly profiles: ProfilesService;
  readonly sync: SyncEngine;
  readonly subaccounts: SubaccountsRepository;
  /** Create, edit, fund, suspend and delete sub-accounts; the credits history. */
  readonly subaccountAdmin: SubaccountAdminService;
  readonly subaccountBulk: SubaccountBulkService;
  /** The parent console's spend dashboard (API figures plus the desktop's drafts and reservations). */
  readonly spend: SpendService;
  /** Names each spend figure's source; prices this desktop's campaigns from statuses where the API has no message log. */
  readonly spendSources: SpendSources;
  /** The sub-account list one sorted window at a time (the parent console at 10,000 accounts). */
  readonly subaccountList: SubaccountListRepository;
  /** The Spend screen's overview and per-account windows (no row per account in one answer). */
  readonly spendPages: SpendPages;
  /** Each profile's rate limit and background share, as its user set them. */
  readonly requestBudgetSettings: RequestBudgetSettingsService;
  readonly billing: BillingRepository;
  readonly audiences: AudiencesRepository;
  readonly audienceImports: AudienceImports;
  readonly suppressions: SuppressionsRepository;
  /** Campaign drafts, launches, the outbox sender and the status pull. */
  readonly campaigns: CampaignServices;
  /** Each profile's India DLT registry: entity ID, headers, templates. */
  readonly dltRegistry: DltRegistryRepository;
  /** The opt-out sentence per language, kept per profile. */
  readonly optOutTexts: OptOutTextsService;
  /** The optional team workspace (PostgreSQL) a profile may join. */
  readonly workspace: WorkspaceService;
  /** Pushes and pulls the joined profile's shared suppressions. */
  readonly workspaceSync: WorkspaceSync;
  /** Audiences shared with the team workspace and teammates' audiences downloaded here, rows moved with COPY. */
  readonly audienceSharing: AudienceSharing;
  /** Shared drafts' owners, statuses and conflicts; which campaigns this desktop may change. */
  readonly sharedCampaigns: SharedCampaigns;
  /** Keeps each plan of a workspace profile's draft for the sync to push as a plan summary. */
  readonly workspacePlans: WorkspacePlanRecorder;
  /** Approval rules, requests and decisions (team workspace), and the launch's approval gate. */
  readonly approvals: WorkspaceApprovals;
  /** The active profile, or a NO_ACTIVE_PROFILE error a person can act on. */
  requireActiveProfile(): ProfileRecord;
}
