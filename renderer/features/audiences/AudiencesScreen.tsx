import { useEffect, useState } from 'react';
import type { AudienceView } from '../../../shared/calls/audiences';
import { AudienceReport } from './AudienceReport';
import { useAudiencesStore } from './audiences-store';
import { ImportPanel } from './ImportPanel';
import { RecipientsTable } from './RecipientsTable';
import { SuppressionList } from './SuppressionList';
import { ShareWithTeamButton, TeamAudiences } from './TeamAudiences';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatCount, formatDateTime } from '../../../shared/format';
import { ColumnHeaders } from '../../components/ColumnHeaders';

const STATUS_LABELS: Record<AudienceView['status'], string> = { importing: 'importing', ready: 'ready', failed: 'failed', cancelled: 'cancelled' };

export function AudiencesScreen() {
  const { audiences, loaded, error, selectedId, detail, flow, load, select, openImport, remove } = useAudiencesStore();
  const [confirmingDelete, setConfirmingDelete] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);

  const importing = flow.step !== 'closed';
  return (
    <section aria-labelledby="audiences-title" className="screen">
      <header className="screen-header">
        <h1 id="audiences-title">Audiences</h1>
        <button type="button" className="primary" onClick={openImport} disabled={importing}>
          Import audience…
        </button>
      </header>
      <ErrorBanner message={error} />
      <ImportPanel />
      <SuppressionList />
      <TeamAudiences />
      {loaded && audiences.length === 0 && !importing && (
        <div className="empty" data-testid="audiences-empty">
          <p>No audiences yet. Import a CSV or Excel file of phone numbers (with names, languages or time zones if you have them) to plan a campaign.</p>
          <button type="button" onClick={openImport}>
            Import your first audience
          </button>
        </div>
      )}
      {audiences.length > 0 && (
        <table className="data-table audiences-table">
          <ColumnHeaders columns={['Name', 'File', 'Status', 'Recipients', 'Rejected', 'Imported']} actions />
          <tbody>
            {audiences.map((audience) => (
              <tr key={audience.id} data-testid="audience-row" aria-selected={audience.id === selectedId}>
                <td>
                  <button type="button" className="link" onClick={() => void select(audience.id)} aria-pressed={audience.id === selectedId}>
                    {audience.name}
                  </button>
                </td>
                <td>{audience.sourceName}</td>
                <td>
                  <span className={`badge badge--audience-${audience.status}`} title={audience.failureReason ?? undefined}>
                    {STATUS_LABELS[audience.status]}
                  </span>
                </td>
                <td>{formatCount(audience.validRows)}</td>
                <td>{formatCount(audience.invalidRows + audience.duplicateRows + audience.optedOutRows)}</td>
                <td>{formatDateTime(audience.createdAt)}</td>
                <td>
                  {confirmingDelete === audience.id ? (
                    <span className="row-actions">
                      <button
                        type="button"
                        className="danger"
                        onClick={() => {
                          setConfirmingDelete(null);
                          void remove(audience.id);
                        }}
                      >
                        Delete {formatCount(audience.validRows)} recipients
                      </button>
                      <button type="button" onClick={() => setConfirmingDelete(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <span className="row-actions">
                      <ShareWithTeamButton audience={audience} />
                      <button type="button" onClick={() => setConfirmingDelete(audience.id)} aria-label={`Delete ${audience.name}`}>
                        Delete
                      </button>
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {detail && flow.step !== 'report' && (
        <section className="card" aria-labelledby="audience-detail-title">
          <h2 id="audience-detail-title">{detail.name}</h2>
          <AudienceReport />
        </section>
      )}
      {detail && detail.status === 'ready' && (
        <section className="card">
          <h2>Recipients of {detail.name}</h2>
          <RecipientsTable audience={detail} />
        </section>
      )}
    </section>
  );
}
