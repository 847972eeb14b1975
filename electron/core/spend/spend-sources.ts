import type { SpendCampaignRow, SpendFigures, SpendPeriod, SpendSummary, SpendWaveRow } from '../../../shared/calls/spend';
import type { SubaccountView } from '../../../shared/calls/subaccounts';
import type { SpendFigureSources } from '../../../shared/calls/spend-sources';
import { knownAmount, unavailableAmount, type SourcedAmount } from '../../../shared/spend-source';
import type { CampaignProgressRepository, MessageTally } from '../store/campaign-progress-repository';
import type { DocumentedSpendRepository, LaunchedCampaign } from '../store/documented-spend-repository';
import type { ProfileRecord } from '../store/profiles-repository';
import type { CampaignActualSpendReader } from './campaign-actual-spend';
import { countMessages, emptyFigures } from './spend-figures';
import { isKaleyraStatus } from '../../../shared/message-status';

export interface SpendSourcesDeps {
  launched: Pick<DocumentedSpendRepository, 'launchedCampaigns'>;
  progress: Pick<CampaignProgressRepository, 'messages' | 'chargesUnreported'>;
  actualSpend: CampaignActualSpendReader;
  /** What the last sync read of each sub-account (shared ones' use this month). */
  cachedSubaccounts(profileId: string): SubaccountView[];
  /** Whether the spend store holds anything read from this account's message log. */
  hasLoggedMessages(profileId: string, sid: string): boolean;
}

export const NO_PARENT_FUNDS_REASON =
  "Not available: this API does not report the parent's own balance or monthly use (Kaleyra documents no billing route). The kaleyra.io dashboard shows it.";
export const NO_SHARED_USE_REASON =
  "Not available: Kaleyra's documented sub-account list carries no monthly use for a shared sub-account. The kaleyra.io dashboard shows it.";
const ONLY_THIS_DESKTOP =
  ' Campaigns launched from this desktop are priced from their delivery statuses below; messages sent any other way are not known here.';

/**
 * Names the source of every money figure of a spend summary, and where the API has no message log
 * adds the campaigns this desktop launched, priced from their documented statuses, so a parent
 * on a real account sees real spend instead of an empty table.
 */
export class SpendSources {
  constructor(private readonly deps: SpendSourcesDeps) {}

  annotate(profile: ProfileRecord, pulled: SpendSummary): SpendSummary {
    const documentedOnly = profile.kind === 'kaleyra' || profile.sandboxDocumentedOnly === true;
    // A billing snapshot kept from before the switch to documented-only is the [ours] route's, and old.
    const summary = documentedOnly && profile.kind === 'sandbox' ? { ...pulled, parent: null } : pulled;
    const parentFunds = parentFundsOf(summary);
    const usedThisMonth = new Map(this.deps.cachedSubaccounts(profile.id).map((subaccount) => [subaccount.sid, subaccount.usedThisMonthMinor]));
    const accounts = summary.accounts.map((account) => {
      const logUnread = account.problem !== null && !this.deps.hasLoggedMessages(profile.id, account.sid);
      const actual = logUnread ? unavailableAmount(`${account.problem ?? ''}${ONLY_THIS_DESKTOP}`) : knownAmount(account.actualMinor, 'ledger');
      let funds: SourcedAmount;
      if (account.kind === 'parent') funds = parentFunds;
      else if (account.creditType === 'shared') {
        // `used_this_month` is the sandbox's [ours]: only its full API is trusted for it.
        const used = usedThisMonth.get(account.sid) ?? null;
        funds = documentedOnly || used === null ? unavailableAmount(NO_SHARED_USE_REASON) : knownAmount(used, 'billing');
      } else
        funds =
          account.balanceMinor === null
            ? unavailableAmount('Not known yet: sync the sub-accounts to read their balances.')
            : knownAmount(account.balanceMinor, 'billing');
      return { sid: account.sid, actual, funds };
    });

    const listed = new Set(summary.campaigns.flatMap((campaign) => (campaign.campaignId === null ? [] : [campaign.campaignId])));
    const campaignSources: SpendFigureSources['campaigns'] = [];
    const added: SpendCampaignRow[] = [];
    for (const row of summary.campaigns) {
      if (row.status === 'draft') continue;
      campaignSources.push({
        sid: row.sid,
        campaignId: row.campaignId,
        actual: knownAmount(row.actualMinor, 'ledger'),
        refunded: knownAmount(row.refundedMinor, 'ledger'),
      });
    }
    const sids = summary.accounts.map((account) => account.sid);
    for (const campaign of this.deps.launched.launchedCampaigns(sids, summary.period.from, summary.period.to)) {
      if (listed.has(campaign.id) || !this.deps.progress.chargesUnreported(campaign.id)) continue;
      const { row, actual, refunded } = this.computedRow(campaign);
      added.push(row);
      campaignSources.push({ sid: campaign.accountSid, campaignId: campaign.id, actual, refunded });
    }
    return {
      ...summary,
      campaigns: added.length === 0 ? summary.campaigns : [...summary.campaigns, ...added].sort((a, b) => b.actualMinor - a.actualMinor),
      figureSources: { parentFunds, accounts, campaigns: campaignSources },
    };
  }

