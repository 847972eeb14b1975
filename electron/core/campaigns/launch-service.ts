import { DateTime } from 'luxon';
import type { BudgetView, CampaignPlan, CampaignProgress } from '../../../shared/calls/campaigns';
import type { DeskEvent } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { BudgetCheck } from '../../../shared/budget';
import { campaignReference } from '../outbox/references';
import { firstAttemptAt } from '../outbox/send-timing';
import type { Logger } from '../log';
import type { RateCard } from '../../../shared/pricing';
import type { AudienceRecord, AudiencesRepository } from '../store/audiences-repository';
import { LeftOutRepository } from '../store/left-out-repository';
import type { BillingSnapshot } from '../store/billing-repository';
import type { CampaignRecord, CampaignsRepository } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import type { NewOutboxEntry, OutboxRepository } from '../store/outbox-repository';
import { LaunchStagesRepository } from '../store/launch-stages-repository';
import { transactionWhenFree } from '../store/transaction-when-free';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SuppressionsRepository } from '../store/suppressions-repository';
import { HOUR, isoAt, MINUTE, type Clock } from '../time';
import type { AccountFunds } from './account-funds';
import { readAudienceSnapshotInSlices, type AudienceSnapshot, type SnapshotFilter } from './audience-snapshot';
import { notFound } from './campaign-drafts';
import type { CampaignMonitor } from './campaign-monitor';
import { planCampaign, type CampaignPlanning, type ScheduleSettings } from './campaign-planner';
import { quietHoursOverrides, sendWindowsFor, type RuledWindow, type SendWindows } from '../../../shared/send-windows';
import { checkFunds, insufficientFunds } from './money-guard';
import {
  accountFor,
  assertEveryDestinationPriced,
  leftOutAtLaunch,
  noPriceCountriesLeftOut,
  withEnteredPrices,
  type RecipientAccounting,
} from './recipient-accounting';
import { assertNever } from '../../../shared/assert-never';
import { undoStagedLaunch, writeStagedLaunch } from './staged-launch';
import { checkBudgetCap, requireBudgetCap } from './budget-cap-guard';
import { DocumentedSpendRepository } from '../store/documented-spend-repository';
import { assertDltCompliant, dltRequestFields } from './dlt-launch-check';
import { scheduleSettingsOf } from './schedule-settings';
import type { LaunchApprovalGate } from './launch-approval-gate';
import type { LaunchWorkspaceGate, TeammatesReserved, WorkspaceLaunchHold } from '../workspace/workspace-launch';
import { teammatesTotal } from '../workspace/workspace-funds-guard';

/** Released reservations are kept this long: longer than any balance read takes. */
const RELEASED_RESERVATIONS_KEPT_MS = 60 * MINUTE;
/** Codes of requests that failed only because the API kept erroring: a resume tries them again. */
const TRANSIENT_FAILURE_CODES = ['API_SERVER_ERROR', 'API_BAD_RESPONSE', 'INTERNAL'] as const;

export interface LaunchServiceDeps {
  db: SqliteDatabase;
  campaigns: CampaignsRepository;
  outbox: OutboxRepository;
  audiences: AudiencesRepository;
  /** The profile's suppression list, applied again at every plan and launch. */
  suppressions: Pick<SuppressionsRepository, 'numbers'>;
  funds: AccountFunds;
  monitor: CampaignMonitor;
  /** Wakes the outbox sender; with a profile, its next request also re-reads the profile's key. */
  kickSender(profileId?: string): void;
  /** Numbers other desktops of the account messaged in [fromMs, toMs] (team workspace), so the cap spans desktops. */
  sharedRecentlyMessaged?(profileId: string, fromMs: number, toMs: number): ReadonlySet<string>;
  /** Team workspace approvals: above its sub-account's threshold, only an approved revision launches. */
  approvalGate?: LaunchApprovalGate;
  /** The team workspace's launch lease and teammates' reservations (a profile that joined one). */
  workspaceGate?: LaunchWorkspaceGate;
  clock: Clock;
  log: Logger;
  emit(event: DeskEvent): void;
}

