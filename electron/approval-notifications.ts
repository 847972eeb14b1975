import { Notification } from 'electron';
import type { CoreBridge } from './core-bridge';

/**
 * Approval requests and decisions the core pulled become native desktop notifications (Electron's
 * side of `approvals.notice`; the browser host's renderer uses the Web Notification API instead).
 * Clicking one brings the window forward.
 */
export function showApprovalNotifications(core: CoreBridge, focusWindow: () => void): void {
  core.onEvent((event) => {
    if (event.name !== 'approvals.notice' || !Notification.isSupported()) return;
    const notification = new Notification({ title: event.payload.title, body: event.payload.body });
    notification.on('click', focusWindow);
    notification.show();
  });
}
