import { DateTime } from 'luxon';
import type {
  ParentUse,
  SpendAccountRow,
  SpendAlert,
  SpendCampaignRow,
  SpendDay,
  SpendFigures,
  SpendPeriod,
  SpendRefreshState,
  SpendSummary,
  SpendWaveRow,
} from '../../../shared/calls/spend';
import type { SubaccountView } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import type { WireAlert } from '../../../shared/kaleyra/billing';
import { parseMajorToMinor } from '../../../shared/money';
import { AlertsApi } from '../kaleyra/alerts-api';
import type { KaleyraClient } from '../kaleyra/client';
import type { Logger } from '../log';
import type { BillingRepository } from '../store/billing-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { PeriodQuery, SpendLogRepository } from '../store/spend-log-repository';
import type { SpendRepository } from '../store/spend-repository';
import type { SpendAlertsRepository } from '../store/spend-alerts-repository';
import type { WorkspacePlannedCampaign } from '../store/workspace-plan-summaries-repository';
import { isoAt, type Clock } from '../time';
import { addFigures, emptyFigures, figuresOf } from './spend-figures';
import type { SpendLogPuller } from './spend-log-puller';

/** Past this many days the chart shows only days with spend rather than every day. */
const MAX_FILLED_DAYS = 400;
/** Drafts priced per dashboard: each estimate reads the audience and the rate card. */
const MAX_PRICED_DRAFTS = 50;

export interface SpendServiceDeps {
  spend: SpendRepository;
  logs: SpendLogRepository;
  /** The alerts the last refresh read (stored, so a restart shows them at once). */
  alerts: Pick<SpendAlertsRepository, 'read' | 'replace' | 'recordProblem'>;
  puller: SpendLogPuller;
  billing: Pick<BillingRepository, 'latest'>;
  clock: Clock;
  log: Logger;
  /** A client whose requests are held to the account's background share. */
  backgroundClientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  /** The sub-accounts cached by the last sync (what a spend row shows of each). */
  cachedSubaccounts(profileId: string): SpendSubaccount[];
  profileById(profileId: string): ProfileRecord | undefined;
  /** A draft's estimated cost in minor units, or null when it cannot be priced yet. */
  estimateDraft(profile: ProfileRecord, campaignId: string): Promise<number | null>;
  /** Drafts planned on any desktop of the profile's team workspace (newest revision each, still drafts), of one account or all. */
  workspacePlanned?(profileId: string, sid: string | null): WorkspacePlannedCampaign[];
}

interface AccountInfo {
  sid: string;
  name: string;
  kind: 'parent' | 'subaccount';
  subaccount: SpendSubaccount | null;
}

/** What a spend row needs of a cached sub-account. */
export type SpendSubaccount = Pick<SubaccountView, 'sid' | 'name' | 'status' | 'creditType' | 'currency' | 'balanceMinor' | 'monthlyLimitMinor'>;

/**
 * The parent console's spend figures. Money comes from the API: every sub-account's message log
 * [ours] read with the parent's key into the local store by a paced background refresh, its
 * billing (from the sync) and its alerts. A dashboard reads the store only and asks for a
 * refresh; the desktop adds what the API cannot know: drafts ("planned") and money reserved for
 * requests not yet sent ("committed" with the API's scheduled charges).
 */
export class SpendService {
  constructor(private readonly deps: SpendServiceDeps) {}

  stop(): void {
    this.deps.puller.stop();
  }

  /** Starts (or joins) a background refresh; `wait` resolves when it ends. */
  async refresh(profile: ProfileRecord, wait: boolean): Promise<SpendRefreshState> {
    const pass = this.startRefresh(profile, { force: wait });
    if (wait) await pass;
    return this.deps.puller.state(profile.id);
  }

  /** How the background refresh stands (no refresh is started). */
  refreshState(profileId: string): SpendRefreshState {
    return this.deps.puller.state(profileId);
  }

