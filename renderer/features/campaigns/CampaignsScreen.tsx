import { useEffect, useState, type FormEvent } from 'react';
import type { CampaignStatus } from '../../../shared/calls/campaigns';
import { CampaignEditor } from './CampaignEditor';
import { useCampaignListStore } from './campaign-list-store';
import { useCampaignsStore } from './campaigns-store';
import { SharedCampaignTags } from './SharedCampaignNotes';
import { useSharedCampaignsStore } from './shared-campaigns-store';
import { formatCount, formatDateTime } from '../../../shared/format';
import { ColumnHeaders, numericColumn } from '../../components/ColumnHeaders';

const STATUS_LABEL: Record<CampaignStatus, string> = {
  draft: 'draft',
  scheduled: 'scheduled',
  running: 'sending',
  paused: 'paused',
  completed: 'completed',
  cancelled: 'cancelled',
};

export function CampaignsScreen() {
  const openId = useCampaignsStore((s) => s.openId);
  useEffect(() => {
    void useCampaignListStore.getState().load();
    void useCampaignsStore.getState().loadAudiences();
  }, []);
  return openId === null ? <CampaignList /> : <CampaignEditor />;
}

function CampaignList() {
  const campaigns = useCampaignListStore((s) => s.campaigns);
  const loaded = useCampaignListStore((s) => s.loaded);
  const listError = useCampaignListStore((s) => s.listError);
  const [creating, setCreating] = useState(false);
  const shared = useSharedCampaignsStore((s) => s.byId);

  return (
    <section className="campaigns" aria-labelledby="campaigns-title">
      <div className="screen-header">
        <h1 id="campaigns-title">Campaigns</h1>
        <div className="screen-actions">
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New campaign
          </button>
        </div>
      </div>
      {listError && (
        <p className="notice notice--error" role="alert">
          {listError}
        </p>
      )}
      {creating && <NewCampaignForm onDone={() => setCreating(false)} />}
      {!loaded ? (
        <p className="empty">Loading campaigns…</p>
      ) : campaigns.length === 0 ? (
        !creating && (
          <div className="empty" data-testid="campaigns-empty">
            <p>No campaigns yet. Draft one now — drafts are kept on this desktop and work offline; only the launch needs the network.</p>
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              Draft your first campaign
            </button>
          </div>
        )
      ) : (
        <table className="data-table" aria-label="Campaigns">
          <ColumnHeaders columns={['Name', 'Status', numericColumn('Recipients'), 'Last change']} actions />
          <tbody>
            {campaigns.map((campaign) => (
              <tr key={campaign.id} data-testid="campaign-row">
                <td>
                  <button type="button" className="link" onClick={() => void useCampaignsStore.getState().open(campaign.id)}>
                    {campaign.name}
                  </button>
                </td>
                <td>
                  <span className={`badge badge--campaign-${campaign.status}`}>{STATUS_LABEL[campaign.status]}</span>
                  {campaign.blocked && <span className="badge badge--campaign-blocked"> blocked</span>}
                  <SharedCampaignTags campaignId={campaign.id} localStatus={campaign.status} />
                </td>
                <td className="numeric">{campaign.recipients === null ? '—' : formatCount(campaign.recipients)}</td>
                <td>{formatDateTime(campaign.updatedAt)}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" onClick={() => void useCampaignsStore.getState().duplicate(campaign.id)} aria-label={`Duplicate ${campaign.name}`}>
                      Duplicate
                    </button>
                    {campaign.status === 'draft' && !useSharedCampaignsStore.getState().isReadOnly(campaign.id) && (
                      <button
                        type="button"
                        className="danger-outline"
                        aria-label={`Delete ${campaign.name}`}
                        onClick={() => {
                          const question = shared[campaign.id]
                            ? `Delete the shared draft "${campaign.name}"? It is cancelled in the team workspace and leaves your teammates' desktops too. This cannot be undone.`
                            : `Delete the draft "${campaign.name}"? This cannot be undone.`;
                          if (window.confirm(question)) void useCampaignsStore.getState().remove(campaign.id);
                        }}
                      >
                        Delete
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewCampaignForm({ onDone }: { onDone(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') {
      setError('Give the campaign a name');
      return;
    }
    setBusy(true);
    const failure = await useCampaignsStore.getState().create(name.trim());
    setBusy(false);
    if (failure) setError(failure);
    else onDone();
  };
  return (
    <form className="card inline-form" onSubmit={(event) => void submit(event)} aria-label="New campaign">
      <label>
        Campaign name
        <input
          value={name}
          autoFocus
          maxLength={120}
          aria-invalid={error !== null}
          aria-describedby={error ? 'new-campaign-error' : undefined}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onDone();
          }}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        Create draft
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
      {error && (
        <span id="new-campaign-error" className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
