import type { ApprovalNotice } from '../../../shared/calls/approvals';
import { call } from '../../lib/desk';
import { useApprovalsStore } from './approvals-store';

let host: Promise<'electron' | 'browser'> | null = null;
const hostOf = () =>
  (host ??= call('app.info', {}).then(
    (info) => info.host,
    () => 'browser' as const,
  ));

/**
 * A request or decision that reached this desktop. In Electron the main process has shown it as a
 * native notification already; in the browser host it becomes a Web notification when the person
 * allowed them, and an in-app notice otherwise.
 */
export async function showApprovalNotice(notice: ApprovalNotice): Promise<void> {
  if ((await hostOf()) === 'electron') return;
  if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
    new Notification(notice.title, { body: notice.body, tag: `approval:${notice.campaignId}:${notice.revision}:${notice.kind}` });
    return;
  }
  useApprovalsStore.getState().addNotice(notice);
}
