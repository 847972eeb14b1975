import { useProfilesStore } from './profiles-store';

const roleLabel = { parent: 'parent', subaccount: 'sub-account' } as const;

/** The header's profile picker: switching is instant, each profile's data stays separate. */
export function ProfileSwitcher() {
  const profiles = useProfilesStore((s) => s.profiles);
  const switching = useProfilesStore((s) => s.switching);
  const activate = useProfilesStore((s) => s.activate);
  const active = profiles.find((p) => p.isActive);
  return (
    <div className="profile-switcher">
      <select
        aria-label="Profile"
        value={active?.id ?? ''}
        disabled={switching || profiles.length === 0}
        onChange={(event) => void activate(event.target.value)}
      >
        {!active && <option value="">No profile</option>}
        {profiles.map((profile) => (
          <option key={profile.id} value={profile.id}>
            {profile.displayName} ({roleLabel[profile.role]})
          </option>
        ))}
      </select>
      <span className="profile-sid" data-testid="active-profile">
        {active ? `${active.displayName} · ${active.sid}` : 'No profile'}
      </span>
    </div>
  );
}
