import { randomUUID } from 'node:crypto';
import { KALEYRA_PODS, type KaleyraPod, type ProfileRole, type ProfileView } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import { KaleyraClient } from '../kaleyra/client';
import type { RequestBudget, RequestPriority } from '../kaleyra/request-budget';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileRecord, ProfilesRepository } from '../store/profiles-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { isoAt, type Clock } from '../time';

const ACTIVE_PROFILE_KEY = 'activeProfileId';
export const SANDBOX_PROFILE_ID = 'sandbox';

/** One account of the bundled sandbox that becomes a ready-made profile. */
export interface SandboxAccount {
  profileId: string;
  url: string;
  sid: string;
  apiKey: string;
  name: string;
  role: ProfileRole;
  /** The same sandbox's documented-only listener, when this launch runs one. */
  documentedOnlyUrl?: string | null;
}

export interface NewProfile {
  displayName: string;
  pod?: KaleyraPod;
  baseUrl?: string;
  sid: string;
  apiKey: string;
}

export class ProfilesService {
  /** Per sandbox profile: its full and documented-only URLs of this launch. */
  private readonly sandboxUrls = new Map<string, { full: string; documentedOnly: string | null }>();

  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly settings: SettingsRepository,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
    /** Every client of a profile shares its account's request budget. */
    private readonly budget: RequestBudget | null = null,
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
    const profile = this.require(profileId);
    this.settings.set(ACTIVE_PROFILE_KEY, profile.id);
    return profile;
  }

  view(profile: ProfileRecord): ProfileView {
    return toView(profile, profile.id === this.active()?.id);
  }

  /**
   * The embedded sandbox's port changes every launch, so its profiles are refreshed on each start;
   * SIDs and keys stay the same because the sandbox keeps its own data file. The first one becomes
   * active when nothing is.
   */
  async ensureSandboxProfiles(accounts: readonly SandboxAccount[]): Promise<void> {
    for (const account of accounts) {
      const existing = this.profiles.get(account.profileId);
      const documentedOnlyUrl = account.documentedOnlyUrl ?? null;
      this.sandboxUrls.set(account.profileId, { full: account.url, documentedOnly: documentedOnlyUrl });
      // A profile switched to documented-only stays so across launches, while this launch offers it.
      const documentedOnly = (existing?.sandboxDocumentedOnly ?? false) && documentedOnlyUrl !== null;
      const baseUrl = documentedOnly && documentedOnlyUrl !== null ? documentedOnlyUrl : account.url;
      this.profiles.save({
        id: account.profileId,
        displayName: `Sandbox · ${account.name}`,
        kind: 'sandbox',
        baseUrl,
        sid: account.sid,
        role: account.role,
        createdAt: existing?.createdAt ?? isoAt(this.clock()),
      });
      this.profiles.setSandboxDocumentedOnly(account.profileId, documentedOnly, baseUrl);
      await this.secrets.put(account.profileId, account.apiKey);
    }
    const first = accounts[0];
    if (!this.active() && first) this.settings.set(ACTIVE_PROFILE_KEY, first.profileId);
  }

  /**
   * Points a sandbox profile at the embedded sandbox's documented-only listener (or back): the app
   * then meets only what Kaleyra documents, as on a real account.
   */
  setDocumentedOnly(profileId: string, documentedOnly: boolean): ProfileRecord {
    const profile = this.require(profileId);
    if (profile.kind !== 'sandbox') {
      throw new DeskError('VALIDATION_FAILED', 'Only sandbox profiles have this switch: a Kaleyra account already serves only what Kaleyra documents.', {
        field: 'profileId',
      });
    }
    const urls = this.sandboxUrls.get(profile.id);
    const url = documentedOnly ? urls?.documentedOnly : urls?.full;
    if (!url) {
      throw new DeskError('VALIDATION_FAILED', 'The sandbox of this launch has no documented-only mode. Restart the app to get it.', {
        field: 'documentedOnly',
      });
    }
    this.profiles.setSandboxDocumentedOnly(profile.id, documentedOnly, url);
    return this.require(profile.id);
  }

  /** Verifies the key with the API before anything is saved, and learns the role from the answer. */
  async add(input: NewProfile): Promise<ProfileRecord> {
    const baseUrl = input.baseUrl ?? KALEYRA_PODS[input.pod ?? 'SG'];
    if (this.profiles.list().some((p) => p.baseUrl === baseUrl && p.sid === input.sid)) {
      throw new DeskError('VALIDATION_FAILED', 'A profile for this SID and region already exists.', { field: 'sid' });
    }
    const role = await detectRole(new KaleyraClient({ baseUrl, sid: input.sid, apiKey: input.apiKey }), baseUrl);
    const profile: ProfileRecord = {
      id: `p-${randomUUID()}`,
      displayName: input.displayName,
      kind: 'kaleyra',
      baseUrl,
      sid: input.sid,
      role,
      createdAt: isoAt(this.clock()),
    };
    await this.secrets.put(profile.id, input.apiKey);
    this.profiles.save(profile);
    return profile;
  }

  /** A revoked or rotated key: check the new one, then keep it (the role may not change). */
  async replaceKey(profileId: string, apiKey: string): Promise<ProfileRecord> {
    const profile = this.require(profileId);
    const role = await detectRole(new KaleyraClient({ baseUrl: profile.baseUrl, sid: profile.sid, apiKey }), profile.baseUrl);
    if (role !== profile.role) {
      throw new DeskError(
        'VALIDATION_FAILED',
        `This key belongs to a ${role === 'parent' ? 'parent account' : 'sub-account'}, ` +
          `not to the profile's ${profile.role === 'parent' ? 'parent account' : 'sub-account'}.`,
        { field: 'apiKey' },
      );
    }
    await this.secrets.put(profile.id, apiKey);
    return profile;
  }

  async remove(profileId: string): Promise<boolean> {
    const profile = this.require(profileId);
    if (profile.kind === 'sandbox')
      throw new DeskError('VALIDATION_FAILED', 'Sandbox profiles come with the app and cannot be removed.', { field: 'profileId' });
    const removed = this.profiles.delete(profile.id);
    await this.secrets.delete(profile.id);
    if (this.settings.get(ACTIVE_PROFILE_KEY) === profile.id) {
      const fallback = this.profiles.list()[0];
      if (fallback) this.settings.set(ACTIVE_PROFILE_KEY, fallback.id);
    }
    return removed;
  }

  /** `background`: work nobody waits for (pulls, spend logs), held to the account's background share. */
  async clientFor(profile: ProfileRecord, priority: RequestPriority = 'foreground'): Promise<KaleyraClient> {
    return new KaleyraClient({
      baseUrl: profile.baseUrl,
      sid: profile.sid,
      apiKey: await this.secrets.get(profile.id),
      ...(this.budget ? { budget: { gate: this.budget, account: profile.sid, priority } } : {}),
    });
  }

  private require(profileId: string): ProfileRecord {
    const profile = this.profiles.get(profileId);
    if (!profile) throw new DeskError('PROFILE_NOT_FOUND', 'That profile no longer exists on this desktop.', { field: 'profileId' });
    return profile;
  }
}

/** A parent key can list sub-accounts; a sub-account key is refused with 403 (it cannot manage any). */
async function detectRole(client: KaleyraClient, baseUrl: string): Promise<ProfileRole> {
  try {
    await client.subaccounts.list();
    return 'parent';
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    switch (error.code) {
      case 'API_FORBIDDEN':
        return 'subaccount';
      case 'API_AUTH_FAILED':
        throw new DeskError(
          'API_AUTH_FAILED',
          `${new URL(baseUrl).host} refused this SID and key. Check both, and that the region is the account's own (keys work only on their pod).`,
          { field: 'apiKey' },
        );
      case 'API_UNREACHABLE':
        throw new DeskError('API_UNREACHABLE', `${error.message} The profile was not saved.`, { field: 'pod' });
      default:
        throw error;
    }
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
    documentedOnly: profile.sandboxDocumentedOnly ?? false,
  };
}
