import { create } from 'zustand';
import type { SpendCampaignRow, SpendSummary, SpendWaveRow } from '../../../shared/calls/spend';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { periodInput, presetDates, type PeriodDates, type PeriodPreset } from './spend-period';

/** Where the drill-down stands: an account's campaigns, then one campaign's waves. */
export interface SpendDrill {
  sid: string;
  accountName: string;
  campaigns: SpendCampaignRow[] | null;
  campaign: { campaignId: string | null; name: string; waves: SpendWaveRow[] | null } | null;
  error: string | null;
}

interface SpendSlice {
  preset: PeriodPreset;
  dates: PeriodDates;
  summary: SpendSummary | null;
  loading: boolean;
  error: string | null;
  drill: SpendDrill | null;
  setPreset(preset: PeriodPreset): void;
  setDates(dates: Partial<PeriodDates>): void;
  load(): Promise<void>;
  openAccount(sid: string, accountName: string): Promise<void>;
  openCampaign(campaignId: string | null, name: string): Promise<void>;
  closeCampaign(): void;
  closeAccount(): void;
}

/** Answers to an older request must not overwrite a newer one (period changed while loading). */
let generation = 0;

export const useSpendStore = create<SpendSlice>((set, get) => ({
  preset: 'this-month',
  dates: presetDates('this-month'),
  summary: null,
  loading: false,
  error: null,
  drill: null,
  setPreset(preset) {
    set(preset === 'custom' ? { preset } : { preset, dates: presetDates(preset) });
    if (preset !== 'custom') void get().load();
  },
  setDates(dates) {
    set({ preset: 'custom', dates: { ...get().dates, ...dates } });
    void get().load();
  },
  async load() {
    // A preset is re-read from today's date in the user's zone at every load: a screen left open
    // over midnight on the 1st must not keep showing last month as "This month".
    const preset = get().preset;
    if (preset !== 'custom') set({ dates: presetDates(preset) });
    const period = periodInput(get().dates);
    if (!period) {
      set({ error: 'Choose a period whose last day is on or after its first day.' });
      return;
    }
    const mine = ++generation;
    set({ loading: true, error: null, drill: null });
    try {
      const summary = await call('spend.summary', period);
      if (mine === generation) set({ summary, loading: false });
    } catch (error) {
      if (mine === generation) set({ error: errorMessage(error), loading: false });
    }
  },
  async openAccount(sid, accountName) {
    const period = periodInput(get().dates);
    if (!period) return;
    set({ drill: { sid, accountName, campaigns: null, campaign: null, error: null } });
    try {
      const campaigns = await call('spend.campaigns', { sid, period });
      if (get().drill?.sid === sid) set({ drill: { sid, accountName, campaigns, campaign: null, error: null } });
    } catch (error) {
      if (get().drill?.sid === sid) set({ drill: { sid, accountName, campaigns: [], campaign: null, error: errorMessage(error) } });
    }
  },
  async openCampaign(campaignId, name) {
    const drill = get().drill;
    const period = periodInput(get().dates);
    if (!drill || !period) return;
    set({ drill: { ...drill, campaign: { campaignId, name, waves: null }, error: null } });
    try {
      const waves = await call('spend.waves', { sid: drill.sid, campaignId, period });
      const now = get().drill;
      if (now?.campaign?.campaignId === campaignId) set({ drill: { ...now, campaign: { campaignId, name, waves } } });
    } catch (error) {
      const now = get().drill;
      if (now) set({ drill: { ...now, campaign: { campaignId, name, waves: [] }, error: errorMessage(error) } });
    }
  },
  closeCampaign() {
    const drill = get().drill;
    if (drill) set({ drill: { ...drill, campaign: null, error: null } });
  },
  closeAccount() {
    set({ drill: null });
  },
}));
