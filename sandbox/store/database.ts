import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseFromFutureError, migrate } from '../../sqlite/migration-runner';
import { statementsOf, type StatementCache } from '../../sqlite/statement-cache';
import { migrations } from './migrations';

export { DatabaseFromFutureError };

/** The sandbox's one SQLite file, with prepared statements cached by their SQL text. */
export class SandboxDatabase {
  readonly connection: Database.Database;
  private readonly statements: StatementCache;
  private readonly runInTransaction: Database.Transaction<(work: () => unknown) => unknown>;

  constructor(connection: Database.Database) {
    this.connection = connection;
    this.statements = statementsOf(connection);
    this.runInTransaction = connection.transaction((work: () => unknown) => work());
  }

  statement(sql: string): Statement {
    return this.statements.statement(sql);
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
  migrate(connection, migrations);
  return new SandboxDatabase(connection);
}
