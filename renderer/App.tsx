import { useEffect } from 'react';
import { ApprovalNotices } from './features/approvals/ApprovalNotices';
import { BillingBadge } from './features/billing/BillingBadge';
import { ProfileSwitcher } from './features/profiles/ProfileSwitcher';
import { useProfilesStore } from './features/profiles/profiles-store';
import { startFeatureEvents } from './features/start-feature-events';
import { SyncStatusBar } from './features/sync/SyncStatusBar';
import { useSyncStore } from './features/sync/sync-store';
import { useNavigationStore } from './navigation-store';
import { screensFor } from './screens';

export function App() {
  const activeProfile = useProfilesStore((s) => s.profiles.find((p) => p.isActive) ?? null);
  const screenId = useNavigationStore((s) => s.screenId);
  const show = useNavigationStore((s) => s.show);
  const available = screensFor(activeProfile?.role ?? null);
  const current = available.find((screen) => screen.id === screenId) ?? available[0] ?? null;

  useEffect(() => {
    const stop = startFeatureEvents();
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void useSyncStore.getState().syncNow();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => {
      stop();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  const Screen = current?.component;
  return (
    <div className="app">
      <header className="app-header">
        <span className="app-title">Campaign Desk</span>
        <ProfileSwitcher />
        <BillingBadge />
        <SyncStatusBar />
      </header>
      <div className="app-body">
        <nav className="app-nav" aria-label="Sections">
          {available.map((screen) => (
            <button
              key={screen.id}
              type="button"
              className="nav-item"
              aria-current={screen.id === current?.id ? 'page' : undefined}
              onClick={() => show(screen.id)}
            >
              {screen.label}
            </button>
          ))}
        </nav>
        <main>{Screen ? <Screen /> : <p className="empty">Loading your profile…</p>}</main>
        <ApprovalNotices />
      </div>
    </div>
  );
}