/**
 * Planning and launching. A launch re-reads the money now, checks it against the plan and the
 * account's other reservations and reserves its estimate in one short transaction, then writes its
 * requests, recipients and reservations in slices (staged-launch.ts) while its campaign is still a
 * draft the sender ignores, and makes it live in a last one: either the whole launch is in the
 * outbox and live, or it is undone (after a crash, at the next start) and none of it is.
 */
export class LaunchService {
  private readonly leftOut: LeftOutRepository;
  private readonly stages: LaunchStagesRepository;
  private readonly launchPrices: DocumentedSpendRepository;
  /** Campaigns whose staged launch this process is writing now. */
  private readonly staging = new Set<string>();
  /** Interrupted launches being undone (recoverInterrupted): a launch waits for it. */
  private recovery: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LaunchServiceDeps) {
    this.leftOut = new LeftOutRepository(deps.db);
    this.stages = new LaunchStagesRepository(deps.db);
    this.launchPrices = new DocumentedSpendRepository(deps.db);
  }

  /**
   * The plan a user reviews. `teammates: 'read'` (the default) also reads teammates' reservations
   * from the team workspace (one round trip); the spend view's estimates skip that.
   */
  async plan(profile: ProfileRecord, id: string, { teammates: teammatesMode = 'read' }: { teammates?: 'read' | 'skip' } = {}): Promise<CampaignPlan> {
    const record = this.require(profile, id);
    const audienceId = requirePlannable(record);
    const [rate, billing] = await Promise.all([this.deps.funds.rateCard(profile), this.deps.funds.billing(profile)]);
    const now = this.deps.clock();
    const priced = rate === null ? null : withEnteredPrices(rate.card, record.noPriceChoices);
    const { audience, snapshot } = await this.snapshotOf(profile, record, audienceId, now, rate?.card ?? null);
    const planning = planCampaign(snapshot, scheduleSettings(record), priced?.card ?? null, isoAt(now));
    const teammates = teammatesMode === 'read' ? ((await this.deps.workspaceGate?.teammatesForPlan(profile.id, record)) ?? null) : null;
    const reservedMinor =
      this.deps.outbox.reservedAgainst(profile.sid, now) + (teammates && billing ? teammatesTotal(teammates.reservations, billing.snapshot.currency) : 0);
    let budget = null;
    if (planning.estimate !== null && billing !== null)
      budget = checkFunds({ billing: billing.snapshot, reservedMinor, estimate: planning.estimate, budgetMinor: record.budgetMinor });
    else if (planning.estimate !== null && record.budgetMinor !== null) budget = checkBudgetCap(planning.estimate, record.budgetMinor);
    return planView(
      record.id,
      now,
      planning,
      budget === null ? null : budgetView(budget, reservedMinor, teammates),
      billing?.snapshot ?? null,
      billing?.freshness ?? null,
      {
        accounting: accountFor(audience, snapshot, planning),
        entered: priced?.entered ?? new Set(),
      },
    );
  }

  async launch(profile: ProfileRecord, input: { id: string; revision: number; skipUnscheduled?: boolean | undefined }): Promise<CampaignProgress> {
    // A launch of this campaign interrupted earlier is undone first (a no-op once recovered at start).
    if (this.stages.get(input.id) && !this.staging.has(input.id)) await this.recoverInterrupted();
    await this.recovery;
    const record = this.require(profile, input.id);
    assertLaunchable(record, input.revision);
    const audienceId = requirePlannable(record);
    if (record.senderId.trim() === '') throw new DeskError('CAMPAIGN_INCOMPLETE', 'Choose the sender ID the messages go out with.', { field: 'senderId' });

    // The money guard starts here: reservations released from this moment on still count.
    const balanceReadAt = this.deps.clock();
    const billing = await this.deps.funds.liveBilling(profile).catch((error: unknown) => {
      if (error instanceof DeskError && error.code === 'API_UNREACHABLE') {
        throw new DeskError('API_UNREACHABLE', 'Launching needs the network: the balance must be checked right before anything is sent. Your draft is saved.', {
          field: 'funds',
        });
      }
      // An API without a balance route (a real account, the sandbox documented-only): the campaign's budget is the cap.
      if (error instanceof DeskError && error.code === 'API_NOT_AVAILABLE') return null;
      throw error;
    });
    if (billing === null) requireBudgetCap(record.budgetMinor);
    const rate = await this.deps.funds.rateCard(profile);
    if (rate === null)
      throw new DeskError('CAMPAIGN_INCOMPLETE', 'No rate card is known for this account yet, so the cost cannot be checked. Connect once, then launch.', {
        field: 'rateCard',
      });

    // The audience is read a slice at a time before anything is reserved (its rows do not change
    // once it is ready; the reserving transaction checks it still is).
    const { snapshot } = await this.snapshotOf(profile, record, audienceId, this.deps.clock(), rate.card);
    await this.deps.approvalGate?.refresh(profile);
    const { db, campaigns, outbox } = this.deps;
    // 1. One short IMMEDIATE transaction checks the money and reserves the whole estimate, writes
    //    the waves, and marks the campaign as being launched (it stays a draft the sender ignores).
    const staged = await transactionWhenFree(db, () => {
      const current = this.require(profile, input.id);
      if (this.stages.get(current.id)) throw new DeskError('CAMPAIGN_CONFLICT', `"${current.name}" is already being launched.`);
      assertLaunchable(current, input.revision);
      this.requireReadyAudience(profile, audienceId);
      const now = this.deps.clock();
      const planning = planCampaign(snapshot, scheduleSettings(current), withEnteredPrices(rate.card, current.noPriceChoices).card, isoAt(now));
      assertCoversAudience(snapshot, planning, input.skipUnscheduled ?? false);
      assertEveryDestinationPriced(planning);
      assertSpreadFits(planning, current.throttlePerMinute);
      assertDltCompliant(db, profile.id, current, planning);
      const estimate = planning.estimate;
      if (estimate === null) throw new Error('a plan with a rate card has an estimate');
      this.deps.approvalGate?.assertMayLaunch(profile, current, { minor: estimate.total.minor, currency: estimate.currency });

      outbox.forgetReleasedBefore(now - RELEASED_RESERVATIONS_KEPT_MS);
      const reservedMinor = outbox.reservedAgainst(profile.sid, balanceReadAt) + this.stages.reservedFor(profile.sid);
      const check =
        billing === null
          ? checkBudgetCap(estimate, requireBudgetCap(current.budgetMinor))
          : checkFunds({ billing, reservedMinor, estimate, budgetMinor: current.budgetMinor });
      if (!check.fits) throw insufficientFunds(check, reservedMinor);
      const currency = billing?.currency ?? estimate.currency;

      this.writeWaves(current, planning);
      const requestsTotal = planning.requests.reduce((sum, wave) => sum + wave.requests.length, 0);
      const stage = {
        campaignId: current.id,
        profileId: profile.id,
        accountSid: profile.sid,
        estimateMinor: estimate.total.minor,
        requestsTotal,
        startedAtMs: now,
      };
      if (!this.stages.begin(stage, input.revision)) {
        throw new DeskError('CAMPAIGN_CONFLICT', 'The campaign changed while it was being launched. Review it and launch again.', { field: 'revision' });
      }
      return { current, planning, now, currency, reservedMinor };
    });

    // 2. The requests, their recipients and reservations, in slices; 3. the campaign goes live.
    // Anything failing on the way undoes the stage: nothing of it was sent.
    const { current, planning, now, currency } = staged;
    this.staging.add(current.id);
    let progress: CampaignProgress;
    let workspaceHold: WorkspaceLaunchHold | null = null;
    try {
      workspaceHold = await this.takeWorkspaceLease(profile, { ...staged, billing, balanceReadAt });
      const stagedDeps = { db, outbox, stages: this.stages, leftOut: this.leftOut };
      await writeStagedLaunch(stagedDeps, current.id, leftOutAtLaunch(planning), this.requestEntries(profile, current, planning, currency, now), now);
      const anyDue = planning.plan.waves.some((wave) => Date.parse(wave.utc) <= now);
      await workspaceHold?.goLive();
      progress = await transactionWhenFree(db, () => {
        const launched =
          this.stages.end(current.id) &&
          campaigns.markLaunched(current.id, input.revision + 1, { status: anyDue ? 'running' : 'scheduled', accountSid: profile.sid, currency }, now);
        if (!launched)
          throw new DeskError('CAMPAIGN_CONFLICT', 'The campaign changed while it was being launched. Review it and launch again.', { field: 'revision' });
        // The prices the launch was checked with: spend computed from documented statuses multiplies by these.
        const priced = withEnteredPrices(rate.card, current.noPriceChoices);
        this.launchPrices.recordLaunchPrices(
          current.id,
          Object.entries(priced.card.unitPrices).map(([country, unitPrice]) => ({
            country: country.toUpperCase(),
            currency: priced.card.currency,
            unitPrice,
            entered: priced.entered.has(country) || rate.freshness === 'entered',
          })),
        );
        return this.deps.monitor.progress(this.require(profile, input.id));
      });
    } catch (error) {
      await this.undo(current.id, error);
      await workspaceHold?.abandon();
      throw error;
    } finally {
      this.staging.delete(current.id);
    }

    this.deps.log.info('campaign launched', { campaignId: input.id, recipients: progress.totals.recipients, requests: progress.requests.total });
    this.deps.emit({ name: 'campaigns.changed', payload: { profileId: profile.id, campaignId: input.id } });
    this.deps.kickSender();
    return progress;
  }

  /**
   * The launch's team workspace step, for a profile that joined one (nothing for others): the
   * campaign's lease, taken with this launch's reservation while the account's money is checked
   * against teammates' launches on other desktops. Refused (held by another desktop, changed by a
   * teammate, their reservations leaving too little, or the workspace out of reach), the launch is undone.
   */
  private async takeWorkspaceLease(
    profile: ProfileRecord,
    launch: { current: CampaignRecord; planning: CampaignPlanning; reservedMinor: number; billing: BillingSnapshot | null; balanceReadAt: number },
  ): Promise<WorkspaceLaunchHold | null> {
    const { current, planning } = launch;
    if (!this.deps.workspaceGate || planning.estimate === null) return null;
    return this.deps.workspaceGate.takeLease(profile.id, {
      campaign: { id: current.id, name: current.name, revision: current.revision, budgetMinor: current.budgetMinor, currency: planning.estimate.currency },
      estimate: planning.estimate,
      billing: launch.billing,
      localReservedMinor: launch.reservedMinor,
      balanceReadAtMs: launch.balanceReadAt,
    });
  }

  /**
   * Undoes every staged launch this process is not writing: after a crash, what a launch that never
   * finished wrote is deleted (nothing of it was sent) and its campaign is the draft it was, once.
   * Runs at start; a launch waits for it.
   */
  recoverInterrupted(): Promise<void> {
    this.recovery = this.recovery
      .then(async () => {
        for (const stage of this.stages.all()) {
          if (this.staging.has(stage.campaignId)) continue;
          this.deps.log.warn('undoing a launch interrupted while its requests were written', {
            campaignId: stage.campaignId,
            written: stage.requestsWritten,
            of: stage.requestsTotal,
          });
          await this.undo(stage.campaignId, null);
        }
      })
      // What could not be undone now stays staged, to be undone at the next start or launch of it.
      .catch((error: unknown) => this.deps.log.error('interrupted launches could not be undone yet', { error: String(error) }));
    return this.recovery;
  }

  private async undo(campaignId: string, cause: unknown): Promise<void> {
    try {
      await undoStagedLaunch({ db: this.deps.db, stages: this.stages }, campaignId);
      if (cause !== null) this.deps.log.warn('launch undone', { campaignId, error: String(cause) });
    } catch (error) {
      // The stage stays: the next start (or the next launch of this campaign) undoes it.
      this.deps.log.error('a launch could not be undone yet; it will be at the next start', { campaignId, error: String(error) });
    }
  }

  pause(profile: ProfileRecord, id: string): CampaignProgress {
    const record = this.require(profile, id);
    switch (record.status) {
      case 'scheduled':
      case 'running':
        this.deps.campaigns.setStatus(id, 'paused', null, isoAt(this.deps.clock()));
        break;
      case 'paused':
        break;
      case 'draft':
      case 'completed':
      case 'cancelled':
        throw new DeskError('CAMPAIGN_CONFLICT', `Only a launched campaign that is still sending can be paused; "${record.name}" is ${record.status}.`);
      default:
        assertNever(record.status);
    }
    return this.changed(profile, id);
  }

  /** Resumes a paused (or blocked) campaign; requests that failed only on API errors go again. */
  resume(profile: ProfileRecord, id: string): CampaignProgress {
    const record = this.require(profile, id);
    if (record.status !== 'paused') {
      if (record.status === 'scheduled' || record.status === 'running') return this.changed(profile, id);
      throw new DeskError('CAMPAIGN_CONFLICT', `Only a paused campaign can be resumed; "${record.name}" is ${record.status}.`);
    }
    const now = this.deps.clock();
    // The status follows in the same transaction: nothing that writes runs after the commit, so a
    // busy store can fail the resume only as a whole.
    this.deps.db
      .transaction(() => {
        this.deps.outbox.requeueFailures(id, TRANSIENT_FAILURE_CODES, now);
        this.deps.campaigns.setStatus(id, 'running', null, isoAt(now));
        this.deps.monitor.refreshStatus(profile.id, id);
      })
      .immediate();
    this.deps.kickSender(profile.id);
    return this.changed(profile, id);
  }

  /** Cancels the waves not yet sent: queued requests here, scheduled ones at the API (by the sender). */
  cancel(profile: ProfileRecord, id: string): CampaignProgress {
    const record = this.require(profile, id);
    switch (record.status) {
      case 'scheduled':
      case 'running':
      case 'paused': {
        const now = this.deps.clock();
        const outcome = this.deps.db
          .transaction(() => {
            this.deps.campaigns.setStatus(id, 'cancelled', null, isoAt(now));
            const cancelled = this.deps.outbox.cancelCampaign(id, now);
            for (const wave of this.deps.campaigns.waves(id)) {
              if (wave.sendAtMs > now) this.deps.campaigns.setWaveStatus(id, wave.waveNo, 'cancelled');
            }
            return cancelled;
          })
          .immediate();
        this.deps.log.info('campaign cancelled', { campaignId: id, ...outcome });
        this.deps.kickSender();
        break;
      }
      case 'cancelled':
        break;
      case 'draft':
      case 'completed':
        throw new DeskError('CAMPAIGN_CONFLICT', `"${record.name}" is ${record.status}: there is nothing left to cancel.`);
      default:
        assertNever(record.status);
    }
    return this.changed(profile, id);
  }

  progress(profile: ProfileRecord, id: string): CampaignProgress {
    const record = this.deps.monitor.refreshStatus(profile.id, id) ?? this.require(profile, id);
    return this.deps.monitor.progress(record);
  }

  private changed(profile: ProfileRecord, id: string): CampaignProgress {
    this.deps.emit({ name: 'campaigns.changed', payload: { profileId: profile.id, campaignId: id } });
    this.deps.monitor.touched(profile.id, id);
    return this.deps.monitor.progress(this.require(profile, id));
  }

  private writeWaves(record: CampaignRecord, planning: CampaignPlanning): void {
    this.deps.campaigns.insertWaves(
      record.id,
      planning.plan.waves.map((wave, index) => ({
        waveNo: index + 1,
        planId: wave.id,
        zone: wave.zone,
        localDate: wave.localDate,
        localTime: wave.localTime,
        sendAtMs: Date.parse(wave.utc),
        submit: wave.submit,
        recipients: wave.recipients,
        estimatedUnits: wave.units,
        estimatedCostMinor: planning.costOfWave.get(wave.id) ?? 0,
        status: 'pending',
      })),
    );
  }

  /** The launch's requests in order, built one at a time as the staged writer asks for them. */
  private *requestEntries(
    profile: ProfileRecord,
    record: CampaignRecord,
    planning: CampaignPlanning,
    currency: string,
    nowMs: number,
  ): Generator<NewOutboxEntry> {
    const { snapshot, plan } = planning;
    const smsType = record.routeType === 'transactional' ? 'TXN' : 'MKT';
    // What the sender checks again when each request is due: its recipients' windows (each
    // country's quiet hours, and the law's for promotional messages), the window end, hold or skip.
    const quietHours = quietHoursOverrides(record.quietHours);
    const windowsOfCountry = new Map<number, SendWindows>();
    const countryColumn = snapshot.columns.country;
    const windowsOf = (members: readonly number[]): SendWindows => {
      const all = new Map<string, RuledWindow>();
      for (const member of members) {
        const country = countryColumn?.[member] ?? -1;
        let windows = windowsOfCountry.get(country);
        if (windows === undefined) {
          windows = sendWindowsFor(snapshot.columns.countries?.[country], quietHours, record.routeType === 'promotional');
          windowsOfCountry.set(country, windows);
        }
        for (const ruled of windows) all.set(JSON.stringify(ruled), ruled);
      }
      return [...all.values()];
    };
    const notAfterMs = record.windowEnd === null ? null : Date.parse(record.windowEnd);
    const outsideWindow = record.whenPassed === 'skip' ? 'skip' : 'hold';
    const dltFieldsOf = dltRequestFields(this.deps.db, profile.id, record, snapshot);
    let requestNo = 0;
    for (const { waveIndex, startMs, requests } of planning.requests) {
      const wave = plan.waves[waveIndex];
      if (!wave) continue;
      const waveNo = waveIndex + 1;
      // Each request goes at its wave's start plus its throttle offset, with `time` or held if too
      // close: the spread is in the outbox, so it survives a restart.
      const variantOf = (member: number) => snapshot.variants[snapshot.columns.variant?.[member] ?? -1] ?? null;
      for (const request of requests) {
        requestNo++;
        const sendAtMs = startMs + request.offsetMinutes * MINUTE;
        yield {
          campaignId: record.id,
          waveNo,
          profileId: profile.id,
          accountSid: profile.sid,
          reference: campaignReference(record.id, waveNo, requestNo),
          senderId: record.senderId,
          smsType,
          body: request.body,
          recipients: request.members.map((member) => ({
            phone: snapshot.phones[member] ?? '',
            rowNumber: snapshot.rowNumbers[member] ?? 0,
            variant: variantOf(member),
          })),
          sendAtMs,
          zone: wave.zone,
          estimatedCostMinor: request.costMinor,
          currency,
          nextAttemptMs: firstAttemptAt(sendAtMs, wave.zone, nowMs),
          sendWindows: windowsOf(request.members),
          notAfterMs,
          outsideWindow,
          ...dltFieldsOf(request.members, request.body),
        };
      }
    }
  }

  private async snapshotOf(
    profile: ProfileRecord,
    record: CampaignRecord,
    audienceId: string,
    nowMs: number,
    rateCard: RateCard | null,
  ): Promise<{ audience: AudienceRecord; snapshot: AudienceSnapshot }> {
    const audience = this.requireReadyAudience(profile, audienceId);
    const filter = this.snapshotFilter(profile, record, nowMs, rateCard);
    return { audience, snapshot: await readAudienceSnapshotInSlices(this.deps.audiences, audienceId, record.variants, filter) };
  }

  private requireReadyAudience(profile: ProfileRecord, audienceId: string): AudienceRecord {
    const audience = this.deps.audiences.get(profile.id, audienceId);
    if (!audience) throw new DeskError('CAMPAIGN_INCOMPLETE', 'The campaign’s audience no longer exists. Choose another one.', { field: 'audienceId' });
    if (audience.status !== 'ready') {
      throw new DeskError(
        'CAMPAIGN_INCOMPLETE',
        `The audience "${audience.name}" is ${audience.status === 'importing' ? 'still importing' : audience.status}. Choose a ready audience.`,
        { field: 'audienceId' },
      );
    }
    return audience;
  }

  /**
   * Who is left out before planning: the suppression list as it is now, those messaged within the
   * frequency cap, and destinations without a price the user chose to leave out.
   */
  private snapshotFilter(profile: ProfileRecord, record: CampaignRecord, nowMs: number, rateCard: RateCard | null): SnapshotFilter {
    const suppressed = new Set(this.deps.suppressions.numbers(profile.id));
    const recentlyMessaged =
      record.frequencyCapHours === null ? new Set<string>() : this.deps.outbox.recentlyMessaged(profile.id, nowMs - record.frequencyCapHours * HOUR, nowMs);
    if (record.frequencyCapHours !== null) {
      for (const phone of this.deps.sharedRecentlyMessaged?.(profile.id, nowMs - record.frequencyCapHours * HOUR, nowMs) ?? []) recentlyMessaged.add(phone);
    }
    return { suppressed, recentlyMessaged, noPriceCountries: noPriceCountriesLeftOut(rateCard, record.noPriceChoices) };
  }

  private require(profile: ProfileRecord, id: string): CampaignRecord {
    const record = this.deps.campaigns.get(profile.id, id);
    if (!record) throw notFound();
    return record;
  }
}

