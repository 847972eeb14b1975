import type Database from 'better-sqlite3';

/**
 * The one migration runner, for the core's store and the sandbox's. A migration list is
 * forward-only: a shipped entry never changes, a change is a new entry at the end.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export class DatabaseFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This data file was written by a newer Campaign Desk (schema ${found}; this build knows ${supported}). ` +
        'Update the app, or start it with another data folder.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

/** The version the database is at: the latest applied migration (0 for a new file). */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  const recorded =
    table === undefined ? 0 : ((db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null }).version ?? 0);
  return Math.max(recorded, userVersion(db));
}

/**
 * Applies every migration of `list` newer than the database, each in its own IMMEDIATE
 * transaction together with its record in `schema_version` (name and time) and SQLite's
 * `user_version`, so a migration that fails leaves the database as it was. Refuses a database
 * newer than the list (Signal's DBVersionFromFutureError).
 */
export function migrate(db: Database.Database, list: readonly Migration[], now: () => string = () => new Date().toISOString()): void {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`migration "${migration.name}" is numbered ${migration.version}, expected ${index + 1}`);
  });
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  adoptUserVersion(db, list, now);
  const current = schemaVersion(db);
  const latest = list.at(-1)?.version ?? 0;
  if (current > latest) throw new DatabaseFromFutureError(current, latest);
  const record = db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)');
  for (const migration of list) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run({ version: migration.version, name: migration.name, appliedAt: now() });
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  // Databases migrated before user_version was kept (the core's) get it once.
  if (userVersion(db) !== latest) db.pragma(`user_version = ${latest}`);
}

function userVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * The sandbox's runner kept its version in `user_version` only: a database it migrated has that
 * many migrations applied and no record of them. They are recorded once, so the list resumes there.
 */
function adoptUserVersion(db: Database.Database, list: readonly Migration[], now: () => string): void {
  const recorded = (db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n;
  const applied = userVersion(db);
  if (recorded > 0 || applied === 0) return;
  const record = db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name || ' (recorded from user_version)', @appliedAt)");
  db.transaction(() => {
    for (const migration of list) if (migration.version <= applied) record.run({ version: migration.version, name: migration.name, appliedAt: now() });
  }).immediate();
}
