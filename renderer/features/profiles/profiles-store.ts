import { create } from 'zustand';
import type { CallInput, ProfileView } from '../../../shared/contract';
import { finishBeforeProfileSwitch } from '../../lib/before-profile-switch';
import { call } from '../../lib/desk';
import { errorMessage, fieldFailureOf, stateFromRead, type FieldFailure } from '../../lib/error-message';

export type FieldError = FieldFailure;

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

/** Runs a profile change: null when it went through, else the refusal with the field it concerns. */
async function refusalOf(change: () => Promise<void>): Promise<FieldError | null> {
  try {
    await change();
    return null;
  } catch (error) {
    return fieldFailureOf(error);
  }
}

export const useProfilesStore = create<ProfilesSlice>((set, get) => ({
  profiles: [],
  error: null,
  switching: false,
  load: async () =>
    set(
      await stateFromRead(
        call('profiles.list', {}),
        (profiles) => ({ profiles, error: null }),
        (error) => ({ error }),
      ),
    ),
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
  add(input) {
    return refusalOf(async () => {
      await call('profiles.add', input);
      await get().load();
    });
  },
  setDocumentedOnly(profileId, documentedOnly) {
    return refusalOf(async () => {
      await call('profiles.setDocumentedOnly', { profileId, documentedOnly });
      await get().load();
    });
  },
  replaceKey(profileId, apiKey) {
    return refusalOf(async () => {
      await call('profiles.replaceKey', { profileId, apiKey });
    });
  },
  remove(profileId) {
    return refusalOf(async () => {
      // Removing the active profile makes another one active.
      if (get().profiles.some((profile) => profile.id === profileId && profile.isActive)) await finishBeforeProfileSwitch();
      await call('profiles.remove', { profileId });
      await get().load();
    });
  },
}));
