import { join } from 'node:path';
import type { DeskEvent } from '../../shared/contract';
import { DeskError } from '../../shared/errors';
import { createDispatcher, type Dispatcher } from './dispatch';
import { AudienceImports } from './audiences/audience-imports';
import { UploadStore } from './audiences/upload-store';
import { createCampaignServices, type CampaignOptions } from './campaigns/campaign-services';
import { callHandlers } from './call-handlers';
import { OptOutTextsService } from './campaigns/opt-out-texts-service';
import type { Logger } from './log';
import type { SecretCipher } from './secrets/secret-cipher';
import { SecretStore } from './secrets/secret-store';
import type { CoreServices } from './core-services';
import { ProfilesService, type SandboxAccount } from './profiles/profiles-service';
import { SubaccountAdminService } from './subaccounts/subaccount-admin-service';
import { SubaccountBulkService } from './subaccounts/subaccount-bulk-service';
import { RequestBudget, type RequestBudgetOptions } from './kaleyra/request-budget';
import { SpendLogPuller } from './spend/spend-log-puller';
import { SpendService } from './spend/spend-service';
import { SubaccountListRepository } from './store/subaccount-list-repository';
import { SpendPages } from './spend/spend-pages';
import { RequestBudgetSettingsService } from './kaleyra/request-budget-settings';
import { SpendAlertsRepository } from './store/spend-alerts-repository';
import { SpendSources } from './spend/spend-sources';
import { DocumentedSpendRepository } from './store/documented-spend-repository';
import { CampaignProgressRepository } from './store/campaign-progress-repository';
import { AuditLogRepository } from './store/audit-log-repository';
import { AudiencesRepository } from './store/audiences-repository';
import { BulkActionsRepository } from './store/bulk-actions-repository';
import { BillingRepository } from './store/billing-repository';
import { CreditHistoryRepository } from './store/credit-history-repository';
import { DltRegistryRepository } from './store/dlt-registry-repository';
import { openDatabase } from './store/database';
import { ProfilesRepository } from './store/profiles-repository';
import { SettingsRepository } from './store/settings-repository';
import { SpendLogRepository } from './store/spend-log-repository';
import { SpendRepository } from './store/spend-repository';
import { SubaccountsRepository } from './store/subaccounts-repository';
import { SuppressionsRepository } from './store/suppressions-repository';
import { WorkspaceMembershipsRepository } from './store/workspace-memberships-repository';
import { WorkspaceService } from './workspace/workspace-service';
import { WorkspaceSync } from './workspace/workspace-sync';
import { SharedCampaigns } from './workspace/workspace-campaign-service';
import { WorkspaceCampaignsRepository } from './store/workspace-campaigns-repository';
import { CampaignsRepository } from './store/campaigns-repository';
import { WorkspaceSyncRepository } from './store/workspace-sync-repository';
import { WorkspaceAudiencesRepository } from './store/workspace-audiences-repository';
import { AudienceSharing } from './workspace/audience-sharing';
import { WorkspacePlanSummariesRepository } from './store/workspace-plan-summaries-repository';
import { WorkspacePlanRecorder } from './workspace/workspace-plan-recorder';
import { WorkspaceApprovals } from './workspace/workspace-approvals-service';
import { WorkspaceApprovalsRepository } from './store/workspace-approvals-repository';
import { WorkspaceLaunchLeasesRepository } from './store/workspace-launch-leases-repository';
import { WorkspaceLaunches } from './workspace/workspace-launch';
import { SyncStateRepository } from './store/sync-state-repository';
import { SyncEngine } from './sync/sync-engine';
import { systemClock, type Clock } from './time';

