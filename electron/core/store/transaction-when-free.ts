import { STORE_BUSY_TIMEOUT_MS, type SqliteDatabase } from './database';
import { isStoreBusy } from './store-busy';

/** How long one try waits inside SQLite for another connection's write lock: the thread is blocked meanwhile. */
const TRY_WAIT_MS = 10;
const RETRY_AFTER_MS = 5;

/** The turn of the last slice asked for on this thread: each waits for the one before it, then for a turn of the event loop. */
let lastTurn: Promise<void> = Promise.resolve();

/**
 * One slice per turn of the event loop. Slices of different jobs (the sender's bookkeeping of
 * eight requests answered together, a status page, a launch being written) would otherwise all run
 * in the same turn, one after another, and a screen's call due meanwhile would wait for their sum;
 * taking turns, every call waits for one slice at most.
 */
function nextWriteTurn(): Promise<void> {
  const turn = lastTurn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
  lastTurn = turn;
  return turn;
}

/**
 * Runs `work` in an IMMEDIATE transaction for a slice of bulk work, waiting for the write lock
 * without holding the thread. SQLite waits for a lock held by another connection (the import's
 * writer thread) by sleeping inside the call, so an ordinary write on the core's thread can stall
 * every screen for the whole busy timeout; here each try waits at most a few milliseconds inside
 * SQLite and, if the lock is still taken, yields to the event loop before trying again. Work that
 * must be recorded whatever the wait (an acceptance the API already gave) passes a longer patience.
 */
export async function transactionWhenFree<T>(db: SqliteDatabase, work: () => T, options: { patienceMs?: number } = {}): Promise<T> {
  await nextWriteTurn();
  // Past the store's own bound (or the caller's), the lock is reported busy as any other write would be (STORE_BUSY).
  const deadline = Date.now() + (options.patienceMs ?? STORE_BUSY_TIMEOUT_MS);
  for (;;) {
    const previous = Number(db.pragma('busy_timeout', { simple: true }));
    db.pragma(`busy_timeout = ${TRY_WAIT_MS}`);
    try {
      return db.transaction(work).immediate();
    } catch (error) {
      if (!isStoreBusy(error) || Date.now() > deadline) throw error;
    } finally {
      db.pragma(`busy_timeout = ${previous}`);
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_AFTER_MS));
  }
}
