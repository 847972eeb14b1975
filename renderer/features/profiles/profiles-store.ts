import { create } from 'zustand';
import type { ProfileView } from '../../../shared/contract';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

interface ProfilesSlice {
  profiles: ProfileView[];
  error: string | null;
  load(): Promise<void>;
}

export const useProfilesStore = create<ProfilesSlice>((set) => ({
  profiles: [],
  error: null,
  async load() {
    try {
      set({ profiles: await call('profiles.list', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
