import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations';

export class DatabaseFromFutureError extends Error {
  constructor(found: number, known: number) {
    super(`sandbox database is at version ${found}, this code knows ${known}`);
    this.name = 'DatabaseFromFutureError';
  }
}

/** The sandbox's one SQLite file, with prepared statements cached by their SQL text. */
export class SandboxDatabase {
  readonly connection: Database.Database;
  private readonly statements = new Map<string, Statement>();
  private readonly runInTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(connection: Database.Database) {
    this.connection = connection;
    this.runInTransaction = connection.transaction((work: () => unknown) => work());
  }

  statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.connection.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /** Runs `work` in one IMMEDIATE transaction: all of it commits, or none of it. */
  transaction<T>(work: () => T): T {
    return this.runInTransaction.immediate(work) as T;
  }

  close(): void {
    this.statements.clear();
    this.connection.close();
  }
}

export function openSandboxDatabase(dataDir: string): SandboxDatabase {
  mkdirSync(dataDir, { recursive: true });
  const connection = new Database(join(dataDir, 'sandbox.sqlite'));
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  migrate(connection);
  return new SandboxDatabase(connection);
}

function migrate(connection: Database.Database): void {
  const current = Number(connection.pragma('user_version', { simple: true }));
  if (current > migrations.length) throw new DatabaseFromFutureError(current, migrations.length);
  for (let version = current; version < migrations.length; version += 1) {
    const sql = migrations[version];
    if (sql === undefined) break;
    connection.transaction(() => {
      connection.exec(sql);
      connection.pragma(`user_version = ${version + 1}`);
    })();
  }
}
