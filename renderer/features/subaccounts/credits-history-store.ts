import { DateTime } from 'luxon';
import { create } from 'zustand';
import type { CreditHistoryEntry } from '../../../shared/calls/subaccounts';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

/** Kaleyra's own credits history opens on the last 30 days. */
const DEFAULT_DAYS = 30;

export interface CreditsHistoryFilter {
  /** Calendar dates in this computer's zone, both inclusive ("2025-03-01"). */
  fromDate: string;
  toDate: string;
  sid: string;
}

interface CreditsHistorySlice {
  filter: CreditsHistoryFilter;
  entries: CreditHistoryEntry[];
  truncated: boolean;
  loaded: boolean;
  error: string | null;
  setFilter(patch: Partial<CreditsHistoryFilter>): void;
  load(): Promise<void>;
  /** After a change elsewhere: only a history someone has opened is fetched again. */
  reloadIfShown(): void;
}

export function defaultFilter(now = DateTime.local()): CreditsHistoryFilter {
  return { fromDate: now.minus({ days: DEFAULT_DAYS - 1 }).toISODate() ?? '', toDate: now.toISODate() ?? '', sid: '' };
}

/** Local calendar days → the UTC instants the call takes (`to` is the start of the day after). */
export function instantsOf(filter: CreditsHistoryFilter): { from?: string; to?: string } {
  const day = (text: string) => (text ? DateTime.fromISO(text, { zone: 'local' }) : null);
  const from = day(filter.fromDate);
  const to = day(filter.toDate);
  return {
    ...(from?.isValid ? { from: from.startOf('day').toUTC().toISO() ?? undefined } : {}),
    ...(to?.isValid ? { to: to.plus({ days: 1 }).startOf('day').toUTC().toISO() ?? undefined } : {}),
  };
}

let latestRequest = 0;

export const useCreditsHistoryStore = create<CreditsHistorySlice>((set, get) => ({
  filter: defaultFilter(),
  entries: [],
  truncated: false,
  loaded: false,
  error: null,
  setFilter(patch) {
    set({ filter: { ...get().filter, ...patch } });
    void get().load();
  },
  reloadIfShown() {
    if (get().loaded) void get().load();
  },
  async load() {
    const request = ++latestRequest;
    const { filter } = get();
    try {
      const answer = await call('subaccounts.creditHistory', { ...instantsOf(filter), ...(filter.sid ? { sid: filter.sid } : {}) });
      if (request === latestRequest) set({ entries: answer.entries, truncated: answer.truncated, loaded: true, error: null });
    } catch (error) {
      if (request === latestRequest) set({ loaded: true, error: errorMessage(error) });
    }
  },
}));