  async summary(profile: ProfileRecord, period: SpendPeriod): Promise<SpendSummary> {
    void this.startRefresh(profile, { force: false });
    const { accounts, rows, planned, query } = await this.accountRowsOf(profile, period);
    const parent = this.parentUse(profile);
    const alerts = this.deps.alerts.read(profile.id);
    return {
      period: { from: period.from, to: period.to, zone: period.zone },
      currency: parent?.currency ?? accounts.find((account) => account.subaccount?.currency)?.subaccount?.currency ?? 'INR',
      parent,
      accounts: rows,
      totals: totalsOf(rows),
      days: this.daysOf(query, period),
      countries: [...this.deps.logs.byCountry(query)]
        .map(([country, groups]) => ({ country, ...figuresOf(groups) }))
        .sort((a, b) => b.actualMinor - a.actualMinor || a.country.localeCompare(b.country)),
      campaigns: [...this.campaignRows(query), ...planned.draftRows].sort(
        (a, b) => b.actualMinor - a.actualMinor || (b.estimatedMinor ?? 0) - (a.estimatedMinor ?? 0),
      ),
      alerts: this.alertsInPeriod(alerts?.alerts ?? [], accounts, period),
      alertsProblem: alerts?.problem ?? null,
      generatedAt: isoAt(this.deps.clock()),
      refresh: this.deps.puller.state(profile.id),
    };
  }

  /** Every account's row of a period (the parent first), from the local store: what a table pages through. */
  async accountRows(profile: ProfileRecord, period: SpendPeriod): Promise<SpendAccountRow[]> {
    return (await this.accountRowsOf(profile, period)).rows;
  }

  private async accountRowsOf(profile: ProfileRecord, period: SpendPeriod) {
    const accounts = this.accountsOf(profile);
    const query = periodQuery(profile, period);
    const byAccount = this.deps.logs.byAccount(query);
    const problems = this.deps.logs.problems(profile.id);
    const sids = accounts.map((account) => account.sid);
    const planned = await this.planned(profile, sids);
    const reserved = this.deps.spend.reservedBy(sids);
    const rows = accounts.map((account) => {
      const figures = figuresOf(byAccount.get(account.sid));
      return accountRow(
        account,
        figures,
        planned.byAccount.get(account.sid) ?? { plannedMinor: 0, unestimatedDrafts: 0 },
        reserved.get(account.sid) ?? 0,
        this.problemOf(profile.id, account.sid, problems.get(account.sid) ?? null),
      );
    });
    return { accounts, rows, planned, query };
  }

  campaigns(profile: ProfileRecord, sid: string, period: SpendPeriod): Promise<SpendCampaignRow[]> {
    this.accountOf(profile, sid);
    const planned = (this.deps.workspacePlanned?.(profile.id, sid) ?? []).map(workspacePlanRow);
    return Promise.resolve([...this.campaignRows(periodQuery(profile, period), sid), ...planned].sort((a, b) => b.actualMinor - a.actualMinor));
  }

  waves(profile: ProfileRecord, sid: string, campaignId: string | null, period: SpendPeriod): Promise<SpendWaveRow[]> {
    this.accountOf(profile, sid);
    const byWave = this.deps.logs.byWave(periodQuery(profile, period), sid, campaignId);
    const planned = campaignId === null ? [] : this.deps.spend.wavesOf(campaignId);
    const rows = new Map<number, SpendWaveRow>();
    for (const wave of planned) {
      rows.set(wave.waveNo, {
        waveNo: wave.waveNo,
        zone: wave.zone,
        sendAt: isoAt(wave.sendAtMs),
        recipients: wave.recipients,
        estimatedMinor: wave.estimatedCostMinor,
        ...figuresOf(byWave.get(wave.waveNo)),
      });
    }
    for (const [waveNo, groups] of byWave) {
      if (!rows.has(waveNo)) rows.set(waveNo, { waveNo, zone: null, sendAt: null, recipients: null, estimatedMinor: null, ...figuresOf(groups) });
    }
    return Promise.resolve([...rows.values()].sort((a, b) => a.waveNo - b.waveNo));
  }

