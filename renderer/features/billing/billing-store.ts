import { create } from 'zustand';
import type { BillingView } from '../../../shared/calls/billing';
import { call } from '../../lib/desk';

interface BillingSlice {
  summary: BillingView | null;
  load(): Promise<void>;
}

export const useBillingStore = create<BillingSlice>((set) => ({
  summary: null,
  async load() {
    try {
      set({ summary: await call('billing.summary', {}) });
    } catch {
      // No active profile yet, or nothing pulled: the badge simply stays empty.
      set({ summary: null });
    }
  },
}));
