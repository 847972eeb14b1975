import { DateTime } from 'luxon';
import type {
  ParentUse,
  SpendAccountRow,
  SpendAlert,
  SpendCampaignRow,
  SpendCountryRow,
  SpendDay,
  SpendFigures,
  SpendPeriod,
  SpendSummary,
  SpendWaveRow,
} from '../../../shared/calls/spend';
import type { SubaccountView } from '../../../shared/calls/subaccounts';
import { DeskError } from '../../../shared/errors';
import { parseMajorToMinor } from '../../../shared/money';
import { AlertsApi } from '../kaleyra/alerts-api';
import { KaleyraClient } from '../kaleyra/client';
import type { Logger } from '../log';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SpendRepository } from '../store/spend-repository';
import { toCachedSubaccount } from '../sync/subaccount-mapping';
import { isoAt, type Clock } from '../time';
import { AccountMessages, type MessageFacts } from './account-messages';
import { addFigures, emptyFigures, figuresBy } from './spend-figures';

/** The log endpoint's largest page [ours]. */
const LOG_PAGE_SIZE = 1_000;
/** Past this many days the chart shows only days with spend rather than every day. */
const MAX_FILLED_DAYS = 400;
/** Drafts priced per dashboard: each estimate reads the audience and the rate card. */
const MAX_PRICED_DRAFTS = 50;

export interface SpendServiceDeps {
  spend: SpendRepository;
  clock: Clock;
  log: Logger;
  clientFor(profile: ProfileRecord): Promise<KaleyraClient>;
  /** The sub-accounts cached by the last sync: the fallback when the API cannot list them now. */
  cachedSubaccounts(profileId: string): SubaccountView[];
  profileById(profileId: string): ProfileRecord | undefined;
  /** A draft's estimated cost in minor units, or null when it cannot be priced yet. */
  estimateDraft(profile: ProfileRecord, campaignId: string): Promise<number | null>;
}

interface AccountInfo {
  sid: string;
  name: string;
  kind: 'parent' | 'subaccount';
  subaccount: SubaccountView | null;
}

interface AccountMessagesInPeriod {
  account: AccountInfo;
  messages: MessageFacts[];
  problem: string | null;
}

/**
 * The parent console's spend figures. Money comes from the API: every sub-account's message log
 * [ours] read with the parent's key (a parent reaches its sub-accounts' resources), its billing
 * and its alerts. The desktop adds only what the API cannot know: drafts ("planned") and money
 * reserved for requests not yet sent ("committed" with the API's scheduled charges).
 */
export class SpendService {
  /** Per parent profile and account: the log folded so far, so each refresh reads only what is new. */
  private readonly logs = new Map<string, AccountMessages>();
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(private readonly deps: SpendServiceDeps) {}

  async summary(profile: ProfileRecord, period: SpendPeriod): Promise<SpendSummary> {
    const client = await this.deps.clientFor(profile);
    const [accounts, parent] = await Promise.all([this.accountsOf(profile, client), this.parentUse(client)]);
    const [perAccount, planned, alerts] = await Promise.all([
      Promise.all(accounts.map((account) => this.messagesInPeriod(profile, client, account, period))),
      this.planned(accounts.map((account) => account.sid)),
      this.alerts(client, accounts, period),
    ]);
    const reserved = this.deps.spend.reservedBy(accounts.map((account) => account.sid));

    const rows = perAccount.map(({ account, messages, problem }) => {
      const figures = figuresBy(messages, () => 'all').get('all') ?? emptyFigures();
      return accountRow(account, figures, planned.byAccount.get(account.sid) ?? { plannedMinor: 0, unestimatedDrafts: 0 }, reserved.get(account.sid) ?? 0, problem);
    });
    const allMessages = perAccount.flatMap(({ account, messages }) => messages.map((message) => ({ sid: account.sid, message })));

    return {
      period: { from: period.from, to: period.to, zone: period.zone },
      currency: parent?.currency ?? accounts.find((account) => account.subaccount?.currency)?.subaccount?.currency ?? 'INR',
      parent,
      accounts: rows,
      totals: totalsOf(rows),
      days: daysOf(perAccount, period),
      countries: countriesOf(allMessages.map(({ message }) => message)),
      campaigns: [...this.campaignRows(perAccount), ...planned.draftRows].sort((a, b) => b.actualMinor - a.actualMinor || (b.estimatedMinor ?? 0) - (a.estimatedMinor ?? 0)),
      alerts: alerts.alerts,
      alertsProblem: alerts.problem,
      generatedAt: isoAt(this.deps.clock()),
    };
  }

  async campaigns(profile: ProfileRecord, sid: string, period: SpendPeriod): Promise<SpendCampaignRow[]> {
    const client = await this.deps.clientFor(profile);
    const account = await this.accountOf(profile, client, sid);
    const inPeriod = await this.messagesInPeriod(profile, client, account, period);
    if (inPeriod.problem !== null && inPeriod.messages.length === 0) throw new DeskError('API_UNREACHABLE', inPeriod.problem);
    return this.campaignRows([inPeriod]).sort((a, b) => b.actualMinor - a.actualMinor);
  }