export interface CoreOptions {
  dataDir: string;
  cipher: SecretCipher;
  host: 'electron' | 'browser';
  version: string;
  log: Logger;
  clock?: Clock;
  /** The bundled sandbox's demo accounts, when this launch runs one; the first is the default profile. */
  sandboxAccounts?: readonly SandboxAccount[];
  pullIntervalMs?: number;
  /** Pull as soon as the core starts (default); off, the first pull waits for its interval or "Sync now". */
  syncOnStart?: boolean;
  /** Outbox and status-pull tuning (tests shorten timeouts; benchmarks lift the pace). */
  campaigns?: CampaignOptions;
  /** Each account's rate limit and the share background work may use (tests pass a virtual clock's sleep). */
  requestBudget?: Omit<RequestBudgetOptions, 'clock'>;
  /** Rows per COPY chunk when audiences move to and from the team workspace (tests shorten it). */
  teamAudienceChunkRows?: number;
  /** This computer's name as teammates read it in a team workspace ("Noor's office PC"); the OS host name by default. */
  desktopName?: string;
}

export interface Core {
  readonly call: Dispatcher;
  onEvent(listener: (event: DeskEvent) => void): () => void;
  /** Files handed over for import (the browser host streams uploads into it). */
  readonly uploads: UploadStore;
  close(): void;
}

export const DATABASE_FILE = 'campaign-desk.sqlite';
export const SECRETS_FILE = 'secrets.json';
export const UPLOADS_DIR = 'uploads';

