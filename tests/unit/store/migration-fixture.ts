import { openDatabase, type SqliteDatabase } from '../../../electron/core/store/database';
import { migrations, type Migration } from '../../../electron/core/store/migrations';

/**
 * An in-memory database at the version just before the migration named `name`, and that migration.
 * Found by name, so the lead's renumbering on merge never points a test at another migration.
 */
export function databaseBefore(name: string): { db: SqliteDatabase; migration: Migration } {
  const migration = migrations.find((entry) => entry.name === name);
  if (!migration) throw new Error(`the migration “${name}” is missing`);
  return {
    db: openDatabase(
      ':memory:',
      migrations.filter((entry) => entry.version < migration.version),
    ),
    migration,
  };
}

/** A profile row written in SQL, as the builds before the migration under test stored it. */
export function insertProfileRow(
  db: SqliteDatabase,
  row: { id: string; displayName: string; kind: 'sandbox' | 'kaleyra'; baseUrl: string; sid: string; role: 'parent' | 'subaccount'; createdAt: string },
): void {
  db.prepare(
    'INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at) VALUES (@id, @displayName, @kind, @baseUrl, @sid, @role, @createdAt)',
  ).run(row);
}