  async waves(profile: ProfileRecord, sid: string, campaignId: string | null, period: SpendPeriod): Promise<SpendWaveRow[]> {
    const client = await this.deps.clientFor(profile);
    const account = await this.accountOf(profile, client, sid);
    const inPeriod = await this.messagesInPeriod(profile, client, account, period);
    if (inPeriod.problem !== null && inPeriod.messages.length === 0) throw new DeskError('API_UNREACHABLE', inPeriod.problem);
    const ofCampaign = inPeriod.messages.filter((message) => message.campaignId === campaignId);
    const byWave = figuresBy(ofCampaign, (message) => message.waveNo ?? 0);
    const planned = campaignId === null ? [] : this.deps.spend.wavesOf(campaignId);
    const rows = new Map<number, SpendWaveRow>();
    for (const wave of planned) {
      rows.set(wave.waveNo, {
        waveNo: wave.waveNo,
        zone: wave.zone,
        sendAt: wave.sendAt,
        recipients: wave.recipients,
        estimatedMinor: wave.estimatedCostMinor,
        ...(byWave.get(wave.waveNo) ?? emptyFigures()),
      });
    }
    for (const [waveNo, figures] of byWave) {
      if (!rows.has(waveNo)) rows.set(waveNo, { waveNo, zone: null, sendAt: null, recipients: null, estimatedMinor: null, ...figures });
    }
    return [...rows.values()].sort((a, b) => a.waveNo - b.waveNo);
  }

  /** The parent itself (its own sends) and every sub-account the API lists (the sync's cache when it cannot). */
  private async accountsOf(profile: ProfileRecord, client: KaleyraClient): Promise<AccountInfo[]> {
    let subaccounts: SubaccountView[];
    try {
      const now = isoAt(this.deps.clock());
      subaccounts = (await client.subaccounts.list()).map((wire) => toCachedSubaccount(wire, now));
    } catch (error) {
      subaccounts = this.deps.cachedSubaccounts(profile.id);
      if (subaccounts.length === 0) throw error;
      this.deps.log.warn('spend: listing sub-accounts failed, using the cached list', { error: String(error) });
    }
    return [
      { sid: profile.sid, name: profile.displayName, kind: 'parent', subaccount: null },
      ...subaccounts.map((subaccount): AccountInfo => ({ sid: subaccount.sid, name: subaccount.name, kind: 'subaccount', subaccount })),
    ];
  }

  private async accountOf(profile: ProfileRecord, client: KaleyraClient, sid: string): Promise<AccountInfo> {
    const account = (await this.accountsOf(profile, client)).find((candidate) => candidate.sid === sid);
    if (!account) throw new DeskError('VALIDATION_FAILED', `${sid} is not this parent or one of its sub-accounts.`, { field: 'sid' });
    return account;
  }

  private async parentUse(client: KaleyraClient): Promise<ParentUse | null> {
    try {
      const wire = await client.billing.get();
      const minor = (value: number | null) => (value === null ? null : parseMajorToMinor(value, wire.currency));
      return {
        sid: wire.sid,
        billing: wire.account_type,
        currency: wire.currency,
        balanceMinor: minor(wire.balance),
        creditLimitMinor: minor(wire.credit_limit),
        usedThisMonthMinor: minor(wire.used_this_month),
        usage75Percent: wire.usage_75_percent ?? false,
        checkedAt: isoAt(this.deps.clock()),
      };
    } catch (error) {
      this.deps.log.warn('spend: the parent billing figures could not be read', { error: String(error) });
      return null;
    }
  }

  private async messagesInPeriod(profile: ProfileRecord, parentClient: KaleyraClient, account: AccountInfo, period: SpendPeriod): Promise<AccountMessagesInPeriod> {
    const key = `${profile.id}|${account.sid}`;
    let log = this.logs.get(key);
    if (!log) this.logs.set(key, (log = new AccountMessages()));
    let problem: string | null = null;
    try {
      await this.refresh(key, log, new KaleyraClient({ ...parentClient.http.connection, sid: account.sid }));
    } catch (error) {
      // A deleted sub-account's log is refused (403): what was read before still counts, marked as such.
      const reason =
        account.subaccount?.status === 'deleted'
          ? 'Deleted: the API no longer shows its messages.'
          : error instanceof DeskError && error.code === 'API_NOT_AVAILABLE'
            ? "Not available: this API offers no message log (Kaleyra documents none), so actual spend cannot be read from it."
            : error instanceof DeskError
              ? error.message
              : 'The message log could not be read.';
      problem = log.size > 0 ? `${reason} Showing what this desktop read earlier.` : reason;
      this.deps.log.warn('spend: reading a message log failed', { sid: account.sid, error: String(error) });
    }
    const from = Date.parse(period.from);
    const to = Date.parse(period.to);
    const messages = [...log.values()].filter((message) => message.acceptedAtMs >= from && message.acceptedAtMs < to);
    return { account, messages, problem };
  }

