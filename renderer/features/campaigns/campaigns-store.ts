import { create } from 'zustand';
import type { AudienceView, RecipientView } from '../../../shared/calls/audiences';
import type { CampaignPlan, CampaignProgress, CampaignSummary, CampaignView } from '../../../shared/calls/campaigns';
import { calls, type CallInput, type EventPayload } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import { beforeProfileSwitch } from '../../lib/before-profile-switch';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { saveTextFile } from '../../lib/save-file';
import { openingStep, type SectionId } from './campaign-steps';

/** The fields a person edits; everything else on a campaign belongs to the main side. */
export type DraftForm = Pick<
  CampaignView,
  | 'name'
  | 'audienceId'
  | 'senderId'
  | 'routeType'
  | 'schedule'
  | 'whenPassed'
  | 'windowEnd'
  | 'quietHours'
  | 'fallbackZone'
  | 'budgetMinor'
  | 'variants'
  | 'throttlePerMinute'
  | 'frequencyCapHours'
  | 'noPriceChoices'
>;


export type { SectionId };
export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'error';

export interface PlanProblem {
  message: string;
  field: string | null;
}

const SAVE_DELAY_MS = 400;
const SAMPLE_RECIPIENTS = 50;

interface CampaignsSlice {
  campaigns: CampaignSummary[];
  loaded: boolean;
  listError: string | null;
  audiences: AudienceView[];
  openId: string | null;
  campaign: CampaignView | null;
  form: DraftForm | null;
  section: SectionId;
  saveState: SaveState;
  saveError: string | null;
  /** Errors by field path ("name", "variants.1.language", "schedule"). */
  fieldErrors: Record<string, string>;
  plan: CampaignPlan | null;
  /** The plan before the current one (same campaign), for "What changed". */
  previousPlan: CampaignPlan | null;
  planProblem: PlanProblem | null;
  planning: boolean;
  progress: CampaignProgress | null;
  actionError: string | null;
  busy: boolean;
  sampleRecipients: RecipientView[];
  load(): Promise<void>;
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
  launch(skipUnscheduled: boolean): Promise<boolean>;
  control(action: 'pause' | 'resume' | 'cancel'): Promise<void>;
  refreshProgress(): Promise<void>;
  syncStatuses(): Promise<void>;
  /** Downloads one CSV line per recipient of the open campaign. */
  exportResults(): Promise<void>;
  remove(id: string): Promise<void>;
  onChanged(payload: EventPayload<'campaigns.changed'>): void;
  onProgress(payload: EventPayload<'campaigns.progress'>): void;
  onAudiencesChanged(): void;
  profileChanged(): void;
}

let saveTimer: ReturnType<typeof setTimeout> | null = null;
let saving: Promise<void> | null = null;

function formOf(campaign: CampaignView): DraftForm {
  const { name, audienceId, senderId, routeType, schedule, whenPassed, windowEnd, quietHours, fallbackZone, budgetMinor, variants, throttlePerMinute, frequencyCapHours, noPriceChoices } =
    campaign;
  return { name, audienceId, senderId, routeType, schedule, whenPassed, windowEnd, quietHours, fallbackZone, budgetMinor, variants, throttlePerMinute, frequencyCapHours, noPriceChoices };
}

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

const fieldOf = (failure: unknown): string | null => (failure instanceof DeskError ? (failure.details.field ?? null) : null);

