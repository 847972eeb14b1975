import { useEffect } from 'react';
import { onDeskEvent } from './lib/desk';
import { useProfilesStore } from './features/profiles/profiles-store';
import { useSubaccountsStore } from './features/subaccounts/subaccounts-store';
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
    void useProfilesStore.getState().load();
    void useSyncStore.getState().load();
    const stop = onDeskEvent((event) => {
      switch (event.name) {
        case 'sync.status':
          useSyncStore.getState().setStatus(event.payload);
          return;
        case 'subaccounts.changed':
          void useSubaccountsStore.getState().load();
          return;
        case 'profiles.changed':
          void useProfilesStore.getState().load();
          void useSubaccountsStore.getState().load();
          return;
      }
    });
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
        <span className="profile" data-testid="active-profile">
          {activeProfile ? `${activeProfile.displayName} · ${activeProfile.sid}` : 'No profile'}
        </span>
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
      </div>
    </div>
  );
}
