import { withoutCodes } from '../../lib/error-message';
import { DateTime } from 'luxon';
import type { SyncStatus } from '../../../shared/contract';
import { useSyncStore } from './sync-store';

function describe(status: SyncStatus | null): { label: string; tone: 'ok' | 'busy' | 'warn' | 'idle' } {
  const last = status?.lastSyncedAt ? `last synced ${DateTime.fromISO(status.lastSyncedAt).toLocaleString(DateTime.TIME_WITH_SECONDS)}` : 'not synced yet';
  switch (status?.state) {
    case undefined:
    case 'idle':
      return { label: `Waiting · ${last}`, tone: 'idle' };
    case 'syncing':
      return { label: 'Syncing…', tone: 'busy' };
    case 'online':
      return { label: `Online · ${last}`, tone: 'ok' };
    case 'offline':
      return { label: `Offline · ${last}`, tone: 'warn' };
    case 'error':
      return { label: `Sync problem · ${last}`, tone: 'warn' };
  }
}

export function SyncStatusBar() {
  const status = useSyncStore((s) => s.status);
  const requestError = useSyncStore((s) => s.requestError);
  const syncNow = useSyncStore((s) => s.syncNow);
  const { label, tone } = describe(status);
  const retry =
    status?.nextAttemptAt && status.state !== 'online'
      ? ` Retrying at ${DateTime.fromISO(status.nextAttemptAt).toLocaleString(DateTime.TIME_WITH_SECONDS)}.`
      : '';
  return (
    <div className="sync-bar">
      <span className={`sync-dot sync-dot--${tone}`} aria-hidden="true" />
      <span role="status" aria-live="polite" data-testid="sync-status" data-state={status?.state ?? 'idle'} data-last-synced={status?.lastSyncedAt ?? ''}>
        {label}
      </span>
      {status?.lastError && (
        <span className="sync-error" role="alert">
          {withoutCodes(status.lastError.message)}
          {retry}
        </span>
      )}
      {requestError && (
        <span className="sync-error" role="alert">
          {requestError}
        </span>
      )}
      <button type="button" onClick={() => void syncNow()} disabled={status?.state === 'syncing'} aria-keyshortcuts="Control+Shift+S">
        Sync now
      </button>
    </div>
  );
}
