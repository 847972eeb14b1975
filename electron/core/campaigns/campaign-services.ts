import { DltCheckService } from './dlt-check-service';
import { launchedLeftOut } from './launched-left-out';
import { LeftOutRepository } from '../store/left-out-repository';
import type { DeskEvent } from '../../../shared/contract';
import type { RequestPriority } from '../kaleyra/request-budget';
import { KaleyraClient } from '../kaleyra/client';
import type { Logger } from '../log';
import { OutboxSender, type OutboxSenderOptions } from '../outbox/outbox-sender';
import { StatusPuller } from '../outbox/status-puller';
import type { ProfilesService } from '../profiles/profiles-service';
import { AudiencesRepository } from '../store/audiences-repository';
import type { BillingRepository } from '../store/billing-repository';
import { CampaignProgressRepository } from '../store/campaign-progress-repository';
import { CampaignsRepository } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import { MessageStatusRepository } from '../store/message-status-repository';
import { OutboxRepository } from '../store/outbox-repository';
import { ProfilesRepository, type ProfileRecord } from '../store/profiles-repository';
import { RateCardRepository } from '../store/rate-card-repository';
import { SuppressionsRepository } from '../store/suppressions-repository';
import { SECOND, type Clock } from '../time';
import { AccountFunds } from './account-funds';
import { CampaignDrafts } from './campaign-drafts';
import { CampaignMonitor } from './campaign-monitor';
import { CampaignActualSpendReader } from '../spend/campaign-actual-spend';
import { DocumentedSpendRepository } from '../store/documented-spend-repository';
import { EnteredRateCardRepository } from '../store/entered-rate-card-repository';
import { RateCardService } from './rate-card-service';
import { LaunchService } from './launch-service';
import { ReplayService } from './replay-service';
import { TestSendService } from './test-send-service';
import { TestSendsRepository } from '../store/test-sends-repository';
import { DeskError } from '../../../shared/errors';
import type { LaunchApprovalGate } from './launch-approval-gate';
import type { LaunchWorkspaceGate } from '../workspace/workspace-launch';