function scheduleSettings(record: CampaignRecord): ScheduleSettings {
  const settings = scheduleSettingsOf(record);
  if (settings === null) throw new DeskError('CAMPAIGN_INCOMPLETE', 'Choose when to send.', { field: 'schedule' });
  return settings;
}

function requirePlannable(record: CampaignRecord): string {
  if (record.audienceId === null) throw new DeskError('CAMPAIGN_INCOMPLETE', 'Choose the audience to send to.', { field: 'audienceId' });
  if (record.variants.length === 0) throw new DeskError('CAMPAIGN_INCOMPLETE', 'Write the message first.', { field: 'variants' });
  if (record.variants.length > 1 && !record.variants.some((variant) => variant.isDefault)) {
    throw new DeskError('CAMPAIGN_INCOMPLETE', 'Mark one message variant as the default for recipients whose language has none.', { field: 'variants' });
  }
  scheduleSettings(record);
  return record.audienceId;
}

function assertLaunchable(record: CampaignRecord, revision: number): void {
  if (record.status !== 'draft') throw new DeskError('CAMPAIGN_CONFLICT', `"${record.name}" has already been launched.`);
  if (record.revision !== revision) {
    throw new DeskError('CAMPAIGN_CONFLICT', `"${record.name}" changed since you reviewed it. Review the plan again, then launch.`, { field: 'revision' });
  }
}

