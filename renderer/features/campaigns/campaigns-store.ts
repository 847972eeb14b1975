import { create } from 'zustand';
import { draftFieldsOf, type CampaignProgress, type CampaignView, type DraftFieldName } from '../../../shared/calls/campaigns';
import { calls, type CallInput, type EventPayload } from '../../../shared/contract';
import { beforeProfileSwitch } from '../../lib/before-profile-switch';
import { call } from '../../lib/desk';
import { errorMessage, fieldOfError } from '../../lib/error-message';
import { useAudiencesStore } from '../audiences/audiences-store';
import { createAutosave } from './autosave';
import { useCampaignListStore } from './campaign-list-store';
import { useCampaignMonitorStore, type CampaignControl } from './campaign-monitor-store';
import { useCampaignPlanStore } from './campaign-plan-store';
import { openingStep, type SectionId } from './campaign-steps';
import { useSampleRecipientsStore } from './sample-recipients-store';
import { useSharedCampaignsStore } from './shared-campaigns-store';

/** The fields a person edits; everything else on a campaign belongs to the main side. */
export type DraftForm = Pick<CampaignView, DraftFieldName>;

export type { SectionId };
export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'error';

const SAVE_DELAY_MS = 400;

/**
 * The open campaign: the draft form with its autosave, and the actions that change the campaign as
 * a whole. The list, the plan, the monitor's progress and the sample recipients are stores of their
 * own (campaign-list-store, campaign-plan-store, campaign-monitor-store, sample-recipients-store);
 * the audiences come from the audiences feature's store.
 */
interface EditorState {
  openId: string | null;
  campaign: CampaignView | null;
  form: DraftForm | null;
  section: SectionId;
  saveState: SaveState;
  saveError: string | null;
  /** Errors by field path ("name", "variants.1.language", "schedule"). */
  fieldErrors: Record<string, string>;
}

interface CampaignsSlice extends EditorState {
  loadAudiences(): Promise<void>;
  create(name: string): Promise<string | null>;
  duplicate(id: string): Promise<void>;
  /** Opens a campaign on its first step needing attention (a new draft: Message). */
  open(id: string, options?: { isNew?: boolean }): Promise<void>;
  close(): Promise<void>;
  showSection(section: SectionId): void;
  edit(patch: Partial<DraftForm>): void;
  saveNow(): Promise<void>;
  replan(): Promise<void>;
  launch(options: { skipUnscheduled: boolean }): Promise<boolean>;
  control(action: CampaignControl): Promise<void>;
  refreshProgress(): Promise<void>;
  syncStatuses(): Promise<void>;
  remove(id: string): Promise<void>;
  /** Reads the open draft again when nothing typed is waiting (a teammate's change arrived, a conflict was settled). */
  refreshDraft(): Promise<void>;
  onChanged(payload: EventPayload<'campaigns.changed'>): void;
  onProgress(payload: EventPayload<'campaigns.progress'>): void;
  onAudiencesChanged(): void;
  profileChanged(): void;
}

/** The editor with no campaign open (or `openId` while it loads): the one state every reset goes back to. */
export const emptyEditor = (openId: string | null = null): EditorState => ({
  openId,
  campaign: null,
  form: null,
  section: 'message',
  saveState: 'saved',
  saveError: null,
  fieldErrors: {},
});