export const useCampaignsStore = create<CampaignsSlice>((set, get) => ({
  campaigns: [],
  loaded: false,
  listError: null,
  audiences: [],
  openId: null,
  campaign: null,
  form: null,
  section: 'message',
  saveState: 'saved',
  saveError: null,
  fieldErrors: {},
  plan: null,
  previousPlan: null,
  planProblem: null,
  planning: false,
  progress: null,
  actionError: null,
  busy: false,
  sampleRecipients: [],

  async load() {
    try {
      set({ campaigns: await call('campaigns.list', {}), loaded: true, listError: null });
    } catch (failure) {
      set({ loaded: true, listError: errorMessage(failure) });
    }
  },

  async loadAudiences() {
    try {
      set({ audiences: await call('audiences.list', {}) });
    } catch {
      // The picker says there are none; the audiences screen shows the reason.
      set({ audiences: [] });
    }
    void loadSampleRecipients();
  },

  async create(name) {
    try {
      const campaign = await call('campaigns.create', { name, quietHours: { mode: 'presets' }, routeType: 'promotional' });
      await get().load();
      await get().open(campaign.id, { isNew: true });
      return null;
    } catch (failure) {
      return errorMessage(failure);
    }
  },

  async duplicate(id) {
    try {
      const source = await call('campaigns.get', { id });
      const copy = await call('campaigns.create', { ...formOf(source), name: `${source.name} (copy)`.slice(0, 120) });
      await get().load();
      await get().open(copy.id, { isNew: true });
    } catch (failure) {
      set({ listError: errorMessage(failure) });
    }
  },

  async open(id, options) {
    clearSaveTimer();
    set({ openId: id, campaign: null, form: null, plan: null, previousPlan: null, planProblem: null, progress: null, actionError: null, fieldErrors: {}, saveState: 'saved', saveError: null });
    try {
      const campaign = await call('campaigns.get', { id });
      if (get().openId !== id) return;
      set({ campaign, form: formOf(campaign), section: openingStep(campaign, options?.isNew === true) });
      void get().loadAudiences();
      if (campaign.status === 'draft') void get().replan();
      else void get().refreshProgress();
    } catch (failure) {
      set({ openId: null, listError: errorMessage(failure) });
    }
  },

  async close() {
    // Flush what was typed in the last moments before leaving the editor.
    await get().saveNow();
    set({ openId: null, campaign: null, form: null, plan: null, previousPlan: null, planProblem: null, progress: null, saveState: 'saved', fieldErrors: {} });
    void get().load();
  },

  showSection(section) {
    set({ section });
    if (section === 'monitor') void get().refreshProgress();
  },

  edit(patch) {
    const { form, campaign } = get();
    if (!form || !campaign || campaign.status !== 'draft') return;
    const next = { ...form, ...patch };
    const fieldErrors = validate(campaign.id, campaign.revision, next);
    const invalid = Object.keys(fieldErrors).length > 0;
    set({ form: next, fieldErrors, saveState: invalid ? 'invalid' : 'pending', saveError: null });
    if (patch.audienceId !== undefined) void loadSampleRecipients();
    clearSaveTimer();
    if (!invalid) saveTimer = setTimeout(() => void get().saveNow(), SAVE_DELAY_MS);
  },

  async saveNow() {
    clearSaveTimer();
    if (saving) await saving;
    const { form, campaign, saveState } = get();
    if (!form || !campaign || saveState !== 'pending') return;
    set({ saveState: 'saving' });
    const sent = form;
    saving = (async () => {
      try {
        const updated = await call('campaigns.update', { id: campaign.id, revision: campaign.revision, ...sent });
        if (get().openId !== updated.id) return;
        // Keep whatever was typed meanwhile; it is saved by the next round.
        const changedMeanwhile = get().form !== sent;
        set({ campaign: updated, saveState: changedMeanwhile ? 'pending' : 'saved' });
        if (changedMeanwhile) saveTimer = setTimeout(() => void get().saveNow(), SAVE_DELAY_MS);
        void get().replan();
        void get().load();
      } catch (failure) {
        const field = fieldOf(failure);
        set({ saveState: 'error', saveError: errorMessage(failure), fieldErrors: field ? { ...get().fieldErrors, [field]: errorMessage(failure) } : get().fieldErrors });
      }
    })();
    await saving;
    saving = null;
  },

  async replan() {
    const campaign = get().campaign;
    if (!campaign) return;
    set({ planning: true });
    try {
      const plan = await call('campaigns.plan', { id: campaign.id });
      if (get().openId !== campaign.id) return;
      // The last plan shown (even before a failed replan) is what "What changed" compares with.
      const last = get().plan ?? get().previousPlan;
      set({ plan, previousPlan: last && last.campaignId === plan.campaignId ? last : null, planProblem: null, planning: false });
    } catch (failure) {
      if (get().openId === campaign.id) set({ plan: null, planProblem: { message: errorMessage(failure), field: fieldOf(failure) }, planning: false });
    }
  },

  async launch(skipUnscheduled) {
    await get().saveNow();
    const campaign = get().campaign;
    if (!campaign) return false;
    set({ busy: true, actionError: null });
    try {
      const input: CallInput<'campaigns.launch'> = { id: campaign.id, revision: campaign.revision, ...(skipUnscheduled ? { skipUnscheduled: true } : {}) };
      const progress = await call('campaigns.launch', input);
      set({ progress, busy: false, section: 'monitor' });
      const updated = await call('campaigns.get', { id: campaign.id });
      set({ campaign: updated, form: formOf(updated) });
      void get().load();
      return true;
    } catch (failure) {
      set({ busy: false, actionError: errorMessage(failure) });
      void get().replan();
      return false;
    }
  },

  async control(action) {
    const campaign = get().campaign;
    if (!campaign) return;
    set({ busy: true, actionError: null });
    try {
      const progress = await call(`campaigns.${action}`, { id: campaign.id });
      set({ progress, busy: false, campaign: { ...campaign, status: progress.status, blockedReason: progress.blockedReason } });
      void get().load();
    } catch (failure) {
      set({ busy: false, actionError: errorMessage(failure) });
    }
  },

  async refreshProgress() {
    const campaign = get().campaign;
    if (!campaign || campaign.status === 'draft') return;
    try {
      const progress = await call('campaigns.progress', { id: campaign.id });
      if (get().openId !== campaign.id) return;
      set({ progress, campaign: { ...campaign, status: progress.status, blockedReason: progress.blockedReason } });
    } catch (failure) {
      set({ actionError: errorMessage(failure) });
    }
  },

  async syncStatuses() {
    set({ busy: true, actionError: null });
    try {
      await call('campaigns.syncStatuses', {});
      set({ busy: false });
      await get().refreshProgress();
    } catch (failure) {
      set({ busy: false, actionError: errorMessage(failure) });
    }
  },

  async exportResults() {
    const campaign = get().campaign;
    if (!campaign) return;
    set({ busy: true, actionError: null });
    try {
      const { fileName, csv } = await call('campaigns.exportResults', { id: campaign.id });
      set({ busy: false });
      saveTextFile(fileName, csv);
    } catch (failure) {
      set({ busy: false, actionError: errorMessage(failure) });
    }
  },

  async remove(id) {
    try {
      await call('campaigns.delete', { id });
      if (get().openId === id) set({ openId: null, campaign: null, form: null, plan: null, previousPlan: null });
      await get().load();
    } catch (failure) {
      set({ listError: errorMessage(failure) });
    }
  },

  onChanged(payload) {
    void get().load();
    const { openId, campaign } = get();
    if (payload.campaignId !== null && payload.campaignId === openId && campaign && campaign.status !== 'draft') void get().refreshProgress();
  },

  onProgress(payload) {
    if (payload.campaignId === get().openId) void get().refreshProgress();
    else void get().load();
  },

  onAudiencesChanged() {
    void get().loadAudiences();
    if (get().campaign?.status === 'draft') void get().replan();
  },

  profileChanged() {
    // The event also fires for renames and key changes: leave the editor only when the open
    // campaign belongs to another profile than the active one.
    void (async () => {
      await get().load();
      void get().loadAudiences();
      const { openId, campaigns } = get();
      if (openId !== null && !campaigns.some((entry) => entry.id === openId)) {
        clearSaveTimer();
        set({ openId: null, campaign: null, form: null, plan: null, previousPlan: null, progress: null });
      }
    })();
  },
}));

// The core saves to the active profile: what was typed must reach the draft's own profile before the switch.
beforeProfileSwitch(() => useCampaignsStore.getState().saveNow());

function clearSaveTimer(): void {
  if (saveTimer !== null) clearTimeout(saveTimer);
  saveTimer = null;
}

/** A few recipients of the chosen audience for the phone preview and the segment spread. */
async function loadSampleRecipients(): Promise<void> {
  const audienceId = useCampaignsStore.getState().form?.audienceId ?? null;
  if (audienceId === null) {
    useCampaignsStore.setState({ sampleRecipients: [] });
    return;
  }
  try {
    const { recipients } = await call('audiences.recipients', { audienceId, afterRow: 0, offset: 0, limit: SAMPLE_RECIPIENTS, withTotal: false });
    if (useCampaignsStore.getState().form?.audienceId === audienceId) useCampaignsStore.setState({ sampleRecipients: recipients });
  } catch {
    useCampaignsStore.setState({ sampleRecipients: [] });
  }
}
