import { useEffect, useRef, type KeyboardEvent } from 'react';
import { Field } from '../../components/Field';
import { BudgetSection } from './BudgetSection';
import { useCampaignsStore, type SaveState, type SectionId } from './campaigns-store';
import { MessageSection } from './MessageSection';
import { MonitorSection } from './MonitorSection';
import { ReplayBanner } from './ReplayDialog';
import { ScheduleSection } from './ScheduleSection';
import { SharedCampaignBanner } from './SharedCampaignNotes';
import { useSharedCampaignsStore } from './shared-campaigns-store';

const SECTIONS: { id: SectionId; label: string }[] = [
  { id: 'message', label: 'Message' },
  { id: 'schedule', label: 'Schedule' },
  { id: 'budget', label: 'Budget and launch' },
  { id: 'monitor', label: 'Monitor' },
];

const SAVE_TEXT: Record<SaveState, string> = {
  saved: 'All changes saved on this desktop',
  pending: 'Unsaved changes…',
  saving: 'Saving…',
  invalid: 'Not saved: fix the highlighted fields',
  error: 'Not saved',
};

export function CampaignEditor() {
  const campaign = useCampaignsStore((s) => s.campaign);
  const form = useCampaignsStore((s) => s.form);
  const section = useCampaignsStore((s) => s.section);
  const saveState = useCampaignsStore((s) => s.saveState);
  const saveError = useCampaignsStore((s) => s.saveError);
  const nameError = useCampaignsStore((s) => s.fieldErrors['name']);
  const readOnly = useSharedCampaignsStore((s) => (campaign ? s.isReadOnly(campaign.id) : false));
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  useEffect(() => {
    // After a launch the confirmation closes and the launch button is gone: keep keyboard users
    // in place by focusing the selected step instead of losing focus to the page.
    if (document.activeElement === document.body || document.activeElement === null) document.getElementById(`campaign-tab-${section}`)?.focus();
  }, [section]);

  if (!campaign || !form) return <p className="empty">Opening the campaign…</p>;
  // A teammate's launch, or another sub-account's draft on a parent manager's desktop, is shown but not changed here.
  const editable = campaign.status === 'draft' && !readOnly;
  const visible = SECTIONS.filter((entry) => editable || entry.id !== 'budget');

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = (index + step + visible.length) % visible.length;
    const target = visible[next];
    if (!target) return;
    useCampaignsStore.getState().showSection(target.id);
    tabs.current[next]?.focus();
  };

  return (
    <section className="campaign-editor" aria-labelledby="campaign-title">
      <div className="screen-header campaign-editor-header">
        <button
          type="button"
          onClick={() => {
            if (saveState === 'invalid' && !window.confirm('Some changes are not valid and were not saved. Leave anyway?')) return;
            void useCampaignsStore.getState().close();
          }}
        >
          ← All campaigns
        </button>
        <h1 id="campaign-title">{campaign.name}</h1>
        <span className={`badge badge--campaign-${campaign.status}`} data-testid="campaign-status">
          {campaign.status}
        </span>
        {editable && (
          <span className={`save-state save-state--${saveState}`} data-testid="save-state" data-state={saveState} role="status">
            {SAVE_TEXT[saveState]}
            {saveError && `: ${saveError}`}
          </span>
        )}
        {editable && saveState === 'error' && (
          <button type="button" onClick={() => void useCampaignsStore.getState().open(campaign.id)}>
            Reload the campaign
          </button>
        )}
      </div>
      <ReplayBanner />
      <SharedCampaignBanner campaignId={campaign.id} />
      {editable && (
        <div className="card campaign-basics">
          <Field label="Campaign name" error={nameError ? { message: nameError } : null}>
            {(control) => (
              <input {...control} value={form.name} maxLength={120} onChange={(event) => useCampaignsStore.getState().edit({ name: event.target.value })} />
            )}
          </Field>
        </div>
      )}
      <div role="tablist" aria-label="Campaign steps" className="campaign-tabs">
        {visible.map((entry, index) => (
          <button
            key={entry.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`campaign-tab-${entry.id}`}
            aria-selected={section === entry.id}
            aria-controls={`campaign-panel-${entry.id}`}
            tabIndex={section === entry.id ? 0 : -1}
            onClick={() => useCampaignsStore.getState().showSection(entry.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`campaign-panel-${section}`} aria-labelledby={`campaign-tab-${section}`} className="campaign-panel">
        {section === 'message' && <MessageSection />}
        {section === 'schedule' && <ScheduleSection />}
        {section === 'budget' && editable && <BudgetSection />}
        {section === 'monitor' && <MonitorSection />}
      </div>
    </section>
  );
}
