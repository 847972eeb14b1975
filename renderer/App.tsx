import { useEffect } from 'react';
import { onDeskEvent } from './lib/desk';
import { useAudiencesStore } from './features/audiences/audiences-store';
import { useCampaignsStore } from './features/campaigns/campaigns-store';
import { BillingBadge } from './features/billing/BillingBadge';
import { useBillingStore } from './features/billing/billing-store';
import { ProfileSwitcher } from './features/profiles/ProfileSwitcher';
import { useProfilesStore } from './features/profiles/profiles-store';
import { useCreditsHistoryStore } from './features/subaccounts/credits-history-store';
import { useSpendStore } from './features/spend/spend-store';
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
    void useBillingStore.getState().load();
    const stop = onDeskEvent((event) => {
      switch (event.name) {
        case 'sync.status':
          useSyncStore.getState().setStatus(event.payload);
          return;
        case 'subaccounts.changed':
          void useSubaccountsStore.getState().load();
          useCreditsHistoryStore.getState().reloadIfShown();
          return;
        case 'spend.changed':
          useSpendStore.getState().onChanged(event.payload.profileId);
          return;
        case 'billing.changed':
          void useBillingStore.getState().load();
          return;
        case 'audiences.importProgress':
          useAudiencesStore.getState().onProgress(event.payload);
          return;
        case 'audiences.changed':
          useAudiencesStore.getState().onChanged(event.payload.audienceId);
          useCampaignsStore.getState().onAudiencesChanged();
          return;
        case 'campaigns.changed':
          useCampaignsStore.getState().onChanged(event.payload);
          return;
        case 'campaigns.progress':
          useCampaignsStore.getState().onProgress(event.payload);
          return;
        case 'profiles.changed':
          void useProfilesStore.getState().load();
          void useBillingStore.getState().load();
          void useSubaccountsStore.getState().load();
          useCreditsHistoryStore.getState().reloadIfShown();
          useAudiencesStore.getState().profileChanged();
          useCampaignsStore.getState().profileChanged();
          return;
      }
    }, () => {
      // A sync that finished before the event stream opened (or while it was down) sent its news to
      // nobody: read the sync status, the balance and the sub-accounts again now that events flow.
      void useSyncStore.getState().load();
      void useBillingStore.getState().load();
      if (useSubaccountsStore.getState().loaded) void useSubaccountsStore.getState().load();
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
      </div>
    </div>
  );
}
