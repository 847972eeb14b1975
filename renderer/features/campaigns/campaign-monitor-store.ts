import { create } from 'zustand';
import type { CampaignProgress } from '../../../shared/calls/campaigns';
import type { CallInput } from '../../../shared/contract';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { saveTextFile } from '../../lib/save-file';

export type CampaignControl = 'pause' | 'resume' | 'cancel';

interface MonitorState {
  /** The campaign this progress belongs to; an answer for any other is dropped. */
  campaignId: string | null;
  progress: CampaignProgress | null;
  /** A launch, pause, resume, cancel, status pull or export is under way. */
  busy: boolean;
  actionError: string | null;
}

/**
 * Progress of a launched campaign and the actions on it. Each action resolves to the new progress
 * (null when it failed, with `actionError` set) so the editor can follow the campaign's status.
 */
interface MonitorSlice extends MonitorState {
  launch(input: CallInput<'campaigns.launch'>): Promise<CampaignProgress | null>;
  control(campaignId: string, action: CampaignControl): Promise<CampaignProgress | null>;
  refresh(campaignId: string): Promise<CampaignProgress | null>;
  /** Pulls delivery statuses from the API; resolves to whether the pull succeeded. */
  syncStatuses(): Promise<boolean>;
  /** Downloads one CSV line per recipient of the campaign. */
  exportResults(campaignId: string): Promise<void>;
  reset(campaignId: string | null): void;
  showError(message: string): void;
}

export const emptyMonitor = (campaignId: string | null = null): MonitorState => ({ campaignId, progress: null, busy: false, actionError: null });

export const useCampaignMonitorStore = create<MonitorSlice>((set, get) => {
  /** Runs one action with the busy flag; a failure becomes `actionError`. */
  async function busyWith<T>(work: () => Promise<T>): Promise<T | null> {
    set({ busy: true, actionError: null });
    try {
      const result = await work();
      set({ busy: false });
      return result;
    } catch (failure) {
      set({ busy: false, actionError: errorMessage(failure) });
      return null;
    }
  }

  /** Shows the progress when it is the open campaign's; the caller gets it either way. */
  const showIfCurrent = (campaignId: string, progress: CampaignProgress | null) => {
    if (progress !== null && get().campaignId === campaignId) set({ progress });
    return progress;
  };

  return {
    ...emptyMonitor(),

    async launch(input) {
      return showIfCurrent(input.id, await busyWith(() => call('campaigns.launch', input)));
    },

    async control(campaignId, action) {
      return showIfCurrent(campaignId, await busyWith(() => call(`campaigns.${action}`, { id: campaignId })));
    },

    async refresh(campaignId) {
      try {
        return showIfCurrent(campaignId, await call('campaigns.progress', { id: campaignId }));
      } catch (failure) {
        set({ actionError: errorMessage(failure) });
        return null;
      }
    },

    async syncStatuses() {
      return (await busyWith(() => call('campaigns.syncStatuses', {}))) !== null;
    },

    async exportResults(campaignId) {
      const file = await busyWith(() => call('campaigns.exportResults', { id: campaignId }));
      if (file) saveTextFile(file.fileName, file.csv);
    },

    reset(campaignId) {
      set(emptyMonitor(campaignId));
    },

    showError(message) {
      set({ actionError: message });
    },
  };
});
