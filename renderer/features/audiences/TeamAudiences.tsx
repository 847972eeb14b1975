import { useEffect } from 'react';
import type { AudienceView } from '../../../shared/calls/audiences';
import type { AudienceTransfer, TeamAudienceView } from '../../../shared/calls/team-audiences';
import { formatCount, formatDateTime, formatPercent } from '../../../shared/format';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useTeamAudiencesStore } from './team-audiences-store';
import { ColumnHeaders } from '../../components/ColumnHeaders';

/** Rows moved so far, as a bar a screen reader announces, with a way to stop. */
function TransferProgress({ transfer, onCancel }: { transfer: AudienceTransfer; onCancel(): void }) {
  const share = transfer.rowsTotal === 0 ? 1 : transfer.rowsDone / transfer.rowsTotal;
  const what = transfer.direction === 'upload' ? 'Sharing' : 'Downloading';
  return (
    <div className="team-audience-transfer" data-testid="team-audience-transfer">
      <div
        className="progress"
        role="progressbar"
        aria-label={`${what} rows`}
        aria-valuemin={0}
        aria-valuemax={transfer.rowsTotal}
        aria-valuenow={transfer.rowsDone}
      >
        <div className="progress-fill" style={{ width: `${Math.min(100, share * 100)}%` }} />
      </div>
      <span className="hint">
        {what}: {formatCount(transfer.rowsDone)} of {formatCount(transfer.rowsTotal)} rows ({formatPercent(share, 0)})
      </span>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** The audience row's "Share with team" action, for a profile in a team workspace. */
export function ShareWithTeamButton({ audience }: { audience: AudienceView }) {
  const { joined, audiences, transfers, share, cancel } = useTeamAudiencesStore();
  if (!joined || audience.status !== 'ready') return null;
  const entry = audiences.find((candidate) => candidate.workspaceAudienceId === audience.id || candidate.localAudienceId === audience.id);
  const transfer = transfers[audience.id];
  if (transfer?.state === 'running') return <TransferProgress transfer={transfer} onCancel={() => void cancel(audience.id)} />;
  if (entry && !entry.sharedHere) return <span className="badge">From {entry.sharedBy}</span>;
  if (entry?.rowsComplete) return <span className="badge">Shared with team</span>;
  const resume = entry !== undefined;
  return (
    <button type="button" onClick={() => void share(audience.id)} aria-label={`${resume ? 'Resume sharing' : 'Share with team'}: ${audience.name}`}>
      {resume ? 'Resume sharing' : 'Share with team'}
    </button>
  );
}

function TeamAudienceAction({ audience, transfer }: { audience: TeamAudienceView; transfer: AudienceTransfer | undefined }) {
  const { download, cancel } = useTeamAudiencesStore();
  if (transfer?.state === 'running') return <TransferProgress transfer={transfer} onCancel={() => void cancel(audience.workspaceAudienceId)} />;
  if (audience.sharedHere)
    return <span className="hint">{audience.rowsComplete ? 'Shared by you' : 'Not every row is shared yet: resume it in your list above'}</span>;
  if (audience.localAudienceId !== null) return <span className="badge">On this desktop</span>;
  if (!audience.rowsComplete) return <span className="hint">Still being shared by {audience.sharedBy}</span>;
  return (
    <button type="button" onClick={() => void download(audience.workspaceAudienceId)} aria-label={`Download ${audience.name} to this desktop`}>
      Download to this desktop
    </button>
  );
}

/** Audiences in the team workspace: this team's shares (a parent manager: every sub-account's), to download and use like an import. */
export function TeamAudiences() {
  const { joined, audiences, transfers, error, load } = useTeamAudiencesStore();
  useEffect(() => {
    void load();
  }, [load]);
  if (!joined) return null;
  const failures = Object.values(transfers).filter((transfer) => transfer.state === 'failed' && transfer.problem !== null);
  return (
    <section className="card team-audiences" aria-labelledby="team-audiences-title">
      <h2 id="team-audiences-title">Team audiences</h2>
      <p className="hint">
        An audience is shared only when you choose <strong>Share with team</strong> on it. Your teammates on this sub-account (and parent managers) see it here
        and download it to use it exactly like their own import.
      </p>
      <ErrorBanner message={error} />
      {failures.map((failure) => (
        <p key={failure.workspaceAudienceId} role="alert" className="error">
          {failure.problem}
        </p>
      ))}
      {audiences.length === 0 ? (
        <p className="empty" data-testid="team-audiences-empty">
          Nobody has shared an audience with your team yet.
        </p>
      ) : (
        <table className="data-table" data-testid="team-audiences">
          <ColumnHeaders columns={['Name', 'Shared by', 'Shared', 'Recipients']} actions />
          <tbody>
            {audiences.map((audience) => (
              <tr key={audience.workspaceAudienceId} data-testid="team-audience-row">
                <td>{audience.name}</td>
                <td>{audience.sharedBy}</td>
                <td>{audience.sharedAtMs === null ? '—' : formatDateTime(audience.sharedAtMs)}</td>
                <td>{formatCount(audience.recipients)}</td>
                <td>
                  <TeamAudienceAction audience={audience} transfer={transfers[audience.workspaceAudienceId]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
