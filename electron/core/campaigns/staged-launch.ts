import { performance } from 'node:perf_hooks';
import type { SqliteDatabase } from '../store/database';
import type { LaunchStagesRepository } from '../store/launch-stages-repository';
import type { LeftOutRepository } from '../store/left-out-repository';
import type { NewOutboxEntry, OutboxRepository } from '../store/outbox-repository';
import { transactionWhenFree } from '../store/transaction-when-free';
import { SECOND } from '../time';
import { SliceSizer, yieldToEvents } from '../time-slices';
import type { LeftOutReason } from '../../../shared/left-out';

/**
 * How long one slice of a staged launch (or of undoing one) waits for the write lock another
 * connection holds (the import writer's, a few tens of milliseconds at a time) before the launch
 * gives up. Waiting costs the screens nothing (the thread is free meanwhile); giving up undoes the launch.
 */
const SLICE_PATIENCE_MS = 60 * SECOND;

export interface StagedLaunchDeps {
  db: SqliteDatabase;
  outbox: Pick<OutboxRepository, 'insert'>;
  stages: LaunchStagesRepository;
  leftOut: Pick<LeftOutRepository, 'insert'>;
}

/**
 * Writes a staged launch's left-out recipients, then its requests with their recipients and
 * reservations, in slices of about SLICE_BUDGET_MS each (one IMMEDIATE transaction per slice, the
 * stage's count moving with it), yielding between slices so the screens' calls run in between.
 * Requests are built lazily from `entries`, a slice at a time: building them is work too.
 */
export async function writeStagedLaunch(
  deps: StagedLaunchDeps,
  campaignId: string,
  leftOut: ReadonlyArray<{ rowNumber: number; phone: string; reason: LeftOutReason }>,
  entries: Iterator<NewOutboxEntry>,
  nowMs: number,
): Promise<void> {
  const leftOutSizer = new SliceSizer({ initial: 1_000, min: 50, max: 50_000 });
  for (let start = 0; start < leftOut.length;) {
    const rows = leftOut.slice(start, start + leftOutSizer.next());
    const elapsedMs = await timedSlice(deps.db, () => deps.leftOut.insert(campaignId, rows));
    leftOutSizer.record(rows.length, elapsedMs);
    start += rows.length;
    await yieldToEvents();
  }

  // Sized in recipients: a personalised request carries one, an identical-body one up to a hundred.
  const sizer = new SliceSizer({ initial: 500, min: 1, max: 50_000 });
  for (;;) {
    const started = performance.now();
    const budget = sizer.next();
    const batch: NewOutboxEntry[] = [];
    let recipients = 0;
    while (batch.length === 0 || recipients < budget) {
      const next = entries.next();
      if (next.done === true) break;
      batch.push(next.value);
      recipients += next.value.recipients.length;
    }
    if (batch.length === 0) return;
    const buildMs = performance.now() - started;
    const writeMs = await timedSlice(deps.db, () => {
      let reservedMinor = 0;
      for (const entry of batch) {
        deps.outbox.insert(entry, nowMs);
        reservedMinor += entry.estimatedCostMinor;
      }
      deps.stages.recordWritten(campaignId, batch.length, reservedMinor);
    });
    sizer.record(recipients, buildMs + writeMs);
    await yieldToEvents();
  }
}

/**
 * Undoes a staged launch: deletes what it wrote (requests with their recipients and reservations,
 * left-out rows, waves), a slice at a time, then the stage itself; the campaign is the draft it
 * was. Nothing of a staged launch was sent (the sender takes only scheduled and running
 * campaigns), so this is exact. Interrupted, the stage is still there and the next start resumes it.
 */
export async function undoStagedLaunch(deps: Pick<StagedLaunchDeps, 'db' | 'stages'>, campaignId: string): Promise<void> {
  const { db, stages } = deps;
  for (const deleteSlice of [(limit: number) => stages.deleteRequests(campaignId, limit), (limit: number) => stages.deleteLeftOut(campaignId, limit)]) {
    const sizer = new SliceSizer({ initial: 20, min: 1, max: 20_000 });
    for (;;) {
      let deleted = 0;
      const elapsedMs = await timedSlice(db, () => {
        deleted = deleteSlice(sizer.next());
      });
      if (deleted === 0) break;
      sizer.record(deleted, elapsedMs);
      await yieldToEvents();
    }
  }
  await transactionWhenFree(
    db,
    () => {
      stages.deleteWaves(campaignId);
      stages.end(campaignId);
    },
    { patienceMs: SLICE_PATIENCE_MS },
  );
}

/** Runs one slice in its own IMMEDIATE transaction when the write lock is free; returns how long the work itself took (not the wait). */
async function timedSlice(db: SqliteDatabase, work: () => void): Promise<number> {
  let elapsedMs = 0;
  await transactionWhenFree(
    db,
    () => {
      const started = performance.now();
      work();
      elapsedMs = performance.now() - started;
    },
    { patienceMs: SLICE_PATIENCE_MS },
  );
  return elapsedMs;
}
