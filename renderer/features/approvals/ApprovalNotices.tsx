import { useApprovalsStore } from './approvals-store';

/** Requests and decisions shown inside the window where no desktop notification could be (browser host without permission). */
export function ApprovalNotices() {
  const notices = useApprovalsStore((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="approval-notices" role="status" aria-label="Approval notifications" data-testid="approval-notices">
      {notices.map((notice) => (
        <div key={`${notice.campaignId}:${notice.revision}:${notice.kind}`} className="notice notice--warn approval-notice" data-kind={notice.kind}>
          <strong>{notice.title}</strong>
          <p>{notice.body}</p>
          <button type="button" aria-label={`Dismiss: ${notice.title}`} onClick={() => useApprovalsStore.getState().dismissNotice(notice)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
