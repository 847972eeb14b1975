import { saveTextFile } from '../../lib/save-file';
import { CampaignsTable, WavesTable } from './SpendTables';
import { campaignsCsv, wavesCsv } from './spend-csv';
import { useSpendStore } from './spend-store';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SpendSectionHeader } from './SpendSectionHeader';

/** Sub-account → its campaigns → one campaign's waves, for the chosen period. */
export function SpendDrillDown({ currency, fileSuffix }: { currency: string; fileSuffix: string }) {
  const { drill, openCampaign, closeCampaign, closeAccount } = useSpendStore();
  if (!drill) return null;
  const { campaign } = drill;
  return (
    <section className="spend-section" aria-label="Drill-down">
      <nav className="spend-breadcrumbs no-print" aria-label="Drill-down path">
        <button type="button" className="link-button" onClick={closeAccount}>
          All accounts
        </button>
        {' › '}
        {campaign ? (
          <button type="button" className="link-button" onClick={closeCampaign}>
            {drill.accountName}
          </button>
        ) : (
          <span aria-current="page">{drill.accountName}</span>
        )}
        {campaign && (
          <>
            {' › '}
            <span aria-current="page">{campaign.name}</span>
          </>
        )}
      </nav>
      <ErrorBanner message={drill.error} />
      {!campaign && (
        <>
          <SpendSectionHeader
            title={`Campaigns of ${drill.accountName}`}
            exportDisabled={!drill.campaigns?.length}
            onExport={() =>
              saveTextFile(
                `spend-${drill.sid}-campaigns-${fileSuffix}.csv`,
                campaignsCsv(drill.campaigns ?? [], currency, () => drill.accountName),
              )
            }
          />
          {drill.campaigns === null && <p className="empty">Loading campaigns…</p>}
          {drill.campaigns?.length === 0 && !drill.error && <p className="empty">No messages from this account in this period.</p>}
          {drill.campaigns && drill.campaigns.length > 0 && (
            <CampaignsTable
              rows={drill.campaigns}
              currency={currency}
              label={`Campaigns of ${drill.accountName}`}
              onOpen={(row) => void openCampaign(row.campaignId, row.name ?? (row.campaignId === null ? 'Sent outside Campaign Desk' : row.campaignId))}
            />
          )}
        </>
      )}
      {campaign && (
        <>
          <SpendSectionHeader
            title={`Waves of ${campaign.name}`}
            exportDisabled={!campaign.waves?.length}
            onExport={() => saveTextFile(`spend-${drill.sid}-waves-${fileSuffix}.csv`, wavesCsv(campaign.waves ?? [], currency))}
          />
          {campaign.waves === null && <p className="empty">Loading waves…</p>}
          {campaign.waves && campaign.waves.length > 0 && <WavesTable rows={campaign.waves} currency={currency} />}
        </>
      )}
    </section>
  );
}
