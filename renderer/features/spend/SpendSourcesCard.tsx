import type { SpendOverview } from '../../../shared/calls/console-pages';
import type { SpendSourceGroup } from '../../../shared/calls/spend-sources';
import { formatCount } from '../../../shared/format';
import { formatMoney } from '../../../shared/money';
import { SPEND_SOURCE_LABELS } from '../../../shared/spend-source';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

/**
 * Accounts whose actual spend is not known (no message log), and the reason shown for them: a total,
 * chart or ranking over only those would be a silent 0.
 */
export function actualUnknown(summary: SpendOverview): { accounts: number; reason: string | null } {
  const unknown = summary.figureSources?.actual.filter((group) => group.source === null) ?? [];
  return { accounts: unknown.reduce((sum, group) => sum + group.accounts, 0), reason: unknown[0]?.reason ?? null };
}

/** True when no account's actual spend is known: totals, charts and rankings say so instead of 0. */
export function noActualKnown(summary: SpendOverview): boolean {
  const { accounts } = actualUnknown(summary);
  return accounts > 0 && accounts === summary.accountsTotal;
}

function GroupLines({ groups, testId }: { groups: readonly SpendSourceGroup[]; testId: string }) {
  return (
    <ul className="spend-source-groups">
      {groups.map((group) => (
        <li key={`${group.source ?? ''}${group.reason ?? ''}`} data-testid={testId} data-source={group.source ?? 'unavailable'}>
          {formatCount(group.accounts)} account{group.accounts === 1 ? '' : 's'}:{' '}
          {group.source === null ? <>not known. {group.reason}</> : <>from {SPEND_SOURCE_LABELS[group.source]}</>}
        </li>
      ))}
    </ul>
  );
}

/**
 * Where each money figure of the dashboard came from: the API's message log, computed from the
 * documented delivery statuses, or the API's account figures; or why it is not known.
 */
export function SpendSourcesCard({ summary }: { summary: SpendOverview }) {
  const sources = summary.figureSources;
  if (!sources) return null;
  const money = (minor: number) => formatMoney(minor, summary.currency);
  const nameOf = new Map([...summary.accountNames, ...summary.topAccounts].map((account) => [account.sid, account.name]));
  const campaignName = new Map(summary.campaigns.map((campaign) => [campaign.campaignId, campaign.name]));
  const computed = sources.campaigns.filter((campaign) => campaign.actual.source !== 'ledger');
  const parent = sources.parentFunds;
  return (
    <section className="spend-section" aria-label="Where the figures come from" data-testid="spend-sources">
      <h2>Where the figures come from</h2>
      <p data-testid="spend-source-parent" data-source={parent.source ?? 'unavailable'}>
        Parent funds:{' '}
        {parent.minor === null || parent.source === null ? (
          <>
            <strong>not known</strong>. {parent.unavailable}
          </>
        ) : (
          <>
            <strong>{money(parent.minor)}</strong>, from {SPEND_SOURCE_LABELS[parent.source]}
          </>
        )}
      </p>
      <PlannedSource summary={summary} />
      <h3>Actual spend per account</h3>
      <GroupLines groups={sources.actual} testId="spend-source-actual" />
      <h3>Balance or monthly use per account</h3>
      <GroupLines groups={sources.funds} testId="spend-source-funds" />
      {computed.length > 0 && (
        <table className="data-table" aria-label="Campaigns priced from delivery statuses">
          <caption>Campaigns launched from this desktop, priced from their delivery statuses</caption>
          <ColumnHeaders columns={['Campaign', 'Account', numericColumn('Actual spend'), numericColumn('Refunded'), 'Source']} />
          <tbody>
            {computed.map((campaign) => (
              <tr key={`${campaign.sid}:${campaign.campaignId ?? ''}`} data-testid="spend-statuses-campaign">
                <td>{campaignName.get(campaign.campaignId) ?? 'Campaign'}</td>
                <td>{nameOf.get(campaign.sid) ?? campaign.sid}</td>
                <td className="numeric" data-testid="spend-statuses-actual">
                  {campaign.actual.minor === null ? <span title={campaign.actual.unavailable ?? undefined}>not known</span> : money(campaign.actual.minor)}
                </td>
                <td className="numeric">{campaign.refunded.minor === null ? 'not known' : money(campaign.refunded.minor)}</td>
                <td data-testid="spend-statuses-source">
                  {campaign.actual.source === null ? campaign.actual.unavailable : SPEND_SOURCE_LABELS[campaign.actual.source]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Where "planned" comes from: this desktop's drafts priced now, and with a team workspace every desktop's newest plan. */
function PlannedSource({ summary }: { summary: SpendOverview }) {
  const shared = summary.totals.workspacePlanned;
  return (
    <p data-testid="spend-source-planned">
      Planned: <strong>{formatMoney(summary.totals.plannedMinor, summary.currency)}</strong>
      {shared ? (
        <>
          , of which {formatMoney(shared.minor, summary.currency)} for {formatCount(shared.campaigns)} draft{shared.campaigns === 1 ? '' : 's'} planned on the
          team workspace&apos;s desktops (each by its newest plan: who planned which revision, when, is under its estimate); the rest from this desktop&apos;s
          drafts, priced now
        </>
      ) : (
        <>, from this desktop&apos;s drafts, priced now</>
      )}
    </p>
  );
}

/** Under the campaigns table: which rows' actual spend was computed from statuses rather than read from the log. */
export function ComputedCampaignsNote({ summary }: { summary: SpendOverview }) {
  const computed = summary.figureSources?.campaigns.filter((campaign) => campaign.actual.source === 'statuses') ?? [];
  if (computed.length === 0) return null;
  const names = new Map(summary.campaigns.map((campaign) => [campaign.campaignId, campaign.name]));
  return (
    <p className="hint" data-testid="spend-campaigns-computed">
      Actual spend {computed.length === 1 ? 'of' : 'of these campaigns:'}{' '}
      {computed.map((campaign) => names.get(campaign.campaignId) ?? 'a campaign').join(', ')} {computed.length === 1 ? 'is' : 'are'}{' '}
      {SPEND_SOURCE_LABELS.statuses} (this API reports no charges); the others are from {SPEND_SOURCE_LABELS.ledger}.
    </p>
  );
}
