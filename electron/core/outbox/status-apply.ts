import { performance } from 'node:perf_hooks';
import type { SqliteDatabase } from '../store/database';
import type { MessageStatusRepository, PullMode, StatusChange } from '../store/message-status-repository';
import type { OutboxRepository } from '../store/outbox-repository';
import { transactionWhenFree } from '../store/transaction-when-free';
import { SliceSizer, yieldToEvents } from '../time-slices';
import { isCampaignReference } from './references';

export interface StatusApplyDeps {
  db: SqliteDatabase;
  statuses: MessageStatusRepository;
  outbox: OutboxRepository;
}

export type PullCursor = { mode: PullMode; value: string | null };

/**
 * Applies pulled statuses in one IMMEDIATE transaction: the messages' statuses (and, by the
 * store's triggers, the campaign progress counters), the cursor when given, and the release of
 * reservations whose messages have left "scheduled" (so charged). Returns how many messages changed.
 */
export function applyStatusPage(...page: Parameters<typeof applyStatuses>): number {
  const [deps] = page;
  return deps.db.transaction(() => applyStatuses(...page)).immediate();
}

function applyStatuses(
  deps: StatusApplyDeps,
  target: { profileId: string; accountSid: string },
  changes: readonly StatusChange[],
  cursor: PullCursor | null,
  nowMs: number,
): number {
  const result = deps.statuses.applyBatch(target.profileId, target.accountSid, changes, cursor, isCampaignReference, nowMs);
  // Usually nothing to release: the API said what it charged at acceptance. Look only when money is still held.
  if (deps.outbox.holdsAcceptedReservations(target.accountSid)) {
    const settled = changes.filter((change) => change.status !== 'Scheduled').map((change) => change.messageId);
    if (settled.length > 0) deps.outbox.releaseSettled(settled, nowMs);
  }
  return result.applied;
}

/**
 * Applies one page of statuses in slices of a few milliseconds each, yielding between them so the
 * screens' calls never wait behind a page. Only the last slice moves the cursor: after a crash the
 * page is pulled again and its applied slices are no-ops (a change never overwrites an equal or
 * newer one). A write lock held by another connection is waited for between tries, not inside
 * SQLite (transaction-when-free.ts). Stops early, leaving the cursor, when `stopped()` says the core is closing.
 */
export async function applyStatusPageInSlices(
  deps: StatusApplyDeps & { sizer: SliceSizer },
  target: { profileId: string; accountSid: string },
  changes: readonly StatusChange[],
  cursor: PullCursor,
  now: () => number,
  stopped: () => boolean,
): Promise<number> {
  let applied = 0;
  let start = 0;
  do {
    const slice = changes.slice(start, start + deps.sizer.next());
    const last = start + slice.length >= changes.length;
    const nowMs = now();
    // Waiting for the import writer's lock happens between tries, off the thread (not timed as work).
    let elapsedMs = 0;
    applied += await transactionWhenFree(deps.db, () => {
      const started = performance.now();
      const count = applyStatuses(deps, target, slice, last ? cursor : null, nowMs);
      elapsedMs = performance.now() - started;
      return count;
    });
    deps.sizer.record(slice.length, elapsedMs);
    start += slice.length;
    if (last) break;
    await yieldToEvents();
  } while (!stopped());
  return applied;
}

/** Statuses per slice: starts where one slice takes a few ms on a quiet machine, then follows the measured pace. */
export const statusSliceSizer = (): SliceSizer => new SliceSizer({ initial: 500, min: 25, max: 1_000 });
