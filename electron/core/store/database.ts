import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseFromFutureError, migrate as runMigrations, schemaVersion, type Migration } from '../../../sqlite/migration-runner';
import { migrations as defaultMigrations } from './migrations';

export { DatabaseFromFutureError, schemaVersion };

export type SqliteDatabase = Database.Database;

/**
 * How long a write waits for another connection's write lock (the import writer commits a chunk
 * in well under a second) before it gives up with a retryable STORE_BUSY.
 */
export const STORE_BUSY_TIMEOUT_MS = 5_000;

/** Opens (or creates) the local store with WAL and foreign keys, then migrates it. */
export function openDatabase(file: string, list: readonly Migration[] = defaultMigrations): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${STORE_BUSY_TIMEOUT_MS}`);
  migrate(db, list);
  return db;
}

/** Brings the store to the latest schema (or to the end of `list`), with the one runner the sandbox uses too. */
export function migrate(db: SqliteDatabase, list: readonly Migration[] = defaultMigrations): void {
  runMigrations(db, list);
}
