import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, migrate, openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';

describe('store migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version, and running again changes nothing', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(migrations.length);
    migrate(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: migrations.length });
  });

  it('upgrade from every earlier version', () => {
    for (let from = 1; from < migrations.length; from++) {
      const db = openDatabase(':memory:', migrations.slice(0, from));
      expect(schemaVersion(db)).toBe(from);
      migrate(db);
      expect(schemaVersion(db)).toBe(migrations.length);
      db.close();
    }
  });

  it('refuse a database written by a newer build', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    expect(() => migrate(db)).toThrow(DatabaseFromFutureError);
  });

  it('roll back a migration that fails half-way', () => {
    const db = openDatabase(':memory:');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });

  it('open files in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'desk-store-')), 'db.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