/** The same schema the main side validates with, so errors appear on the field before any call. */
function validate(id: string, revision: number, form: DraftForm): Record<string, string> {
  const parsed = calls['campaigns.update'].input.safeParse({ id, revision, ...form });
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

const loadList = () => useCampaignListStore.getState().load();
const showSamplesOf = (form: DraftForm | null) => useSampleRecipientsStore.getState().show(form?.audienceId ?? null);

export const useCampaignsStore = create<CampaignsSlice>((set, get) => {
  /** Sends the form as it is now; what is typed meanwhile stays pending for the next round. */
  async function saveForm(): Promise<void> {
    const { form, campaign, saveState } = get();
    if (!form || !campaign || saveState !== 'pending') return;
    set({ saveState: 'saving' });
    try {
      const updated = await call('campaigns.update', { id: campaign.id, revision: campaign.revision, ...form });
      if (get().openId !== updated.id) return;
      const changedMeanwhile = get().form !== form;
      set({ campaign: updated, saveState: changedMeanwhile ? 'pending' : 'saved' });
      if (changedMeanwhile) autosave.schedule();
      void get().replan();
      void loadList();
    } catch (failure) {
      const field = fieldOfError(failure);
      const message = errorMessage(failure);
      set({ saveState: 'error', saveError: message, fieldErrors: field ? { ...get().fieldErrors, [field]: message } : get().fieldErrors });
    }
  }
  const autosave = createAutosave(saveForm, { delayMs: SAVE_DELAY_MS });

  /** Every way out of a campaign (open another, close, delete, profile switch) ends here. */
  function resetTo(openId: string | null): void {
    autosave.cancel();
    set(emptyEditor(openId));
    useCampaignPlanStore.getState().reset(openId);
    useCampaignMonitorStore.getState().reset(openId);
    void useSampleRecipientsStore.getState().show(null);
  }

  /** A launched campaign's status follows its progress. */
  function followProgress(campaignId: string, progress: CampaignProgress | null): void {
    const campaign = get().campaign;
    if (progress === null || campaign === null || campaign.id !== campaignId) return;
    set({ campaign: { ...campaign, status: progress.status, blockedReason: progress.blockedReason } });
  }

  return {
    ...emptyEditor(),

    async loadAudiences() {
      // The picker lists the audiences feature's own list; on failure the audiences screen says why.
      await useAudiencesStore.getState().load();
      void showSamplesOf(get().form);
    },

    async create(name) {
      try {
        const campaign = await call('campaigns.create', { name, quietHours: { mode: 'presets' }, routeType: 'promotional' });
        await loadList();
        await get().open(campaign.id, { isNew: true });
        return null;
      } catch (failure) {
        return errorMessage(failure);
      }
    },

    async duplicate(id) {
      try {
        const source = await call('campaigns.get', { id });
        const copy = await call('campaigns.create', { ...draftFieldsOf(source), name: `${source.name} (copy)`.slice(0, 120) });
        await loadList();
        await get().open(copy.id, { isNew: true });
      } catch (failure) {
        useCampaignListStore.getState().showError(errorMessage(failure));
      }
    },

    async open(id, options) {
      // Opening (or reloading after a refused save) starts from what is stored.
      resetTo(id);
      try {
        const campaign = await call('campaigns.get', { id });
        if (get().openId !== id) return;
        set({ campaign, form: draftFieldsOf(campaign), section: openingStep(campaign, options?.isNew === true) });
        void get().loadAudiences();
        if (campaign.status === 'draft') void get().replan();
        else void get().refreshProgress();
      } catch (failure) {
        resetTo(null);
        useCampaignListStore.getState().showError(errorMessage(failure));
      }
    },

    async close() {
      // Flush what was typed in the last moments before leaving the editor.
      await get().saveNow();
      resetTo(null);
      void loadList();
    },

    showSection(section) {
      set({ section });
      if (section === 'monitor') void get().refreshProgress();
    },

    edit(patch) {
      const { form, campaign } = get();
      if (!form || !campaign || campaign.status !== 'draft') return;
      if (useSharedCampaignsStore.getState().isReadOnly(campaign.id)) return;
      const next = { ...form, ...patch };
      const fieldErrors = validate(campaign.id, campaign.revision, next);
      const invalid = Object.keys(fieldErrors).length > 0;
      set({ form: next, fieldErrors, saveState: invalid ? 'invalid' : 'pending', saveError: null });
      if (patch.audienceId !== undefined) void showSamplesOf(next);
      if (invalid) autosave.cancel();
      else autosave.schedule();
    },

    saveNow: () => autosave.flush(),

    async replan() {
      const campaign = get().campaign;
      if (campaign) await useCampaignPlanStore.getState().replan(campaign.id);
    },

    async launch({ skipUnscheduled }) {
      await get().saveNow();
      const campaign = get().campaign;
      if (!campaign) return false;
      const monitor = useCampaignMonitorStore.getState();
      const input: CallInput<'campaigns.launch'> = { id: campaign.id, revision: campaign.revision, ...(skipUnscheduled ? { skipUnscheduled: true } : {}) };
      const progress = await monitor.launch(input);
      if (progress === null) {
        void get().replan();
        return false;
      }
      set({ section: 'monitor' });
      try {
        const updated = await call('campaigns.get', { id: campaign.id });
        if (get().openId === updated.id) set({ campaign: updated, form: draftFieldsOf(updated) });
      } catch (failure) {
        monitor.showError(errorMessage(failure));
      }
      void loadList();
      return true;
    },

    async control(action) {
      const campaign = get().campaign;
      if (!campaign) return;
      followProgress(campaign.id, await useCampaignMonitorStore.getState().control(campaign.id, action));
      void loadList();
    },

    async refreshProgress() {
      const campaign = get().campaign;
      if (!campaign || campaign.status === 'draft') return;
      followProgress(campaign.id, await useCampaignMonitorStore.getState().refresh(campaign.id));
    },

    async syncStatuses() {
      if (await useCampaignMonitorStore.getState().syncStatuses()) await get().refreshProgress();
    },

    async remove(id) {
      try {
        await call('campaigns.delete', { id });
        if (get().openId === id) resetTo(null);
        await loadList();
      } catch (failure) {
        useCampaignListStore.getState().showError(errorMessage(failure));
      }
    },

    async refreshDraft() {
      const { openId, saveState } = get();
      if (openId === null || saveState !== 'saved') return;
      try {
        const campaign = await call('campaigns.get', { id: openId });
        if (get().openId !== openId || get().saveState !== 'saved' || campaign.revision === get().campaign?.revision) return;
        set({ campaign, form: draftFieldsOf(campaign), fieldErrors: {} });
        if (campaign.status === 'draft') void get().replan();
      } catch (failure) {
        useCampaignListStore.getState().showError(errorMessage(failure));
      }
    },

    onChanged(payload) {
      void loadList();
      // A sync names no campaign: whichever is open may have received a teammate's change.
      if (payload.campaignId === null || payload.campaignId === get().openId) void get().refreshDraft();
      const { openId, campaign } = get();
      if (payload.campaignId !== null && payload.campaignId === openId && campaign && campaign.status !== 'draft') void get().refreshProgress();
    },

    onProgress(payload) {
      if (payload.campaignId === get().openId) void get().refreshProgress();
      else void loadList();
    },

    onAudiencesChanged() {
      // The audiences store reloads its list on the same event; the preview and the plan follow.
      void showSamplesOf(get().form);
      if (get().campaign?.status === 'draft') void get().replan();
    },

    profileChanged() {
      // The event also fires for renames and key changes: leave the editor only when the open
      // campaign belongs to another profile than the active one. Its pending save was flushed
      // before the switch (see beforeProfileSwitch below); nothing left can reach its profile now.
      void (async () => {
        const campaigns = await loadList();
        void get().loadAudiences();
        const openId = get().openId;
        if (openId !== null && campaigns !== null && !campaigns.some((entry) => entry.id === openId)) resetTo(null);
      })();
    },
  };
});

// The core saves to the active profile: what was typed must reach the draft's own profile before the switch.
beforeProfileSwitch(() => useCampaignsStore.getState().saveNow());