  /** Reads the log from where this desktop stopped; concurrent dashboards share one read per account. */
  private refresh(key: string, log: AccountMessages, client: KaleyraClient): Promise<void> {
    const running = this.refreshing.get(key);
    if (running) return running;
    const reading = (async () => {
      for (;;) {
        const page = await client.sms.logs(log.cursor, LOG_PAGE_SIZE);
        log.fold(page.data);
        log.cursor = page.next_cursor;
        if (!page.has_more || page.data.length === 0) return;
      }
    })().finally(() => this.refreshing.delete(key));
    this.refreshing.set(key, reading);
    return reading;
  }

  private async planned(sids: readonly string[]) {
    const byAccount = new Map<string, { plannedMinor: number; unestimatedDrafts: number }>();
    const draftRows: SpendCampaignRow[] = [];
    const drafts = this.deps.spend.draftsOf(sids);
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

  private async alerts(client: KaleyraClient, accounts: readonly AccountInfo[], period: SpendPeriod): Promise<{ alerts: SpendAlert[]; problem: string | null }> {
    const names = new Map(accounts.map((account) => [account.sid, account.name]));
    try {
      const { alerts } = await new AlertsApi(client.http).since(null);
      const from = Date.parse(period.from);
      const to = Date.parse(period.to);
      return {
        alerts: alerts
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
          .reverse(),
        problem: null,
      };
    } catch (error) {
      return { alerts: [], problem: error instanceof DeskError ? error.message : 'Alerts could not be read.' };
    }
  }

  private campaignRows(perAccount: readonly AccountMessagesInPeriod[]): SpendCampaignRow[] {
    const groups = perAccount.flatMap(({ account, messages }) =>
      [...figuresBy(messages, (message) => message.campaignId)].map(([campaignId, figures]) => ({ sid: account.sid, campaignId, figures })),
    );
    const known = this.deps.spend.campaigns(groups.flatMap((group) => (group.campaignId === null ? [] : [group.campaignId])));
    return groups.map(({ sid, campaignId, figures }) => {
      const facts = campaignId === null ? undefined : known.get(campaignId);
      return {
        sid,
        campaignId,
        name: facts?.name ?? null,
        status: facts?.status ?? null,
        budgetMinor: facts?.budgetMinor ?? null,
        estimatedMinor: facts?.estimatedMinor ?? null,
        ...figures,
      };
    });
  }
}

function accountRow(
  account: AccountInfo,
  figures: SpendFigures,
  planned: { plannedMinor: number; unestimatedDrafts: number },
  reservedMinor: number,
  problem: string | null,
): SpendAccountRow {
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
  for (const row of rows) {
    const { actualMinor, actualUnits, refundedMinor, scheduledMinor, scheduledUnits, messages, delivered, undelivered, notSent, pending } = row;
    addFigures(figures, { actualMinor, actualUnits, refundedMinor, scheduledMinor, scheduledUnits, messages, delivered, undelivered, notSent, pending });
    plannedMinor += row.plannedMinor;
    unestimatedDrafts += row.unestimatedDrafts;
    reservedMinor += row.reservedMinor;
    if (row.budgetMinor !== null) budgetMinor = (budgetMinor ?? 0) + row.budgetMinor;
  }
  return { ...figures, plannedMinor, unestimatedDrafts, reservedMinor, committedMinor: figures.scheduledMinor + reservedMinor, budgetMinor };
}

function dayOf(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISODate() ?? isoAt(epochMs).slice(0, 10);
}

/** Actual spend per calendar day of the period's zone, split by account; every day of the period is present. */
function daysOf(perAccount: readonly AccountMessagesInPeriod[], period: SpendPeriod): SpendDay[] {
  const days = new Map<string, Map<string, { actualMinor: number; actualUnits: number }>>();
  const start = DateTime.fromISO(period.from, { zone: period.zone }).startOf('day');
  const end = DateTime.fromISO(period.to, { zone: period.zone });
  if (start.isValid && end.isValid && end.diff(start, 'days').days <= MAX_FILLED_DAYS) {
    for (let day = start; day < end; day = day.plus({ days: 1 })) days.set(day.toISODate() ?? '', new Map());
  }
  for (const { account, messages } of perAccount) {
    for (const [date, figures] of figuresBy(messages, (message) => dayOf(message.acceptedAtMs, period.zone))) {
      if (figures.actualMinor === 0 && figures.actualUnits === 0) continue;
      let day = days.get(date);
      if (!day) days.set(date, (day = new Map()));
      day.set(account.sid, { actualMinor: figures.actualMinor, actualUnits: figures.actualUnits });
    }
  }
  return [...days]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, byAccount]) => ({
      date,
      byAccount: [...byAccount].map(([sid, figures]) => ({ sid, ...figures })),
      actualMinor: [...byAccount.values()].reduce((sum, figures) => sum + figures.actualMinor, 0),
    }));
}

function countriesOf(messages: readonly MessageFacts[]): SpendCountryRow[] {
  return [...figuresBy(messages, (message) => message.country ?? 'unknown')]
    .map(([country, figures]) => ({ country, ...figures }))
    .sort((a, b) => b.actualMinor - a.actualMinor || a.country.localeCompare(b.country));
}