/** Every recipient is either in a wave or deliberately left out: nobody is dropped silently. */
function assertCoversAudience(snapshot: AudienceSnapshot, planning: CampaignPlanning, skipUnscheduled: boolean): void {
  if (snapshot.withoutVariant > 0) {
    throw new DeskError('CAMPAIGN_INCOMPLETE', `${snapshot.withoutVariant} recipients have a language without a variant and there is no default variant.`, {
      field: 'variants',
    });
  }
  const unscheduled = planning.plan.unscheduled.reduce((sum, group) => sum + group.recipients, 0);
  if (unscheduled > 0 && !skipUnscheduled) {
    const reasons = [...new Set(planning.plan.unscheduled.map((group) => group.message))].join(' ');
    throw new DeskError('CAMPAIGN_INCOMPLETE', `${unscheduled} recipients cannot be scheduled. ${reasons} Or launch without them.`, { field: 'schedule' });
  }
  if (planning.plan.waves.length === 0)
    throw new DeskError('CAMPAIGN_INCOMPLETE', 'Nobody in this audience can be sent to with this schedule.', { field: 'schedule' });
}

/** The throttle never pushes a wave's messages into quiet hours or past the window end: the launch is refused instead. */
function assertSpreadFits(planning: CampaignPlanning, throttlePerMinute: number | null): void {
  const late = planning.plan.waves.filter((_, index) => planning.spreads[index]?.pastWindow === true);
  const first = late[0];
  if (first === undefined) return;
  const lastMs = planning.spreads[planning.plan.waves.indexOf(first)]?.lastMs ?? 0;
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: first.zone }).toFormat('HH:mm');
  const waves = late.length === 1 ? `the ${first.zone} wave of ${first.localDate}` : `${late.length} waves (the first: ${first.zone} on ${first.localDate})`;
  const stopsAt =
    first.allowedUntil === undefined ? '' : ` but must stop before ${local(Date.parse(first.allowedUntil))} (quiet hours or the campaign’s window end)`;
  throw new DeskError(
    'CAMPAIGN_INCOMPLETE',
    `At ${throttlePerMinute ?? 0} messages per minute, ${waves} would still be sending at ${local(lastMs)} local time${stopsAt}. ` +
      'Raise the throttle or pick an earlier time.',
    { field: 'throttlePerMinute' },
  );
}