export interface CampaignOptions {
  /** Each outbox request gives up waiting for the API after this long (and is retried). */
  requestTimeoutMs?: number;
  sender?: Partial<OutboxSenderOptions>;
  statusPullIntervalMs?: number;
  /** How often team workspace launch leases are renewed and ended launches reported (tests shorten it). */
  workspaceLeaseRenewMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15 * SECOND;

export interface CampaignServicesDeps {
  db: SqliteDatabase;
  profiles: ProfilesService;
  billing: BillingRepository;
  clock: Clock;
  log: Logger;
  emit(event: DeskEvent): void;
  options?: CampaignOptions;
  /** The team workspace's half of the frequency cap: numbers other desktops of the account messaged in [fromMs, toMs]. */
  sharedRecentlyMessaged?(profileId: string, fromMs: number, toMs: number): ReadonlySet<string>;
  /** The launch's approval gate (team workspace). */
  approvalGate?: LaunchApprovalGate;
  /** The team workspace's launch step: one launch per campaign across desktops, teammates' reservations counted. */
  workspaceGate?: LaunchWorkspaceGate;
}

/** Drafts, launches, the outbox sender and the status pull, built once per core. */
export interface CampaignServices {
  readonly drafts: CampaignDrafts;
  readonly launches: LaunchService;
  readonly sender: OutboxSender;
  readonly statuses: StatusPuller;
  readonly monitor: CampaignMonitor;
  /** One test message to a chosen number before launch. */
  readonly testSends: TestSendService;
  /** A finished campaign replayed to the recipients of chosen delivery statuses. */
  readonly replays: ReplayService;
  /** The rate card plans use, and prices typed where the API serves none. */
  readonly rateCards: RateCardService;
  /** A campaign's actual spend with its source (the ledger, or computed from documented statuses). */
  readonly actualSpend: CampaignActualSpendReader;
  /** Every Indian recipient's rendered text against the DLT template of its variant. */
  readonly dltChecks: DltCheckService;
  start(): void;
  stop(): void;
}

export function createCampaignServices(deps: CampaignServicesDeps): CampaignServices {
  const { db, clock, log, emit } = deps;
  const campaigns = new CampaignsRepository(db);
  const outbox = new OutboxRepository(db);
  const statusRepository = new MessageStatusRepository(db);
  const profileRecords = new ProfilesRepository(db);
  const actualSpend = new CampaignActualSpendReader(new DocumentedSpendRepository(db));
  const monitor = new CampaignMonitor(
    campaigns,
    new CampaignProgressRepository(db),
    clock,
    emit,
    launchedLeftOut(new AudiencesRepository(db), new LeftOutRepository(db)),
    actualSpend,
  );
  const timeoutMs = deps.options?.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  const profileOf = (profileId: string): ProfileRecord => {
    const profile = profileRecords.get(profileId);
    if (!profile) throw new DeskError('PROFILE_NOT_FOUND', 'The profile of this campaign no longer exists on this desktop.', { field: 'profileId' });
    return profile;
  };
  const clientFor = async (profileId: string, priority: RequestPriority = 'foreground'): Promise<KaleyraClient> => {
    const base = await deps.profiles.clientFor(profileOf(profileId), priority);
    return new KaleyraClient({ ...base.http.connection, timeoutMs });
  };
  const touched = (profileId: string, campaignId: string) => monitor.touched(profileId, campaignId);

  const sender = new OutboxSender({
    db,
    outbox,
    statuses: statusRepository,
    campaigns,
    clientFor,
    clock,
    log,
    onCampaignTouched: touched,
    onBlocked: (profileId, campaignIds) => {
      for (const campaignId of campaignIds) {
        emit({ name: 'campaigns.changed', payload: { profileId, campaignId } });
        touched(profileId, campaignId);
      }
    },
    ...(deps.options?.sender ? { options: deps.options.sender } : {}),
  });
  const statuses = new StatusPuller({
    db,
    statuses: statusRepository,
    outbox,
    campaigns,
    clientFor: (profileId) => clientFor(profileId, 'background'),
    accountOf: (profileId) => profileRecords.get(profileId)?.sid ?? null,
    clock,
    log,
    onCampaignTouched: touched,
    ...(deps.options?.statusPullIntervalMs !== undefined ? { intervalMs: deps.options.statusPullIntervalMs } : {}),
  });
  const funds = new AccountFunds({
    clientFor: (profile) => deps.profiles.clientFor(profile),
    billing: deps.billing,
    rateCards: new RateCardRepository(db),
    enteredRateCards: new EnteredRateCardRepository(db),
    clock,
    onBillingChanged: (profileId) => emit({ name: 'billing.changed', payload: { profileId } }),
  });
  const launches = new LaunchService({
    db,
    campaigns,
    outbox,
    audiences: new AudiencesRepository(db),
    suppressions: new SuppressionsRepository(db),
    funds,
    monitor,
    kickSender: (profileId) => {
      if (profileId !== undefined) sender.forgetClient(profileId);
      sender.kick();
    },
    clock,
    log,
    emit,
    ...(deps.sharedRecentlyMessaged ? { sharedRecentlyMessaged: deps.sharedRecentlyMessaged } : {}),
    ...(deps.approvalGate ? { approvalGate: deps.approvalGate } : {}),
    ...(deps.workspaceGate ? { workspaceGate: deps.workspaceGate } : {}),
  });

  return {
    drafts: new CampaignDrafts(campaigns, clock),
    launches,
    sender,
    statuses,
    monitor,
    testSends: new TestSendService({
      campaigns,
      audiences: new AudiencesRepository(db),
      testSends: new TestSendsRepository(db),
      rateCards: new RateCardRepository(db),
      clientFor,
      clock,
      log,
    }),
    replays: new ReplayService({ db, campaigns, audiences: new AudiencesRepository(db), clock }),
    rateCards: new RateCardService(funds, new EnteredRateCardRepository(db), clock),
    actualSpend,
    dltChecks: new DltCheckService({ db, campaigns, audiences: new AudiencesRepository(db), suppressions: new SuppressionsRepository(db), clock }),
    start() {
      // Launches a crash interrupted while their requests were being written are undone first (nothing of them was sent).
      void launches.recoverInterrupted();
      sender.start();
      statuses.start();
    },
    stop() {
      sender.stop();
      statuses.stop();
      monitor.stop();
    },
  };
}
