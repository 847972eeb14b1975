import { create } from 'zustand';
import type { SpendOverview } from '../../../shared/calls/console-pages';
import type { SpendCampaignRow, SpendWaveRow } from '../../../shared/calls/spend';
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
  /** The profile whose figures are shown: another profile's never stay on screen. */
  profileId: string | null;
  /** A refresh asked for by the user is running (the button waits for it). */
  refreshing: boolean;
  preset: PeriodPreset;
  dates: PeriodDates;
  /** Totals, the top accounts and "others", the charts: the per-account rows come a window at a time. */
  summary: SpendOverview | null;
  /** Bumped with every overview read: the per-account table reads the rows in view again. */
  readCount: number;
  loading: boolean;
  error: string | null;
  drill: SpendDrill | null;
  setPreset(preset: PeriodPreset): void;
  setDates(dates: Partial<PeriodDates>): void;
  /** Reads the local store (and lets the core refresh it in the background). `quiet` keeps what is shown while it reads. */
  load(options?: { quiet?: boolean }): Promise<void>;
  /** Refreshes every account's figures from the API, within the request budget, then reads them. */
  refresh(): Promise<void>;
  /** The active profile changed: the previous profile's figures go at once. */
  showProfile(profileId: string | null): void;
  /** The core's store moved (a background refresh read more): read it again if it is this profile's. */
  onChanged(profileId: string): void;
  openAccount(sid: string, accountName: string): Promise<void>;
  openCampaign(campaignId: string | null, name: string): Promise<void>;
  closeCampaign(): void;
  closeAccount(): void;
}

/** Answers to an older request must not overwrite a newer one (period changed while loading). */
let generation = 0;

export const useSpendStore = create<SpendSlice>((set, get) => ({
  profileId: null,
  refreshing: false,
  preset: 'this-month',
  dates: presetDates('this-month'),
  summary: null,
  readCount: 0,
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
  async load({ quiet = false }: { quiet?: boolean } = {}) {
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
    set(quiet ? { error: null } : { loading: true, error: null, drill: null });
    try {
      const summary = await call('spend.overview', period);
      if (mine === generation) set({ summary, loading: false, readCount: get().readCount + 1 });
    } catch (error) {
      if (mine === generation) set({ error: errorMessage(error), loading: false });
    }
  },
  async refresh() {
    set({ refreshing: true, error: null });
    try {
      await call('spend.refresh', { wait: true });
      await get().load({ quiet: true });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ refreshing: false });
    }
  },
  showProfile(profileId) {
    if (profileId === get().profileId) return;
    generation += 1;
    set({ profileId, summary: null, drill: null, error: null, loading: false, refreshing: false });
  },
  onChanged(profileId) {
    const { profileId: shown, summary, loading } = get();
    if (profileId === shown && summary && !loading) void get().load({ quiet: true });
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
