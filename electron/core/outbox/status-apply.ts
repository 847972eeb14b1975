import type { SqliteDatabase } from '../store/database';
import type { MessageStatusRepository, PullMode, StatusChange } from '../store/message-status-repository';
import type { OutboxRepository } from '../store/outbox-repository';
import { isoAt } from '../time';
import { isCampaignReference } from './references';

export interface StatusApplyDeps {
  db: SqliteDatabase;
  statuses: MessageStatusRepository;
  outbox: OutboxRepository;
}

/**
 * Applies one page of pulled statuses in one transaction: the messages' statuses, the cursor,
 * and the release of reservations whose messages have left "scheduled" (so charged). Returns
 * how many messages changed.
 */
export function applyStatusPage(
  deps: StatusApplyDeps,
  target: { profileId: string; accountSid: string },
  changes: readonly StatusChange[],
  cursor: { mode: PullMode; value: string | null },
  nowMs: number,
): number {
  return deps.db.transaction(() => {
    const result = deps.statuses.applyBatch(target.profileId, target.accountSid, changes, cursor, isCampaignReference, isoAt(nowMs));
    // Usually nothing to release: the API said what it charged at acceptance. Look only when money is still held.
    if (deps.outbox.holdsAcceptedReservations(target.accountSid)) {
      const settled = changes.filter((change) => change.status !== 'Scheduled').map((change) => change.messageId);
      if (settled.length > 0) deps.outbox.releaseSettled(settled, nowMs);
    }
    return result.applied;
  }).immediate();
}
