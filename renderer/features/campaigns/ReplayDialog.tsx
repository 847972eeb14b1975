import { useEffect, useState, type FormEvent } from 'react';
import { REPLAY_STATUS_LABELS, type ReplayInfo, type ReplayStatus } from '../../../shared/calls/campaign-replay';
import type { CampaignProgress } from '../../../shared/calls/campaigns';
import { DeskError } from '../../../shared/errors';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Field } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useCampaignsStore } from './campaigns-store';
import { formatCount } from '../../../shared/format';

type Totals = CampaignProgress['totals'];

/** One checkbox per outcome the monitor counts, with the recipient statuses it stands for. */
const CHOICES: { key: string; label: string; statuses: ReplayStatus[]; count(totals: Totals): number }[] = [
  { key: 'undelivered', label: 'Undelivered', statuses: ['UnDelivered'], count: (t) => t.undelivered },
  { key: 'not-sent', label: 'Not sent by the operator', statuses: ['NotSent'], count: (t) => t.notSent },
  { key: 'failed', label: 'Failed or refused by the API', statuses: ['Failed', 'rejected'], count: (t) => t.failed },
  { key: 'cancelled', label: 'Cancelled before sending', statuses: ['cancelled'], count: (t) => t.cancelled },
  { key: 'sent', label: 'Sent, no delivery report', statuses: ['Sent'], count: (t) => t.sent },
  { key: 'delivered', label: 'Delivered', statuses: ['Delivered'], count: (t) => t.delivered },
];

/**
 * Replays a completed or cancelled campaign to the recipients of the chosen outcomes: a new
 * audience and a new draft (same sender, message, quiet hours and budget, sending now), opened in
 * the editor to change the text or the time and launch through the usual confirmation.
 */
export function ReplayDialog({ progress, onClose }: { progress: CampaignProgress; onClose(): void }) {
  const campaign = useCampaignsStore((s) => s.campaign);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(progress.totals.undelivered > 0 ? ['undelivered'] : []));
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!campaign) return null;
  const picked = CHOICES.filter((choice) => chosen.has(choice.key));
  const recipients = picked.reduce((sum, choice) => sum + choice.count(progress.totals), 0);

  const toggle = (key: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(key);
    else next.delete(key);
    setChosen(next);
    setBanner(null);
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBanner(null);
    setNameError(null);
    if (picked.length === 0) {
      setBanner('Choose at least one outcome whose recipients get the message again.');
      return;
    }
    setBusy(true);
    try {
      const statuses = picked.flatMap((choice) => choice.statuses);
      const created = await call('campaigns.replay', { id: campaign.id, statuses, ...(name.trim() ? { name: name.trim() } : {}) });
      onClose();
      await useCampaignsStore.getState().open(created.id, { isNew: true });
    } catch (failure) {
      if (failure instanceof DeskError && failure.details.field === 'name') setNameError(failure.message);
      else setBanner(errorMessage(failure));
      setBusy(false);
    }
  };

  return (
    <Dialog title={`Replay "${campaign.name}"`} onClose={onClose} testId="replay-dialog">
      <form className="dialog-form" noValidate onSubmit={(event) => void create(event)}>
        <fieldset className="choice-group replay-statuses">
          <legend>Send again to the recipients whose message was</legend>
          {CHOICES.map((choice) => {
            const count = choice.count(progress.totals);
            return (
              <label key={choice.key}>
                <input type="checkbox" checked={chosen.has(choice.key)} disabled={count === 0} onChange={(event) => toggle(choice.key, event.target.checked)} />
                {choice.label} <span className="replay-count">({formatCount(count)})</span>
              </label>
            );
          })}
        </fieldset>
        <Field
          label="Name of the replay (optional)"
          error={nameError ? { message: nameError } : null}
          hint={`Left empty: "${campaign.name} — replay (${describeStatuses(picked.flatMap((choice) => choice.statuses))})".`}
        >
          {(control) => <input {...control} value={name} maxLength={120} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <p className="hint">
          Creates a new audience of about {formatCount(recipients)} recipients (with their names, zones and fields) and a draft with the same message, sending
          now. Nothing is sent until you launch it.
        </p>
        <ErrorBanner message={banner} />
        <FormActions onCancel={onClose}>
          <button type="submit" className="primary" disabled={busy || picked.length === 0}>
            {busy ? 'Creating…' : 'Create replay draft'}
          </button>
        </FormActions>
      </form>
    </Dialog>
  );
}

function describeStatuses(statuses: readonly ReplayStatus[]): string {
  return statuses.map((status) => REPLAY_STATUS_LABELS[status]).join(', ') || '…';
}

/** "Replay of X to N recipients (undelivered)" above a replay's editor; nothing for an ordinary campaign. */
export function ReplayBanner() {
  const campaignId = useCampaignsStore((s) => s.campaign?.id ?? null);
  const audienceId = useCampaignsStore((s) => s.campaign?.audienceId ?? null);
  const [found, setFound] = useState<{ campaignId: string; info: ReplayInfo } | null>(null);
  useEffect(() => {
    if (campaignId === null) return;
    let live = true;
    void (async () => {
      try {
        const info = await call('campaigns.replayInfo', { id: campaignId });
        if (live) setFound({ campaignId, info });
      } catch {
        // Without the lineage the editor still works; the banner is only a reminder.
      }
    })();
    return () => {
      live = false;
    };
  }, [campaignId, audienceId]);
  const info = found?.campaignId === campaignId ? found.info : null;
  if (!info?.replayOf) return null;
  const recipients = info.recipients ?? 0;
  return (
    <p className="notice replay-banner" data-testid="replay-banner">
      Replay of <strong>{info.replayOf.name}</strong> to {formatCount(recipients)} recipient{recipients === 1 ? '' : 's'} ({describeStatuses(info.statuses)}).
    </p>
  );
}
