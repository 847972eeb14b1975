import { create } from 'zustand';
import type { SyncStatus } from '../../../shared/contract';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

interface SyncSlice {
  status: SyncStatus | null;
  requestError: string | null;
  setStatus(status: SyncStatus): void;
  load(): Promise<void>;
  syncNow(): Promise<void>;
}

export const useSyncStore = create<SyncSlice>((set) => ({
  status: null,
  requestError: null,
  setStatus: (status) => set({ status }),
  async load() {
    try {
      set({ status: await call('sync.status', {}), requestError: null });
    } catch (error) {
      set({ requestError: errorMessage(error) });
    }
  },
  async syncNow() {
    try {
      set({ status: await call('sync.now', {}), requestError: null });
    } catch (error) {
      set({ requestError: errorMessage(error) });
    }
  },
}));
