import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { DatabaseFromFutureError, migrate, schemaVersion, type Migration } from '../../../sqlite/migration-runner';
import { migrations as coreMigrations } from '../../../electron/core/store/migrations';
import { openSandboxDatabase } from '../../../sandbox/store/database';
import { migrations as sandboxMigrations } from '../../../sandbox/store/migrations';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'migration-runner-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the one migration runner', () => {
  it('migrates the core store and the sandbox alike: a record per migration and user_version', () => {
    const core = openDatabase(':memory:');
    const sandbox = openSandboxDatabase(tempDir());
    for (const [db, list] of [
      [core, coreMigrations],
      [sandbox.connection, sandboxMigrations],
    ] as const) {
      expect(db.prepare('SELECT version, name FROM schema_version ORDER BY version').all()).toEqual(list.map(({ version, name }) => ({ version, name })));
      expect(db.pragma('user_version', { simple: true })).toBe(list.length);
      expect(schemaVersion(db)).toBe(list.length);
    }
    core.close();
    sandbox.close();
  });

  it('resumes a sandbox file the old runner migrated (user_version only) without running its migrations again', () => {
    const dir = tempDir();
    // As the sandbox's own runner left it: both migrations applied, the count in user_version, no record.
    const legacy = new Database(join(dir, 'sandbox.sqlite'));
    for (const migration of sandboxMigrations) legacy.exec(migration.sql);
    legacy.pragma(`user_version = ${sandboxMigrations.length}`);
    legacy
      .prepare(
        `INSERT INTO accounts (sid, api_key, name, email, billing, status, country_iso_code, currency, created_at, updated_at)
         VALUES ('HXGB01', 'key-gb', 'Brightwell Ltd', 'ops@brightwell.co.uk', 'prepaid', 'active', 'GB', 'GBP', 1767225600000, 1767225600000)`,
      )
      .run();
    legacy.close();

    const reopened = openSandboxDatabase(dir);
    expect(reopened.connection.prepare('SELECT sid, name, currency FROM accounts').all()).toEqual([{ sid: 'HXGB01', name: 'Brightwell Ltd', currency: 'GBP' }]);
    expect(reopened.connection.prepare('SELECT version FROM schema_version ORDER BY version').all()).toEqual(
      sandboxMigrations.map(({ version }) => ({ version })),
    );
    reopened.close();
    // And again: nothing left to adopt or apply.
    openSandboxDatabase(dir).close();
  });

  it('refuses a file newer than the list, whichever way it records its version', () => {
    const byRecord = openDatabase(':memory:');
    byRecord.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (99, 'future', '2030-01-01')").run();
    expect(() => migrate(byRecord, coreMigrations)).toThrow(DatabaseFromFutureError);
    const byPragma = new Database(':memory:');
    byPragma.pragma('user_version = 7');
    expect(() => migrate(byPragma, sandboxMigrations)).toThrow(DatabaseFromFutureError);
  });

  it('refuses a list whose numbers skip or repeat', () => {
    const list: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE one (x)' },
      { version: 3, name: 'three', sql: 'CREATE TABLE three (x)' },
    ];
    expect(() => migrate(new Database(':memory:'), list)).toThrow(/numbered 3, expected 2/);
  });
});