/**
 * Builds the whole main-side core: store, services, sync, and the dispatcher every adapter calls.
 * It never imports Electron, so the same core runs in Electron's utility process, in the browser
 * host and in tests.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const db = openDatabase(join(options.dataDir, DATABASE_FILE));
  const listeners = new Set<(event: DeskEvent) => void>();
  const emit = (event: DeskEvent) => listeners.forEach((listener) => listener(event));

  const subaccounts = new SubaccountsRepository(db);
  const subaccountList = new SubaccountListRepository(db);
  const creditHistory = new CreditHistoryRepository(db);
  const billing = new BillingRepository(db);
  const audiences = new AudiencesRepository(db);
  const suppressions = new SuppressionsRepository(db);
  const uploads = new UploadStore(join(options.dataDir, UPLOADS_DIR));
  const audienceImports = new AudienceImports({
    databasePath: join(options.dataDir, DATABASE_FILE),
    audiences,
    suppressions,
    uploads,
    clock,
    log: options.log,
    emit,
  });
  audienceImports.failInterrupted();
  const secrets = new SecretStore(join(options.dataDir, SECRETS_FILE), options.cipher);
  const profilesRepository = new ProfilesRepository(db);
  const settings = new SettingsRepository(db);
  const requestBudget = new RequestBudget({ clock, ...options.requestBudget });
  const profiles = new ProfilesService(profilesRepository, settings, secrets, clock, requestBudget);
  if (options.sandboxAccounts) await profiles.ensureSandboxProfiles(options.sandboxAccounts);
  const requestBudgetSettings = new RequestBudgetSettingsService({
    settings,
    budget: requestBudget,
    profile: (profileId) => profilesRepository.get(profileId),
  });
  requestBudgetSettings.applyAll(profilesRepository.list());

  const syncState = new SyncStateRepository(db);
  const sync = new SyncEngine({
    db,
    subaccounts,
    creditHistory,
    suppressions,
    syncState,
    billing,
    clientFor: (profile) => profiles.clientFor(profile, 'background'),
    clock,
    log: options.log,
    onStatus: (payload) => emit({ name: 'sync.status', payload }),
    onSubaccountsChanged: (profileId) => emit({ name: 'subaccounts.changed', payload: { profileId } }),
    onBillingChanged: (profileId) => emit({ name: 'billing.changed', payload: { profileId } }),
    pullIntervalMs: options.pullIntervalMs,
  });

  const spendLogs = new SpendLogRepository(db);
  const workspaceSyncState = new WorkspaceSyncRepository(db);
  const workspacePlanSummaries = new WorkspacePlanSummariesRepository(db);
  const workspace = new WorkspaceService({
    memberships: new WorkspaceMembershipsRepository(db),
    secrets,
    profileById: (profileId) => profilesRepository.get(profileId),
    clock,
    log: options.log,
  });
  const campaignRecords = new CampaignsRepository(db);
  const sharedCampaignRows = new WorkspaceCampaignsRepository(db, campaignRecords);
  const campaignProgress = new CampaignProgressRepository(db);
  const workspaceLaunches = new WorkspaceLaunches({
    workspace,
    leases: new WorkspaceLaunchLeasesRepository(db),
    settings,
    campaignStatus: (profileId, campaignId) => campaignRecords.get(profileId, campaignId)?.status,
    stillReserved: (campaignId) => campaignProgress.reserved(campaignId),
    syncedRevisionOf: (profileId, campaignId, localRevision) => {
      const shared = sharedCampaignRows.shared(profileId, campaignId);
      return shared && shared.syncedLocalRevision === localRevision && shared.baseRevision !== null ? shared.baseRevision : undefined;
    },
    ...(options.desktopName !== undefined ? { desktopName: options.desktopName } : {}),
    ...(options.campaigns?.workspaceLeaseRenewMs !== undefined ? { renewEveryMs: options.campaigns.workspaceLeaseRenewMs } : {}),
    clock,
    log: options.log,
  });
  const campaigns = createCampaignServices({
    db,
    profiles,
    billing,
    clock,
    log: options.log,
    emit,
    options: options.campaigns,
    sharedRecentlyMessaged: (profileId, fromMs, toMs) => workspaceSyncState.messagedBetween(profileId, fromMs, toMs),
    // Built below with the workspace; called only once the core is serving.
    approvalGate: {
      refresh: (profile) => approvals.refreshBeforeLaunch(profile),
      assertMayLaunch: (profile, record, estimate) => approvals.assertMayLaunch(profile, record, estimate),
    },
    workspaceGate: workspaceLaunches,
  });

  const subaccountAdmin = new SubaccountAdminService({
    db,
    clock,
    subaccounts,
    creditHistory,
    audit: new AuditLogRepository(db),
    clientFor: (profile) => profiles.clientFor(profile),
    onChanged: (profileId) => emit({ name: 'subaccounts.changed', payload: { profileId } }),
    // The parent's balance shown elsewhere comes from pulls: pull now rather than wait a minute.
    onParentFundsChanged: () => void sync.syncNow(),
  });

  const audienceShares = new WorkspaceAudiencesRepository(db);
  const approvals = new WorkspaceApprovals({
    workspace,
    repository: new WorkspaceApprovalsRepository(db),
    campaignOf: (profileId, campaignId) => campaigns.drafts.get(profileId, campaignId),
    estimateOf: async (profile, campaignId) => {
      const plan = await campaigns.launches.plan(profile, campaignId);
      return plan.currency === null || plan.estimate.byCountry.length === 0 ? null : { minor: plan.estimate.totalMinor, currency: plan.currency };
    },
    currencyOf: (profile, accountSid) => subaccounts.get(profile.id, accountSid)?.currency ?? billing.latest(profile.id)?.currency ?? null,
    syncRound: (profileId) => services.workspaceSync.syncNow(profileId),
    sharedCampaignOf: (profileId, campaignId) => sharedCampaignRows.shared(profileId, campaignId),
    clock,
    log: options.log,
    emit,
  });

  const workspaceSync = new WorkspaceSync({
    workspace,
    repository: workspaceSyncState,
    clock,
    log: options.log,
    campaigns: sharedCampaignRows,
    onCampaignsChanged: (profileId) => emit({ name: 'campaigns.changed', payload: { profileId, campaignId: null } }),
    audienceShares,
    onTeamAudiencesChanged: (profileId) => emit({ name: 'teamAudiences.changed', payload: { profileId } }),
    planSummaries: workspacePlanSummaries,
    // Planned spend moved: the Spend screen reads its figures again.
    onPlannedChanged: (profileId) => emit({ name: 'spend.changed', payload: { profileId, refresh: services.spend.refreshState(profileId) } }),
    approvals,
  });

  const services: CoreServices = {
    clock,
    log: options.log,
    host: options.host,
    version: options.version,
    emit,
    profiles,
    sync,
    subaccounts,
    subaccountAdmin,
    subaccountList,
    subaccountBulk: new SubaccountBulkService({
      admin: subaccountAdmin,
      subaccounts,
      journal: new BulkActionsRepository(db),
      clientFor: (profile) => profiles.clientFor(profile),
      matchingSids: (profileId, filter) => subaccountList.matchingSids(profileId, filter),
      clock,
      onChanged: (profileId) => emit({ name: 'subaccounts.changed', payload: { profileId } }),
      onParentFundsChanged: () => void sync.syncNow(),
    }),
    billing,
    audiences,
    audienceImports,
    suppressions,
    campaigns,
    dltRegistry: new DltRegistryRepository(db),
    optOutTexts: new OptOutTextsService(settings),
    spend: new SpendService({
      spend: new SpendRepository(db),
      logs: spendLogs,
      alerts: new SpendAlertsRepository(db),
      puller: new SpendLogPuller({
        logs: spendLogs,
        syncState,
        clock,
        log: options.log,
        backgroundClientFor: (profile) => profiles.clientFor(profile, 'background'),
        pullSubaccounts: async (profile) => {
          if (profiles.active()?.id === profile.id) await sync.syncNow();
          return subaccounts.list(profile.id);
        },
        isActive: (profileId) => profiles.active()?.id === profileId,
        onProgress: (profileId, refresh) => emit({ name: 'spend.changed', payload: { profileId, refresh } }),
      }),
      billing,
      clock,
      log: options.log,
      backgroundClientFor: (profile) => profiles.clientFor(profile, 'background'),
      cachedSubaccounts: (profileId) => subaccountList.spendAccounts(profileId),
      profileById: (profileId) => profilesRepository.get(profileId),
      estimateDraft: async (profile, campaignId) => (await campaigns.launches.plan(profile, campaignId, { teammates: 'skip' })).estimate.totalMinor,
      // Only while the profile is in a workspace: after leaving, what was pulled no longer counts.
      workspacePlanned: (profileId, sid) => (workspace.membership(profileId) ? workspacePlanSummaries.planned(profileId, sid) : []),
    }),
    requestBudgetSettings,
    spendPages: new SpendPages({
      // The overview names each figure's source (folded into groups), as the whole summary does.
      summary: async (profile, period) => services.spendSources.annotate(profile, await services.spend.summary(profile, period)),
      accountRows: (profile, period) => services.spend.accountRows(profile, period),
      clock,
    }),
    spendSources: new SpendSources({
      launched: new DocumentedSpendRepository(db),
      progress: new CampaignProgressRepository(db),
      actualSpend: campaigns.actualSpend,
      cachedSubaccounts: (profileId) => subaccounts.list(profileId),
      hasLoggedMessages: (profileId, sid) => spendLogs.hasMessages(profileId, sid),
    }),
    workspace,
    workspaceSync,
    audienceSharing: new AudienceSharing({
      workspace,
      shares: audienceShares,
      audiences,
      clock,
      log: options.log,
      emit,
      databasePath: join(options.dataDir, DATABASE_FILE),
      chunkRows: options.teamAudienceChunkRows,
    }),
    sharedCampaigns: new SharedCampaigns({
      repository: sharedCampaignRows,
      campaigns: campaignRecords,
      membership: (profileId) => workspace.membership(profileId),
      clock,
      syncSoon: (profileId) => workspaceSync.syncSoon(profileId),
    }),
    workspacePlans: new WorkspacePlanRecorder({
      repository: workspacePlanSummaries,
      isMember: (profileId) => workspace.membership(profileId) !== undefined,
      syncSoon: (profileId) => services.workspaceSync.syncNow(profileId),
      clock,
      log: options.log,
    }),
    approvals,
    requireActiveProfile() {
      const profile = profiles.active();
      if (!profile) throw new DeskError('NO_ACTIVE_PROFILE', 'Choose or add a profile first.');
      return profile;
    },
  };

  const call = createDispatcher(callHandlers(services), () => profiles.active()?.role ?? null, options.log);

  sync.follow(profiles.active(), options.syncOnStart ?? true);
  campaigns.start();
  workspaceLaunches.start();
  void services.workspaceSync.follow(profiles.active()?.id ?? null);

  return {
    call,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    uploads,
    close() {
      services.spend.stop();
      void services.workspaceSync.stop();
      services.audienceSharing.close();
      void workspaceLaunches.stop();
      campaigns.stop();
      audienceImports.close();
      sync.stop();
      listeners.clear();
      db.close();
    },
  };
}
