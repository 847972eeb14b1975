import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations';

export type SqliteDatabase = Database.Database;

/**
 * How long a write waits for another connection's write lock (the import writer commits a chunk
 * in well under a second) before it gives up with a retryable STORE_BUSY.
 */
export const STORE_BUSY_TIMEOUT_MS = 5_000;

export class DatabaseFromFutureError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This data file was written by a newer Campaign Desk (schema ${found}; this build knows ${supported}). ` +
        'Update the app, or start it with another data folder.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

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

export function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as
    | { version: number | null }
    | undefined;
  return row?.version ?? 0;
}

export function migrate(db: SqliteDatabase, list: readonly Migration[] = defaultMigrations): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) throw new DatabaseFromFutureError(current, latest);
  const record = db.prepare(
    'INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)',
  );
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run({ version: migration.version, name: migration.name, appliedAt: new Date().toISOString() });
    }).immediate();
  }
}