function budgetView(check: BudgetCheck, reservedMinor: number, teammates: TeammatesReserved | null): BudgetView {
  return {
    teammates: teammates && {
      reservations: teammates.reservations.map(({ displayName, desktopName, campaignName, amountMinor, currency }) => ({
        displayName,
        desktopName,
        campaignName,
        amountMinor,
        currency,
      })),
      unknownReason: teammates.unknownReason,
    },
    fits: check.fits,
    availableMinor: check.available.minor,
    neededMinor: check.needed.minor,
    shortfallMinor: check.shortfall.minor,
    limitedBy: check.limitedBy,
    limits: check.limits.map((limit) => ({ limit: limit.limit, availableMinor: limit.available.minor })),
    reservedMinor,
    cuts: check.cuts.map((cut) => {
      switch (cut.kind) {
        case 'recipients':
          return { kind: cut.kind, key: null, recipients: cut.recipients, savesMinor: cut.saves.minor };
        case 'wave':
          return { kind: cut.kind, key: cut.waveId, recipients: cut.recipients, savesMinor: cut.saves.minor };
        case 'variant':
          return { kind: cut.kind, key: cut.variant, recipients: cut.recipients, savesMinor: cut.saves.minor };
        default:
          return assertNever(cut);
      }
    }),
  };
}

