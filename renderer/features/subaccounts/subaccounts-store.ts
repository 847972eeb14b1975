import { create } from 'zustand';
import type { SubaccountView } from '../../../shared/contract';
import type { SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

interface SubaccountsSlice {
  rows: SubaccountView[];
  loaded: boolean;
  error: string | null;
  search: string;
  status: SubaccountStatus | 'all';
  setSearch(search: string): void;
  setStatus(status: SubaccountStatus | 'all'): void;
  load(): Promise<void>;
}

let latestRequest = 0;

export const useSubaccountsStore = create<SubaccountsSlice>((set, get) => ({
  rows: [],
  loaded: false,
  error: null,
  search: '',
  status: 'all',
  setSearch(search) {
    set({ search });
    void get().load();
  },
  setStatus(status) {
    set({ status });
    void get().load();
  },
  async load() {
    const request = ++latestRequest;
    const { search, status } = get();
    try {
      const rows = await call('subaccounts.list', { search: search || undefined, status: status === 'all' ? undefined : status });
      // A slower, older answer must not overwrite what the user typed since.
      if (request === latestRequest) set({ rows, loaded: true, error: null });
    } catch (error) {
      if (request === latestRequest) set({ loaded: true, error: errorMessage(error) });
    }
  },
}));
