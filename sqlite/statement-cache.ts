import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';

/** What `db.prepare<P, R>()` returns: named parameters (an object) are bound as the one argument. */
export type Prepared<P extends unknown[] | object = unknown[], R = unknown> = P extends unknown[] ? Statement<P, R> : Statement<[P], R>;

/**
 * Prepared statements of one connection by their SQL text (Actual Budget's `cache(sql)`): each is
 * prepared on first use and reused from then on, by every repository over that connection. The
 * core and the sandbox both prepare through it; statements whose text varies with a filter are
 * cached per shape, so the SQL handed here must be built from constants, never from input.
 */
export class StatementCache {
  private readonly prepared = new Map<string, Statement<unknown[], unknown>>();

  constructor(private readonly connection: Database.Database) {}

  statement<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Prepared<P, R> {
    let statement = this.prepared.get(sql);
    if (statement === undefined) {
      statement = this.connection.prepare(sql);
      this.prepared.set(sql, statement);
    }
    return statement as unknown as Prepared<P, R>;
  }

  clear(): void {
    this.prepared.clear();
  }
}

const caches = new WeakMap<Database.Database, StatementCache>();

/** The statement cache of a connection: one per connection, shared by all repositories built over it. */
export function statementsOf(connection: Database.Database): StatementCache {
  let cache = caches.get(connection);
  if (cache === undefined) {
    cache = new StatementCache(connection);
    caches.set(connection, cache);
  }
  return cache;
}