function planView(
  campaignId: string,
  nowMs: number,
  planning: CampaignPlanning,
  budget: BudgetView | null,
  billing: BillingSnapshot | null,
  freshness: 'live' | 'cached' | null,
  counted: { accounting: RecipientAccounting; entered: ReadonlySet<string> },
): CampaignPlan {
  const { plan, estimate } = planning;
  return {
    campaignId,
    generatedAt: isoAt(nowMs),
    currency: estimate?.currency ?? billing?.currency ?? null,
    funds: { source: freshness ?? 'none', asOf: billing?.pulledAt ?? null },
    waves: plan.waves.map((wave, index) => ({
      id: wave.id,
      zone: wave.zone,
      localDate: wave.localDate,
      localTime: wave.localTime,
      utc: wave.utc,
      submit: wave.submit,
      kind: wave.kind,
      recipients: wave.recipients,
      units: wave.units,
      costMinor: planning.costOfWave.get(wave.id) ?? 0,
      adjustments: wave.adjustments.map((adjustment) => ({ ...adjustment })),
      allowedUntil: wave.allowedUntil ?? null,
      lastUtc: isoAt(planning.spreads[index]?.lastMs ?? Date.parse(wave.utc)),
      spreadsPastWindow: planning.spreads[index]?.pastWindow ?? false,
    })),
    unscheduled: [
      ...plan.unscheduled.map((group) => ({ reason: group.reason, recipients: group.recipients, message: group.message, utc: group.utc ?? null })),
      ...(planning.snapshot.withoutVariant > 0
        ? [
            {
              reason: 'no-variant',
              recipients: planning.snapshot.withoutVariant,
              message: 'Their language has no variant and there is no default variant.',
              utc: null,
            },
          ]
        : []),
    ],
    estimate: estimateView(estimate, counted.entered),
    budget,
    excluded: { ...planning.snapshot.excluded },
    accounting: counted.accounting,
    requests: planning.requests.reduce((sum, wave) => sum + wave.requests.length, 0),
    segments: planning.segments,
  };
}

function estimateView(estimate: CampaignPlanning['estimate'], entered: ReadonlySet<string>): CampaignPlan['estimate'] {
  if (estimate === null) return { totalMinor: 0, recipients: 0, units: 0, byCountry: [], byVariant: [], unpriced: [] };
  return {
    totalMinor: estimate.total.minor,
    recipients: estimate.recipients,
    units: estimate.units,
    byCountry: estimate.byCountry.map((entry) => ({
      country: entry.country,
      unitPrice: entry.unitPrice,
      entered: entered.has(entry.country),
      recipients: entry.recipients,
      units: entry.units,
      costMinor: entry.cost.minor,
    })),
    byVariant: estimate.byVariant.map((entry) => ({ variant: entry.variant, recipients: entry.recipients, units: entry.units, costMinor: entry.cost.minor })),
    unpriced: estimate.unpriced.map((entry) => ({ country: entry.country ?? null, recipients: entry.recipients, units: entry.units })),
  };
}