  /** Reads the alerts once the logs are in; a refresh failure leaves the store as it was. */
  private startRefresh(profile: ProfileRecord, { force }: { force: boolean }): Promise<void> {
    return this.deps.puller.refresh(profile, force, () => this.readAlerts(profile));
  }

  private async readAlerts(profile: ProfileRecord): Promise<void> {
    try {
      const client = await this.deps.backgroundClientFor(profile);
      const { alerts } = await new AlertsApi(client.http).since(null);
      this.deps.alerts.replace(profile.id, alerts, this.deps.clock());
    } catch (error) {
      this.deps.alerts.recordProblem(profile.id, error instanceof DeskError ? error.message : 'Alerts could not be read.', this.deps.clock());
    }
  }

  /** The parent itself (its own sends) and every sub-account the last sync cached. */
  private accountsOf(profile: ProfileRecord): AccountInfo[] {
    return [
      { sid: profile.sid, name: profile.displayName, kind: 'parent', subaccount: null },
      ...this.deps
        .cachedSubaccounts(profile.id)
        .map((subaccount): AccountInfo => ({ sid: subaccount.sid, name: subaccount.name, kind: 'subaccount', subaccount })),
    ];
  }

  private accountOf(profile: ProfileRecord, sid: string): AccountInfo {
    const account = this.accountsOf(profile).find((candidate) => candidate.sid === sid);
    if (!account) throw new DeskError('VALIDATION_FAILED', `${sid} is not this parent or one of its sub-accounts.`, { field: 'sid' });
    return account;
  }

  private problemOf(profileId: string, sid: string, problem: string | null): string | null {
    if (problem === null) return null;
    return this.deps.logs.hasMessages(profileId, sid) ? `${problem} Showing what this desktop read earlier.` : problem;
  }

  /** The parent's billing as the last sync pulled it. */
  private parentUse(profile: ProfileRecord): ParentUse | null {
    const snapshot = this.deps.billing.latest(profile.id);
    if (!snapshot) return null;
    return {
      sid: profile.sid,
      billing: snapshot.accountType,
      currency: snapshot.currency,
      balanceMinor: snapshot.balanceMinor,
      creditLimitMinor: snapshot.creditLimitMinor,
      usedThisMonthMinor: snapshot.usedMinor,
      usage75Percent: snapshot.usage75Percent ?? false,
      checkedAt: snapshot.pulledAt,
    };
  }

  /**
   * Drafts' estimates per account: those planned on any desktop of the team workspace as their
   * newest plan summary says (who planned which revision when), the rest of this desktop's drafts
   * priced now. A draft with a summary counts once, by its summary.
   */
  private async planned(profile: ProfileRecord, sids: readonly string[]) {
    const byAccount = new Map<string, PlannedOfAccount>();
    const draftRows: SpendCampaignRow[] = [];
    const listed = new Set(sids);
    const shared = (this.deps.workspacePlanned?.(profile.id, null) ?? []).filter((plan) => listed.has(plan.accountSid));
    for (const plan of shared) {
      const entry = byAccount.get(plan.accountSid) ?? { plannedMinor: 0, unestimatedDrafts: 0 };
      entry.plannedMinor += plan.estimateMinor;
      entry.workspacePlanned = { campaigns: (entry.workspacePlanned?.campaigns ?? 0) + 1, minor: (entry.workspacePlanned?.minor ?? 0) + plan.estimateMinor };
      byAccount.set(plan.accountSid, entry);
      draftRows.push(workspacePlanRow(plan));
    }
    const covered = new Set(shared.map((plan) => plan.campaignId));
    const drafts = this.deps.spend.draftsOf(sids).filter((draft) => !covered.has(draft.id));
    const names = this.deps.spend.campaigns(drafts.map((draft) => draft.id));
    await Promise.all(
      drafts.map(async (draft, index) => {
        const profile = this.deps.profileById(draft.profileId);
        const estimate = profile && index < MAX_PRICED_DRAFTS ? await this.deps.estimateDraft(profile, draft.id).catch(() => null) : null;
        const entry = byAccount.get(draft.accountSid) ?? { plannedMinor: 0, unestimatedDrafts: 0 };
        if (estimate === null) entry.unestimatedDrafts += 1;
        else entry.plannedMinor += estimate;
        byAccount.set(draft.accountSid, entry);
        draftRows.push({
          sid: draft.accountSid,
          campaignId: draft.id,
          name: names.get(draft.id)?.name ?? null,
          status: 'draft',
          budgetMinor: draft.budgetMinor,
          estimatedMinor: estimate,
          ...emptyFigures(),
        });
      }),
    );
    return { byAccount, draftRows };
  }

