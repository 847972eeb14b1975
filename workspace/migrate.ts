import type pg from 'pg';
import { MEMBER_GROUP_ROLE, WORKSPACE_MIGRATIONS, type WorkspaceMigration } from './migrations';

export interface MigrationOutcome {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/** Serialises concurrent `migrate` runs (two admins, or an admin and a test) on one database. */
const MIGRATION_LOCK_KEY = 7_018_001;

/**
 * Brings the workspace schema up to the newest migration, each one in its own transaction with
 * its row in `desk.schema_migrations`. Refuses a database migrated by a newer version of the app.
 * Runs with the admin's connection (the schema owner); members never migrate.
 */
export async function migrateWorkspace(admin: pg.Client, migrations: readonly WorkspaceMigration[] = WORKSPACE_MIGRATIONS): Promise<MigrationOutcome> {
  await admin.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await bootstrap(admin);
    const { rows } = await admin.query<{ version: number }>('SELECT coalesce(max(version), 0)::int AS version FROM desk.schema_migrations');
    const from = rows[0]?.version ?? 0;
    const newest = migrations.at(-1)?.version ?? 0;
    if (from > newest) {
      throw new Error(
        `This workspace was migrated to version ${from} by a newer Campaign Desk; this one knows up to ${newest}. ` +
          'Update the app that runs "workspace migrate".',
      );
    }
    const applied: string[] = [];
    for (const migration of migrations.filter((m) => m.version > from)) {
      await admin.query('BEGIN');
      try {
        await admin.query(migration.sql);
        await admin.query('INSERT INTO desk.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
        await admin.query('COMMIT');
      } catch (error) {
        await admin.query('ROLLBACK');
        throw new Error(
          `Migration ${migration.version} (${migration.name}) failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      applied.push(`${migration.version} ${migration.name}`);
    }
    return { from, to: Math.max(from, newest), applied };
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}

/** The schema, the migrations table and the members' group role; roles are cluster-wide, so it may already exist. */
async function bootstrap(admin: pg.Client): Promise<void> {
  await admin.query(`
    CREATE SCHEMA IF NOT EXISTS desk;
    CREATE TABLE IF NOT EXISTS desk.schema_migrations (
      version     integer PRIMARY KEY,
      name        text NOT NULL,
      applied_at  timestamptz NOT NULL DEFAULT now()
    );
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${MEMBER_GROUP_ROLE}') THEN
        CREATE ROLE ${MEMBER_GROUP_ROLE} NOLOGIN;
      END IF;
    END $$;
  `);
}
