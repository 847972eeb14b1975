import { create } from 'zustand';
import type { DltCheckReport } from '../../../shared/dlt/compliance';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

interface DltCheckSlice {
  /** The core's check of the whole audience, for the draft at `revision`. */
  report: DltCheckReport | null;
  campaignId: string | null;
  revision: number | null;
  checking: boolean;
  error: string | null;
  /** Checks the saved draft again (the core renders every recipient); a newer request wins. */
  refresh(campaignId: string, revision: number): Promise<void>;
  clear(): void;
}

let latest = 0;

/** The message step's live DLT check and the launch confirmation read the same report. */
export const useDltCheckStore = create<DltCheckSlice>((set, get) => ({
  report: null,
  campaignId: null,
  revision: null,
  checking: false,
  error: null,
  async refresh(campaignId, revision) {
    const state = get();
    if (state.campaignId === campaignId && state.revision === revision && (state.report !== null || state.checking)) return;
    const ticket = ++latest;
    set({ campaignId, revision, checking: true, error: null, ...(state.campaignId === campaignId ? {} : { report: null }) });
    try {
      const report = await call('campaigns.dltCheck', { id: campaignId });
      if (ticket === latest) set({ report, checking: false });
    } catch (failure) {
      if (ticket === latest) set({ error: errorMessage(failure), checking: false });
    }
  },
  clear() {
    latest++;
    set({ report: null, campaignId: null, revision: null, checking: false, error: null });
  },
}));
