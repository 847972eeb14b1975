import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSandboxDatabase, DatabaseFromFutureError } from '../../../sandbox/store/database';
import type { SandboxDatabase } from '../../../sandbox/store/database';
import { migrations } from '../../../sandbox/store/migrations';
import { SandboxStore } from '../../../sandbox/store/sandbox-store';
import { seedIfEmpty } from '../../../sandbox/domain/seed';

const NOW = Date.UTC(2026, 0, 10);
let dir: string;
let db: SandboxDatabase;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sandbox-store-'));
  db = openSandboxDatabase(dir);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sandbox database', () => {
  it('migrates to the latest version in WAL mode', () => {
    expect(db.connection.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.connection.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('refuses a database written by newer code', () => {
    db.connection.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openSandboxDatabase(dir)).toThrow(DatabaseFromFutureError);
    db = openSandboxDatabase(mkdtempSync(join(tmpdir(), 'sandbox-store-')));
  });

  it('seeds once, with balances that the ledger explains', () => {
    const store = new SandboxStore(db);
    seedIfEmpty(store, NOW);
    const count = store.accounts.countAll();
    seedIfEmpty(store, NOW);
    expect(store.accounts.countAll()).toBe(count);
    expect(count).toBe(8);
    expect(store.ledger.discrepancies()).toEqual([]);
  });

  it('reports a cached balance that no longer matches the ledger', () => {
    const store = new SandboxStore(db);
    seedIfEmpty(store, NOW);
    const parent = store.accounts.listParents()[0];
    if (!parent) throw new Error('no parent');
    new Database(join(dir, 'sandbox.sqlite')).prepare('UPDATE accounts SET balance_minor = balance_minor + 1 WHERE sid = ?').run(parent.sid);
    expect(store.ledger.discrepancies()).toEqual([
      { accountSid: parent.sid, what: 'balance', period: null, cached: parent.balanceMinor + 1, fromLedger: parent.balanceMinor },
    ]);
  });
});