  private alertsInPeriod(alerts: readonly WireAlert[], accounts: readonly AccountInfo[], period: SpendPeriod): SpendAlert[] {
    const names = new Map(accounts.map((account) => [account.sid, account.name]));
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    return alerts
      .filter((alert) => Date.parse(alert.at) >= from && Date.parse(alert.at) < to)
      .map((alert) => ({
        id: `${alert.sid}:${alert.cursor}`,
        sid: alert.sid,
        accountName: names.get(alert.sid) ?? alert.sid,
        kind: alert.kind,
        currency: alert.currency,
        amountMinor: parseMajorToMinor(alert.amount, alert.currency),
        thresholdMinor: parseMajorToMinor(alert.threshold, alert.currency),
        at: new Date(alert.at).toISOString(),
      }))
      .reverse();
  }

  private campaignRows(query: PeriodQuery, sid?: string): SpendCampaignRow[] {
    const groups = [...this.deps.logs.byCampaign(query, sid).values()];
    const known = this.deps.spend.campaigns(groups.flatMap((group) => (group.campaignId === null ? [] : [group.campaignId])));
    return groups.map(({ sid: accountSid, campaignId, groups: statusGroups }) => {
      const facts = campaignId === null ? undefined : known.get(campaignId);
      return {
        sid: accountSid,
        campaignId,
        name: facts?.name ?? null,
        status: facts?.status ?? null,
        budgetMinor: facts?.budgetMinor ?? null,
        estimatedMinor: facts?.estimatedMinor ?? null,
        ...figuresOf(statusGroups),
      };
    });
  }

  /** Actual spend per calendar day of the period's zone, split by account; every day of the period is present. */
  private daysOf(query: PeriodQuery, period: SpendPeriod): SpendDay[] {
    const days = new Map<string, Map<string, { actualMinor: number; actualUnits: number }>>();
    const start = DateTime.fromISO(period.from, { zone: period.zone }).startOf('day');
    const end = DateTime.fromISO(period.to, { zone: period.zone });
    if (start.isValid && end.isValid && end.diff(start, 'days').days <= MAX_FILLED_DAYS) {
      for (let day = start; day < end; day = day.plus({ days: 1 })) days.set(day.toISODate() ?? '', new Map());
    }
    for (const bucket of this.deps.logs.dayBuckets(query)) {
      const date = dayOf(bucket.bucketStartMs, period.zone);
      let day = days.get(date);
      if (!day) days.set(date, (day = new Map()));
      const figures = day.get(bucket.sid) ?? { actualMinor: 0, actualUnits: 0 };
      figures.actualMinor += bucket.actualMinor;
      figures.actualUnits += bucket.actualUnits;
      day.set(bucket.sid, figures);
    }
    return [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, byAccount]) => ({
        date,
        byAccount: [...byAccount].map(([sid, figures]) => ({ sid, ...figures })),
        actualMinor: [...byAccount.values()].reduce((sum, figures) => sum + figures.actualMinor, 0),
      }));
  }
}

