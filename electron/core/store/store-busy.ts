import Database from 'better-sqlite3';
import { DeskError } from '../../../shared/errors';

/** SQLite's "another connection holds the lock" family: SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED… */
export function isStoreBusy(error: unknown): boolean {
  return error instanceof Database.SqliteError && /^SQLITE_(BUSY|LOCKED)/.test(error.code);
}

/** What a caller hears when its write waited for the lock as long as the store allows: nothing was written. */
export function storeBusyError(): DeskError {
  return new DeskError('STORE_BUSY', 'Campaign Desk is busy saving other work (an import, for example), so nothing was changed. Try again in a moment.');
}
