import { create } from 'zustand';
import type { AudienceTransfer, TeamAudienceView } from '../../../shared/calls/team-audiences';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

interface TeamAudiencesSlice {
  /** Whether the active profile has joined a team workspace (without one, nothing here shows). */
  joined: boolean;
  audiences: TeamAudienceView[];
  /** Transfers by workspace audience id: running ones, and the last one's end until the list is read again. */
  transfers: Record<string, AudienceTransfer>;
  error: string | null;
  load(): Promise<void>;
  share(audienceId: string): Promise<void>;
  download(workspaceAudienceId: string): Promise<void>;
  cancel(workspaceAudienceId: string): Promise<void>;
  onTransfer(transfer: AudienceTransfer): void;
  profileChanged(): void;
}

export const useTeamAudiencesStore = create<TeamAudiencesSlice>((set, get) => ({
  joined: false,
  audiences: [],
  transfers: {},
  error: null,

  async load() {
    try {
      const { joined, audiences } = await call('teamAudiences.list', {});
      const transfers = { ...get().transfers };
      for (const audience of audiences) if (audience.transfer) transfers[audience.workspaceAudienceId] = audience.transfer;
      set({ joined, audiences, transfers, error: null });
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },

  async share(audienceId) {
    try {
      get().onTransfer(await call('teamAudiences.share', { audienceId }));
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },

  async download(workspaceAudienceId) {
    try {
      get().onTransfer(await call('teamAudiences.download', { workspaceAudienceId }));
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },

  async cancel(workspaceAudienceId) {
    try {
      await call('teamAudiences.cancel', { workspaceAudienceId });
    } catch (failure) {
      set({ error: errorMessage(failure) });
    }
  },

  onTransfer(transfer) {
    const previous = get().transfers[transfer.workspaceAudienceId];
    // Events may arrive after the call's answer: a running transfer never goes back.
    if (previous && previous.state === 'running' && transfer.state === 'running' && transfer.rowsDone < previous.rowsDone) return;
    set({ transfers: { ...get().transfers, [transfer.workspaceAudienceId]: transfer }, error: null });
    if (transfer.state !== 'running') void get().load();
  },

  profileChanged() {
    set({ joined: false, audiences: [], transfers: {}, error: null });
    void get().load();
  },
}));
