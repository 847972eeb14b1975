import { requestBudgetSettings, type RequestBudgetSettings, type RequestBudgetView } from '../../../shared/calls/request-budget';
import { DeskError } from '../../../shared/errors';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SettingsRepository } from '../store/settings-repository';
import { MINUTE } from '../time';
import type { RequestBudget } from './request-budget';

const keyOf = (profileId: string) => `request-budget:${profileId}`;

/**
 * A profile's own request budget (its account's rate limit and the background share), kept in the
 * settings and applied to the budget every client of the profile shares.
 */
export class RequestBudgetSettingsService {
  constructor(
    private readonly deps: {
      settings: Pick<SettingsRepository, 'get' | 'set'>;
      budget: RequestBudget;
      profile(profileId: string): ProfileRecord | undefined;
    },
  ) {}

  /** At start: every profile's stored settings take effect. */
  applyAll(profiles: readonly ProfileRecord[]): void {
    for (const profile of profiles) this.apply(profile, this.stored(profile.id));
  }

  view(profileId: string): RequestBudgetView {
    const profile = this.profileOf(profileId);
    const settings = this.deps.budget.settingsOf(profile.sid);
    const stored = this.stored(profileId);
    return {
      backgroundSharePercent: Math.round(settings.backgroundShare * 100),
      limitRequests: settings.limit.requests,
      limitWindowMinutes: Math.round(settings.limit.windowMs / MINUTE),
      isDefault: stored === null,
      backgroundAllowance: Math.max(1, Math.floor(settings.limit.requests * settings.backgroundShare)),
    };
  }

  set(profileId: string, settings: RequestBudgetSettings | null): RequestBudgetView {
    const profile = this.profileOf(profileId);
    this.deps.settings.set(keyOf(profileId), JSON.stringify(settings));
    this.apply(profile, settings);
    return this.view(profileId);
  }

  private apply(profile: ProfileRecord, settings: RequestBudgetSettings | null): void {
    this.deps.budget.configure(
      profile.sid,
      settings && {
        limit: { requests: settings.limitRequests, windowMs: settings.limitWindowMinutes * MINUTE },
        backgroundShare: settings.backgroundSharePercent / 100,
      },
    );
  }

  private stored(profileId: string): RequestBudgetSettings | null {
    const raw = this.deps.settings.get(keyOf(profileId));
    if (raw === undefined) return null;
    const parsed = requestBudgetSettings.nullable().safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  }

  private profileOf(profileId: string): ProfileRecord {
    const profile = this.deps.profile(profileId);
    if (!profile) throw new DeskError('PROFILE_NOT_FOUND', 'That profile no longer exists on this desktop.');
    return profile;
  }
}
