import { create } from 'zustand';
import type { CallInput, ProfileView } from '../../../shared/contract';
import { finishBeforeProfileSwitch } from '../../lib/before-profile-switch';
import { call } from '../../lib/desk';
import { errorMessage, fieldOfError } from '../../lib/error-message';

export interface FieldError {
  field: string | null;
  message: string;
}

interface ProfilesSlice {
  profiles: ProfileView[];
  error: string | null;
  switching: boolean;
  load(): Promise<void>;
  activate(profileId: string): Promise<void>;
  /** Resolves to null on success, or the error with the field it concerns. */
  add(input: CallInput<'profiles.add'>): Promise<FieldError | null>;
  replaceKey(profileId: string, apiKey: string): Promise<FieldError | null>;
  remove(profileId: string): Promise<FieldError | null>;
  /** Sandbox profiles: serve only what Kaleyra documents, or everything the sandbox offers. */
  setDocumentedOnly(profileId: string, documentedOnly: boolean): Promise<FieldError | null>;
}

const asFieldError = (error: unknown): FieldError => ({
  field: fieldOfError(error),
  message: errorMessage(error),
});

export const useProfilesStore = create<ProfilesSlice>((set, get) => ({
  profiles: [],
  error: null,
  switching: false,
  async load() {
    try {
      set({ profiles: await call('profiles.list', {}), error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
  async activate(profileId) {
    set({ switching: true });
    try {
      await finishBeforeProfileSwitch();
      await call('profiles.activate', { profileId });
      await get().load();
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ switching: false });
    }
  },
  async add(input) {
    try {
      await call('profiles.add', input);
      await get().load();
      return null;
    } catch (error) {
      return asFieldError(error);
    }
  },
  async setDocumentedOnly(profileId, documentedOnly) {
    try {
      await call('profiles.setDocumentedOnly', { profileId, documentedOnly });
      await get().load();
      return null;
    } catch (error) {
      return asFieldError(error);
    }
  },
  async replaceKey(profileId, apiKey) {
    try {
      await call('profiles.replaceKey', { profileId, apiKey });
      return null;
    } catch (error) {
      return asFieldError(error);
    }
  },
  async remove(profileId) {
    try {
      // Removing the active profile makes another one active.
      if (get().profiles.some((profile) => profile.id === profileId && profile.isActive)) await finishBeforeProfileSwitch();
      await call('profiles.remove', { profileId });
      await get().load();
      return null;
    } catch (error) {
      return asFieldError(error);
    }
  },
}));
