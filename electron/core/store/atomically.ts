import type { SqliteDatabase } from './database';

/**
 * Runs `work` in a transaction, or inside the one already open. better-sqlite3 nests
 * transactions as SAVEPOINTs, and every page written under a savepoint is also copied to a
 * sub-journal so it can be rolled back on its own: on hot paths (a million status updates) that
 * doubles the cost. Callers that are always part of a larger write use this instead.
 *
 * A transaction of its own begins IMMEDIATE, like every write transaction of the store: it takes
 * the write lock before its first read, so a commit on another connection (the import writer)
 * between its read and its write cannot fail it with SQLITE_BUSY_SNAPSHOT, which `busy_timeout`
 * never retries. Waiting for the lock at BEGIN is what `busy_timeout` bounds.
 */
export function atomically<T>(db: SqliteDatabase, work: () => T): T {
  return db.inTransaction ? work() : db.transaction(work).immediate();
}
