import type { ProfileView } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileRecord, ProfilesRepository } from '../store/profiles-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { KaleyraClient } from '../kaleyra/client';
import { isoAt, type Clock } from '../time';

const ACTIVE_PROFILE_KEY = 'activeProfileId';
export const SANDBOX_PROFILE_ID = 'sandbox';

export interface SandboxAccount {
  url: string;
  sid: string;
  apiKey: string;
  name: string;
}

export class ProfilesService {
  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly settings: SettingsRepository,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  list(): ProfileView[] {
    const activeId = this.active()?.id;
    return this.profiles.list().map((p) => toView(p, p.id === activeId));
  }

  active(): ProfileRecord | null {
    const id = this.settings.get(ACTIVE_PROFILE_KEY);
    return (id && this.profiles.get(id)) || null;
  }

  activate(profileId: string): ProfileRecord {
    const profile = this.profiles.get(profileId);
    if (!profile) throw new DeskError('PROFILE_NOT_FOUND', 'That profile no longer exists on this desktop.', { field: 'profileId' });
    this.settings.set(ACTIVE_PROFILE_KEY, profile.id);
    return profile;
  }

  view(profile: ProfileRecord): ProfileView {
    return toView(profile, profile.id === this.active()?.id);
  }

  /**
   * The embedded sandbox's port changes every launch, so its profile is refreshed on each start;
   * the SID and key stay the same because the sandbox keeps its own data file.
   */
  async ensureSandboxProfile(account: SandboxAccount): Promise<ProfileRecord> {
    const existing = this.profiles.get(SANDBOX_PROFILE_ID);
    const profile: ProfileRecord = {
      id: SANDBOX_PROFILE_ID,
      displayName: `Sandbox · ${account.name}`,
      kind: 'sandbox',
      baseUrl: account.url,
      sid: account.sid,
      role: 'parent',
      createdAt: existing?.createdAt ?? isoAt(this.clock()),
    };
    this.profiles.save(profile);
    await this.secrets.put(profile.id, account.apiKey);
    if (!this.active()) this.settings.set(ACTIVE_PROFILE_KEY, profile.id);
    return profile;
  }

  async clientFor(profile: ProfileRecord): Promise<KaleyraClient> {
    return new KaleyraClient({ baseUrl: profile.baseUrl, sid: profile.sid, apiKey: await this.secrets.get(profile.id) });
  }
}

function toView(profile: ProfileRecord, isActive: boolean): ProfileView {
  return {
    id: profile.id,
    displayName: profile.displayName,
    kind: profile.kind,
    baseUrl: profile.baseUrl,
    sid: profile.sid,
    role: profile.role,
    isActive,
  };
}
