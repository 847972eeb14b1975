import { create } from 'zustand';
import type { CampaignConflict, ConflictChoice, SharedCampaignState } from '../../../shared/calls/workspace-campaigns';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { useCampaignListStore } from './campaign-list-store';

/**
 * How the active profile's campaigns stand in its team workspace: whose each one is, its shared
 * status and who launched it, and, for the open campaign, a conflict with both versions. Empty
 * without a workspace. Follows the campaign list: every time the list is read, so is this.
 */
interface SharedCampaignsSlice {
  byId: Record<string, SharedCampaignState>;
  /** The open campaign's conflict, while it has one. */
  conflict: CampaignConflict | null;
  conflictFor: string | null;
  resolving: boolean;
  resolveError: string | null;
  load(): Promise<void>;
  loadConflict(campaignId: string | null): Promise<void>;
  /** Settles the open campaign's conflict; true when the choice was taken. */
  resolve(campaignId: string, choice: ConflictChoice): Promise<boolean>;
  /** A campaign shown here but changed only by its own team, or already launched elsewhere. */
  isReadOnly(campaignId: string): boolean;
}

const LAUNCHED = new Set(['launching', 'launched', 'finished']);

export const useSharedCampaignsStore = create<SharedCampaignsSlice>((set, get) => {
  let latestLoad = 0;
  return {
    byId: {},
    conflict: null,
    conflictFor: null,
    resolving: false,
    resolveError: null,

    async load() {
      latestLoad += 1;
      const thisLoad = latestLoad;
      try {
        const states = await call('workspaceCampaigns.list', {});
        if (thisLoad === latestLoad) set({ byId: Object.fromEntries(states.map((state) => [state.campaignId, state])) });
      } catch {
        // The list itself says what went wrong; without shared states it shows local campaigns only.
        if (thisLoad === latestLoad) set({ byId: {} });
      }
      const open = get().conflictFor;
      if (open !== null) await get().loadConflict(open);
    },

    async loadConflict(campaignId) {
      if (campaignId === null) {
        set({ conflict: null, conflictFor: null, resolveError: null });
        return;
      }
      if (get().conflictFor !== campaignId) set({ conflict: null, conflictFor: campaignId, resolveError: null });
      try {
        const { conflict } = await call('workspaceCampaigns.get', { id: campaignId });
        if (get().conflictFor === campaignId) set({ conflict });
      } catch (failure) {
        if (get().conflictFor === campaignId) set({ resolveError: errorMessage(failure) });
      }
    },

    async resolve(campaignId, choice) {
      set({ resolving: true, resolveError: null });
      try {
        await call('workspaceCampaigns.resolve', { id: campaignId, choice });
        set({ conflict: null, resolving: false });
        await useCampaignListStore.getState().load();
        return true;
      } catch (failure) {
        set({ resolving: false, resolveError: errorMessage(failure) });
        return false;
      }
    },

    isReadOnly(campaignId) {
      const state = get().byId[campaignId];
      return state !== undefined && (state.readOnly || LAUNCHED.has(state.status));
    },
  };
});

// The list is read after every change, a sync's included (`campaigns.changed`): the shared states follow it.
useCampaignListStore.subscribe((state, previous) => {
  if (state.campaigns !== previous.campaigns) void useSharedCampaignsStore.getState().load();
});
