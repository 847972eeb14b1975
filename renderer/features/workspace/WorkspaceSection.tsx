import { useEffect, useState, type FormEvent } from 'react';
import type { ProfileView } from '../../../shared/contract';
import type { WorkspaceStatus } from '../../../shared/calls/workspace';
import { formatDateTime } from '../../../shared/format';
import { call } from '../../lib/desk';
import { errorMessage, fieldFailureOf } from '../../lib/error-message';
import { FieldAlert } from '../../components/FieldAlert';

type Joined = Extract<WorkspaceStatus, { joined: true }>;

const CONNECTION_LABELS: Record<Joined['connection'], string> = {
  online: 'connected',
  unreachable: 'not reachable',
  refused: 'login refused',
  'not-checked': 'not checked yet',
};

function JoinForm({ profile, onJoined }: { profile: ProfileView; onJoined(status: WorkspaceStatus): void }) {
  const [url, setUrl] = useState('');
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ field: string | null; message: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      onJoined(await call('workspace.join', { profileId: profile.id, url, user, password }));
      setPassword('');
    } catch (error) {
      setFailure(fieldFailureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label="Join a team workspace">
      <p className="hint">
        Share drafts, suppressions, frequency caps and reservations with the rest of your organisation through a PostgreSQL database. Your workspace admin gives
        you the address and your own login. Your API key never leaves this computer.
      </p>
      <label>
        Workspace address
        <input
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="postgresql://db.example.com:5432/campaigns?sslmode=verify-full"
          required
          spellCheck={false}
          autoComplete="off"
        />
      </label>
      <FieldAlert failure={failure} field="url" />
      <label>
        Login
        <input value={user} onChange={(e) => setUser(e.target.value)} required spellCheck={false} autoComplete="off" />
      </label>
      <FieldAlert failure={failure} field="user" />
      <label>
        Password
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete="off" />
      </label>
      <FieldAlert failure={failure} field="password" />
      {failure && failure.field !== 'url' && failure.field !== 'user' && failure.field !== 'password' && (
        <div role="alert" className="field-error">
          {failure.message}
        </div>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Checking the login…' : 'Check and join'}
      </button>
    </form>
  );
}

function JoinedStatus({ status, busy, onCheck, onLeave }: { status: Joined; busy: boolean; onCheck(): void; onLeave(): void }) {
  const [confirming, setConfirming] = useState(false);
  const membership = status.memberKind === 'parent_manager' ? 'parent manager' : `member of sub-account ${status.accountSid}`;
  return (
    <div data-testid="workspace-status">
      <p>
        <strong>{status.organisationName}</strong> · {membership} · signed in as {status.displayName} ({status.roleName})
      </p>
      <p className="hint">
        {status.server}/{status.database} · {status.tls ? 'encrypted (TLS)' : 'on this computer, unencrypted'} · joined {formatDateTime(status.joinedAt)}
      </p>
      <p role="status">
        Connection:{' '}
        <span className={status.connection === 'online' ? 'success' : status.connection === 'not-checked' ? '' : 'field-error'}>
          {CONNECTION_LABELS[status.connection]}
        </span>
        {status.problem && <span className="field-error"> — {status.problem}</span>}
      </p>
      <p className="hint" data-testid="workspace-sync">
        {status.lastSyncedAt ? `Suppressions and send times last synced ${formatDateTime(status.lastSyncedAt)}` : 'Not synced yet on this launch'}
        {status.conflicts > 0 &&
          ` · ${status.conflicts} of your changes met someone else's newer version and were kept with both: removed numbers stay suppressed, drafts to settle are marked in Campaigns`}
      </p>
      {status.syncProblem && (
        <p role="alert" className="field-error">
          Last sync failed: {status.syncProblem}
        </p>
      )}
      <div className="row-actions">
        <button type="button" onClick={onCheck} disabled={busy}>
          {busy ? 'Checking…' : 'Check connection'}
        </button>
        {!confirming && (
          <button type="button" onClick={() => setConfirming(true)}>
            Leave workspace…
          </button>
        )}
        {confirming && (
          <div role="group" aria-label="Confirm leaving the workspace" className="inline-form">
            <span>Forget the workspace address and your login on this computer? Nothing in the workspace is deleted; you can join again.</span>
            <button type="button" className="danger" onClick={onLeave} autoFocus>
              Leave
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Stay
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

/** The profile screen's "Team workspace" card for one profile: join, status, leave. Without a workspace the profile works as before. */
export function WorkspaceSection({ profile }: { profile: ProfileView }) {
  const [status, setStatus] = useState<WorkspaceStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const check = async () => {
    setBusy(true);
    try {
      setStatus(await call('workspace.status', { profileId: profile.id, check: true }));
      setFailure(null);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    let current = true;
    void (async () => {
      // What this desktop knows at once, then whether the server answers.
      for (const check of [false, true]) {
        try {
          const next = await call('workspace.status', { profileId: profile.id, check });
          if (current) setStatus(next);
        } catch (error) {
          if (current) setFailure(errorMessage(error));
        }
      }
    })();
    return () => {
      current = false;
    };
  }, [profile.id]);

  const leave = async () => {
    try {
      await call('workspace.leave', { profileId: profile.id });
      setStatus({ joined: false, profileId: profile.id });
    } catch (error) {
      setFailure(errorMessage(error));
    }
  };

  return (
    <section className="card" aria-labelledby="workspace-title" data-testid="workspace-section">
      <h2 id="workspace-title">Team workspace · {profile.displayName}</h2>
      {status === null && !failure && <p className="hint">Reading the workspace settings…</p>}
      {status?.joined === false && <JoinForm profile={profile} onJoined={setStatus} />}
      {status?.joined === true && <JoinedStatus status={status} busy={busy} onCheck={() => void check()} onLeave={() => void leave()} />}
      {failure && (
        <div role="alert" className="field-error">
          {failure}
        </div>
      )}
    </section>
  );
}