/** An account's planned spend: drafts' estimates, and the part planned on other desktops of the workspace. */
type PlannedOfAccount = Pick<SpendAccountRow, 'plannedMinor' | 'unestimatedDrafts' | 'workspacePlanned'>;

/** A draft planned on a desktop of the team workspace, as a campaign row naming who planned which revision and when. */
function workspacePlanRow(plan: WorkspacePlannedCampaign): SpendCampaignRow {
  return {
    sid: plan.accountSid,
    campaignId: plan.campaignId,
    name: plan.name,
    status: 'draft',
    budgetMinor: null,
    estimatedMinor: plan.estimateMinor,
    workspacePlan: {
      plannedByName: plan.plannedByName,
      revision: plan.revision,
      plannedAt: isoAt(plan.plannedAtMs),
      recipients: plan.recipients,
      leftOut: plan.leftOut,
    },
    ...emptyFigures(),
  };
}

function periodQuery(profile: ProfileRecord, period: SpendPeriod): PeriodQuery {
  return { profileId: profile.id, fromMs: Date.parse(period.from), toMs: Date.parse(period.to) };
}

function accountRow(account: AccountInfo, figures: SpendFigures, planned: PlannedOfAccount, reservedMinor: number, problem: string | null): SpendAccountRow {
  const subaccount = account.subaccount;
  const balanceMinor = subaccount?.balanceMinor ?? null;
  let budgetMinor: number | null = null;
  if (subaccount?.creditType === 'shared') budgetMinor = subaccount.monthlyLimitMinor;
  else if (balanceMinor !== null) budgetMinor = balanceMinor + figures.actualMinor + figures.scheduledMinor;
  return {
    sid: account.sid,
    name: account.name,
    kind: account.kind,
    status: subaccount?.status ?? null,
    creditType: subaccount?.creditType ?? null,
    ...figures,
    ...planned,
    reservedMinor,
    committedMinor: figures.scheduledMinor + reservedMinor,
    budgetMinor,
    balanceMinor,
    problem,
  };
}

function totalsOf(rows: readonly SpendAccountRow[]): SpendSummary['totals'] {
  const figures = emptyFigures();
  let plannedMinor = 0;
  let unestimatedDrafts = 0;
  let reservedMinor = 0;
  let budgetMinor: number | null = null;
  let workspacePlanned: SpendAccountRow['workspacePlanned'];
  for (const row of rows) {
    const { actualMinor, actualUnits, refundedMinor, scheduledMinor, scheduledUnits, messages, scheduledMessages, delivered, undelivered, notSent, pending } =
      row;
    addFigures(figures, {
      actualMinor,
      actualUnits,
      refundedMinor,
      scheduledMinor,
      scheduledUnits,
      messages,
      scheduledMessages,
      delivered,
      undelivered,
      notSent,
      pending,
    });
    plannedMinor += row.plannedMinor;
    unestimatedDrafts += row.unestimatedDrafts;
    reservedMinor += row.reservedMinor;
    if (row.budgetMinor !== null) budgetMinor = (budgetMinor ?? 0) + row.budgetMinor;
    if (row.workspacePlanned)
      workspacePlanned = {
        campaigns: (workspacePlanned?.campaigns ?? 0) + row.workspacePlanned.campaigns,
        minor: (workspacePlanned?.minor ?? 0) + row.workspacePlanned.minor,
      };
  }
  return {
    ...figures,
    plannedMinor,
    unestimatedDrafts,
    reservedMinor,
    committedMinor: figures.scheduledMinor + reservedMinor,
    budgetMinor,
    ...(workspacePlanned ? { workspacePlanned } : {}),
  };
}

function dayOf(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISODate() ?? isoAt(epochMs).slice(0, 10);
}
