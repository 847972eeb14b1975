import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { statementsOf } from '../../../sqlite/statement-cache';

describe('the per-connection statement cache', () => {
  it('prepares a text once per connection and hands the same statement to every caller', () => {
    const first = new Database(':memory:');
    const second = new Database(':memory:');
    first.exec("CREATE TABLE zones (name TEXT); INSERT INTO zones VALUES ('Asia/Kolkata'), ('Europe/London')");
    second.exec("CREATE TABLE zones (name TEXT); INSERT INTO zones VALUES ('America/Sao_Paulo')");
    const sql = 'SELECT name FROM zones ORDER BY name';
    const a = statementsOf(first).statement<[], { name: string }>(sql);
    expect(statementsOf(first).statement<[], { name: string }>(sql)).toBe(a);
    const b = statementsOf(second).statement<[], { name: string }>(sql);
    expect(b).not.toBe(a);
    expect(a.all().map((row) => row.name)).toEqual(['Asia/Kolkata', 'Europe/London']);
    expect(b.all().map((row) => row.name)).toEqual(['America/Sao_Paulo']);
    // Another text is another statement; bad SQL fails when first asked for, and is not cached.
    expect(statementsOf(first).statement('SELECT COUNT(*) AS n FROM zones')).not.toBe(a);
    expect(() => statementsOf(first).statement('SELECT * FROM no_such_table')).toThrow(/no such table/);
    first.exec('CREATE TABLE no_such_table (x)');
    expect(statementsOf(first).statement('SELECT * FROM no_such_table').all()).toEqual([]);
    first.close();
    second.close();
  });
});
