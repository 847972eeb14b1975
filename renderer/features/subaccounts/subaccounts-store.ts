import { create } from 'zustand';
import type { SubaccountView } from '../../../shared/contract';
import type { SubaccountStatus } from '../../../shared/kaleyra/subaccount';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

/** Typing waits this long before the local store is asked: one query per pause, not per key. */
export const SEARCH_DELAY_MS = 250;

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
let searchTimer: ReturnType<typeof setTimeout> | null = null;

export const useSubaccountsStore = create<SubaccountsSlice>((set, get) => ({
  rows: [],
  loaded: false,
  error: null,
  search: '',
  status: 'all',
  setSearch(search) {
    set({ search });
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      searchTimer = null;
      void get().load();
    }, SEARCH_DELAY_MS);
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
      if (request === latestRequest) set({ rows: keepUnchanged(get().rows, rows), loaded: true, error: null });
    } catch (error) {
      if (request === latestRequest) set({ loaded: true, error: errorMessage(error) });
    }
  },
}));

/** Rows that did not change keep their object, so only the rows that did are drawn again. */
function keepUnchanged(before: readonly SubaccountView[], after: SubaccountView[]): SubaccountView[] {
  if (before.length === 0) return after;
  const known = new Map(before.map((row) => [row.sid, row]));
  return after.map((row) => {
    const old = known.get(row.sid);
    return old && sameRow(old, row) ? old : row;
  });
}

function sameRow(a: SubaccountView, b: SubaccountView): boolean {
  return (Object.keys(b) as Array<keyof SubaccountView>).every((key) => {
    if (key === 'syncedAt') return true;
    if (key === 'channels') return a.channels.join(',') === b.channels.join(',');
    return a[key] === b[key];
  });
}
