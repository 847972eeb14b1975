import { RequestBudgetDialog } from './RequestBudgetDialog';
import { useState, type FormEvent } from 'react';
import { KALEYRA_PODS, type KaleyraPod, type ProfileView } from '../../../shared/contract';
import { useProfilesStore, type FieldError } from './profiles-store';
import { ErrorBanner } from '../../components/ErrorBanner';
import { WorkspaceSection } from '../workspace/WorkspaceSection';
import { FieldAlert } from '../../components/FieldAlert';

const POD_LABELS: Record<KaleyraPod, string> = { IN: 'India', SG: 'Singapore', EU: 'Europe', NA: 'North America' };
type Region = KaleyraPod | 'custom';

function AddProfileForm() {
  const add = useProfilesStore((s) => s.add);
  const [displayName, setDisplayName] = useState('');
  const [region, setRegion] = useState<Region>('IN');
  const [baseUrl, setBaseUrl] = useState('');
  const [sid, setSid] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<FieldError | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    setAdded(null);
    const result = await add({ displayName, sid, apiKey, ...(region === 'custom' ? { baseUrl } : { pod: region }) });
    setBusy(false);
    if (result) return setFailure(result);
    setAdded(displayName);
    setDisplayName('');
    setSid('');
    setApiKey('');
  };
  return (
    <form className="card form" onSubmit={(e) => void submit(e)} aria-labelledby="add-profile-title">
      <h2 id="add-profile-title">Add a Kaleyra account</h2>
      <p className="hint">
        The key is checked with the API first; the app learns from it whether this is a parent account or a sub-account. It is stored encrypted with your system
        keychain, never in the data file.
      </p>
      <label>
        Profile name
        <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={80} />
      </label>
      <FieldAlert failure={failure} field="displayName" />
      <label>
        Region
        <select value={region} onChange={(e) => setRegion(e.target.value as Region)}>
          {(Object.keys(KALEYRA_PODS) as KaleyraPod[]).map((pod) => (
            <option key={pod} value={pod}>
              {POD_LABELS[pod]} ({new URL(KALEYRA_PODS[pod]).host})
            </option>
          ))}
          <option value="custom">Other address (e.g. a sandbox on this computer)</option>
        </select>
      </label>
      <FieldAlert failure={failure} field="pod" />
      {region === 'custom' && (
        <>
          <label>
            Base URL
            <input value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} placeholder="http://127.0.0.1:4010" required />
          </label>
          <FieldAlert failure={failure} field="baseUrl" />
        </>
      )}
      <label>
        Account SID
        <input value={sid} onChange={(e) => setSid(e.target.value)} required autoComplete="off" spellCheck={false} />
      </label>
      <FieldAlert failure={failure} field="sid" />
      <label>
        API key
        <input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required autoComplete="off" />
      </label>
      <FieldAlert failure={failure} field="apiKey" />
      <ErrorBanner message={failure?.field === null && failure.message} />
      {added && (
        <p role="status" className="success">
          Profile “{added}” added. Switch to it with the Profile menu at the top.
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking the key…' : 'Check and add'}
      </button>
    </form>
  );
}

function ProfileRow({ profile }: { profile: ProfileView }) {
  const { replaceKey, remove, activate, setDocumentedOnly } = useProfilesStore();
  const [mode, setMode] = useState<'idle' | 'key' | 'confirm-remove'>('idle');
  const [budgetOpen, setBudgetOpen] = useState(false);
  const [apiKey, setApiKey] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const saveKey = async (event: FormEvent) => {
    event.preventDefault();
    const result = await replaceKey(profile.id, apiKey);
    if (result) return setFailure(result.message);
    setFailure(null);
    setMode('idle');
    setApiKey('');
    setMessage('New key saved.');
  };
  // Shown at once while the switch is made, so the box never lags behind the click.
  const [switching, setSwitching] = useState<boolean | null>(null);
  const switchDocumentedOnly = async (on: boolean) => {
    setSwitching(on);
    const result = await setDocumentedOnly(profile.id, on);
    setSwitching(null);
    if (result) return setFailure(result.message);
    setFailure(null);
    setMessage(on ? 'Now served only what Kaleyra documents, as on a real account.' : 'Now served everything the sandbox offers.');
  };
  const confirmRemove = async () => {
    const result = await remove(profile.id);
    if (result) setFailure(result.message);
  };

  return (
    <li className="profile-row" data-testid="profile-row">
      <div>
        <strong>{profile.displayName}</strong> {profile.isActive && <span className="badge badge--active">active</span>}
        <div className="hint">
          {profile.role === 'parent' ? 'Parent account' : 'Sub-account'} · {profile.sid} ·{' '}
          {profile.kind === 'sandbox' ? 'bundled sandbox' : new URL(profile.baseUrl).host}
        </div>
        {profile.kind === 'sandbox' && (
          <label className="checkbox">
            <input type="checkbox" checked={switching ?? profile.documentedOnly} onChange={(e) => void switchDocumentedOnly(e.target.checked)} />
            Documented API only
            <span className="hint">
              {' '}
              — like a real Kaleyra account: no message log, opt-out list, billing, alerts, rate card or cancelling of scheduled sends; figures that need them
              say so.
            </span>
          </label>
        )}
        {message && (
          <div role="status" className="success">
            {message}
          </div>
        )}
        {failure && (
          <div role="alert" className="field-error">
            {failure}
          </div>
        )}
      </div>
      <div className="row-actions">
        {!profile.isActive && (
          <button type="button" onClick={() => void activate(profile.id)}>
            Switch to
          </button>
        )}
        <button type="button" aria-label={`Request budget of ${profile.displayName}`} onClick={() => setBudgetOpen(true)}>
          Request budget…
        </button>
        {budgetOpen && <RequestBudgetDialog profileId={profile.id} profileName={profile.displayName} onClose={() => setBudgetOpen(false)} />}
        {profile.kind === 'kaleyra' && mode === 'idle' && (
          <>
            <button type="button" onClick={() => setMode('key')}>
              Replace key
            </button>
            <button type="button" onClick={() => setMode('confirm-remove')}>
              Remove…
            </button>
          </>
        )}
        {mode === 'key' && (
          <form onSubmit={(e) => void saveKey(e)} className="inline-form">
            <label>
              New API key
              <input type="password" value={apiKey} onChange={(e) => setApiKey(e.target.value)} required autoFocus />
            </label>
            <button type="submit">Check and save</button>
            <button type="button" onClick={() => setMode('idle')}>
              Cancel
            </button>
          </form>
        )}
        {mode === 'confirm-remove' && (
          <div role="group" aria-label="Confirm removal" className="inline-form">
            <span>Remove this profile and its cached data from this computer? The account itself is not touched.</span>
            <button type="button" className="danger" onClick={() => void confirmRemove()} autoFocus>
              Remove
            </button>
            <button type="button" onClick={() => setMode('idle')}>
              Keep
            </button>
          </div>
        )}
      </div>
    </li>
  );
}

export function ProfilesScreen() {
  const profiles = useProfilesStore((s) => s.profiles);
  const activeProfile = profiles.find((profile) => profile.isActive);
  return (
    <section aria-labelledby="profiles-title" className="screen">
      <header className="screen-header">
        <h1 id="profiles-title">Profiles</h1>
      </header>
      <ul className="profile-list card">
        {profiles.map((profile) => (
          <ProfileRow key={profile.id} profile={profile} />
        ))}
      </ul>
      {activeProfile && <WorkspaceSection key={activeProfile.id} profile={activeProfile} />}
      <AddProfileForm />
    </section>
  );
}