  /** Drill-down of one account: its campaigns from the log, plus this desktop's priced from statuses where the log has none. */
  campaignsOf(sid: string, period: SpendPeriod, rows: SpendCampaignRow[]): SpendCampaignRow[] {
    const listed = new Set(rows.map((row) => row.campaignId));
    const added = this.deps.launched
      .launchedCampaigns([sid], period.from, period.to)
      .filter((campaign) => !listed.has(campaign.id) && this.deps.progress.chargesUnreported(campaign.id))
      .map((campaign) => this.computedRow(campaign).row);
    return added.length === 0 ? rows : [...rows, ...added].sort((a, b) => b.actualMinor - a.actualMinor);
  }

  /** Drill-down of one campaign: where the API reports no charges, each wave's spend computed from its statuses. */
  wavesOf(campaignId: string | null, rows: SpendWaveRow[]): SpendWaveRow[] {
    if (campaignId === null || !this.deps.progress.chargesUnreported(campaignId)) return rows;
    const tallies = this.deps.progress.messages(campaignId);
    const spend = this.deps.actualSpend.of(
      campaignId,
      tallies,
      rows.map((row) => row.waveNo),
      true,
    );
    return rows.map((row) => {
      const figures = figuresOfTallies(tallies.filter((tally) => tally.waveNo === row.waveNo));
      const actual = spend.byWave.find((wave) => wave.waveNo === row.waveNo)?.actual.minor ?? row.actualMinor;
      return { ...row, ...figures, actualMinor: actual };
    });
  }

  /** A campaign row priced from its statuses (no figure where it cannot be: then the row's amounts are 0 and its source says why). */
  private computedRow(campaign: LaunchedCampaign): { row: SpendCampaignRow; actual: SourcedAmount; refunded: SourcedAmount } {
    const tallies = this.deps.progress.messages(campaign.id);
    const spend = this.deps.actualSpend.of(campaign.id, tallies, [], true);
    const figures = figuresOfTallies(tallies);
    figures.actualMinor = spend.actual.minor ?? 0;
    figures.refundedMinor = spend.refunded.minor ?? 0;
    figures.actualUnits = spend.units ?? 0;
    return {
      row: {
        sid: campaign.accountSid,
        campaignId: campaign.id,
        name: campaign.name,
        status: campaign.status,
        budgetMinor: campaign.budgetMinor,
        estimatedMinor: campaign.estimatedMinor,
        ...figures,
      },
      actual: spend.actual,
      refunded: spend.refunded,
    };
  }
}

function parentFundsOf(summary: SpendSummary): SourcedAmount {
  const parent = summary.parent;
  if (parent === null) return unavailableAmount(NO_PARENT_FUNDS_REASON);
  const minor = parent.billing === 'prepaid' ? parent.balanceMinor : parent.usedThisMonthMinor;
  return minor === null ? unavailableAmount(NO_PARENT_FUNDS_REASON) : knownAmount(minor, 'billing');
}

/** Message counts of a campaign's (or a wave's) tallies, as the dashboard's figures count them. */
function figuresOfTallies(tallies: readonly MessageTally[]): SpendFigures {
  const figures = emptyFigures();
  for (const tally of tallies) {
    // Ours (queued, rejected, cancelled) are not among the API's figures.
    if (isKaleyraStatus(tally.status)) countMessages(figures, tally.status, tally.messages);
  }
  return figures;
}
