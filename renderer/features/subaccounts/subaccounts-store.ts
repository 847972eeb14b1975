import { create } from 'zustand';
import type { SubaccountSortColumn } from '../../../shared/calls/console-pages';
import type { SubaccountStatus } from '../../../shared/kaleyra/subaccount';

/** Typing waits this long before the local store is asked: one query per pause, not per key. */
export const SEARCH_DELAY_MS = 250;

export interface SubaccountSort {
  column: SubaccountSortColumn;
  direction: 'asc' | 'desc';
}

/**
 * Which accounts a bulk action takes: some chosen one by one, or every account matching the
 * filters in force (less the ones unticked), which the core resolves from its own store.
 */
export type SubaccountSelection = { all: false; sids: ReadonlySet<string> } | { all: true; except: ReadonlySet<string> };

export const NOTHING_SELECTED: SubaccountSelection = { all: false, sids: new Set() };

interface SubaccountsSlice {
  /** What is typed in the search box; `search` follows it after a pause. */
  typed: string;
  search: string;
  status: SubaccountStatus | 'all';
  sort: SubaccountSort;
  selection: SubaccountSelection;
  /** Bumped when the accounts changed (a sync, an action): the rows in view are read again. */
  refreshKey: number;
  /** The screen has been shown (its rows are worth reading again when events resume). */
  loaded: boolean;
  setSearch(typed: string): void;
  setStatus(status: SubaccountStatus | 'all'): void;
  setSort(sort: SubaccountSort): void;
  setSelection(selection: SubaccountSelection): void;
  load(): Promise<void>;
}

let searchTimer: ReturnType<typeof setTimeout> | null = null;

export const useSubaccountsStore = create<SubaccountsSlice>((set, get) => ({
  typed: '',
  search: '',
  status: 'all',
  sort: { column: 'name', direction: 'asc' },
  selection: NOTHING_SELECTED,
  refreshKey: 0,
  loaded: false,
  setSearch(typed) {
    set({ typed });
    if (searchTimer) clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      searchTimer = null;
      // "All matching" meant the old search: a new one starts with nothing chosen.
      if (get().search !== typed.trim()) set({ search: typed.trim(), selection: NOTHING_SELECTED });
    }, SEARCH_DELAY_MS);
  },
  setStatus(status) {
    set({ status, selection: NOTHING_SELECTED });
  },
  setSort(sort) {
    set({ sort });
  },
  setSelection(selection) {
    set({ selection });
  },
  load() {
    set({ refreshKey: get().refreshKey + 1, loaded: true });
    return Promise.resolve();
  },
}));

export function isSelected(selection: SubaccountSelection, sid: string): boolean {
  return selection.all ? !selection.except.has(sid) : selection.sids.has(sid);
}

export function selectedCount(selection: SubaccountSelection, selectable: number): number {
  return selection.all ? Math.max(0, selectable - selection.except.size) : selection.sids.size;
}
