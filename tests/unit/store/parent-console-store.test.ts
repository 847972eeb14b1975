import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { SpendAlertsRepository } from '../../../electron/core/store/spend-alerts-repository';
import { SubaccountListRepository } from '../../../electron/core/store/subaccount-list-repository';

const migration = migrations.find((candidate) => candidate.name === 'sub-account list sort indexes, stored spend alerts');

function storeWithProfile() {
  const db = openDatabase(':memory:');
  db.prepare(
    `INSERT INTO profiles (id, kind, role, sid, display_name, base_url, created_at_ms)
    VALUES ('p1', 'sandbox', 'parent', 'PARENT1', 'Acme', 'http://x', ${Date.UTC(2026, 10, 1)})`,
  ).run();
  return db;
}

describe('the parent console store (migration "sub-account list sort indexes, stored spend alerts")', () => {
  it('exists, and a name-sorted window reads the index in order instead of sorting every row', () => {
    expect(migration).toBeDefined();
    const db = storeWithProfile();
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN SELECT * FROM subaccounts WHERE profile_id = 'p1' ORDER BY name COLLATE NOCASE DESC, sid DESC LIMIT 100 OFFSET 5000`)
        .all() as Array<{ detail: string }>
    )
      .map((row) => row.detail)
      .join(' | ');
    expect(plan).toContain('subaccounts_by_name_nocase');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('counts, windows and resolves "all matching" without deleted accounts', () => {
    const db = storeWithProfile();
    const insert = db.prepare(`INSERT INTO subaccounts (profile_id, sid, name, email, status, credit_type, channels_json, country, currency,
        balance_minor, monthly_limit_minor, used_this_month_minor, synced_at_ms)
      VALUES ('p1', @sid, @name, @email, @status, 'assigned', '["sms"]', 'IN', 'INR', @balance, NULL, NULL, ${Date.UTC(2026, 10, 1)})`);
    const people = [
      { sid: 'S1', name: 'dhaba Kochi', email: 'a@x.example', status: 'active', balance: 300 },
      { sid: 'S2', name: 'Dhaba Pune', email: 'b@x.example', status: 'deleted', balance: 100 },
      { sid: 'S3', name: 'Chai 100%', email: 'c@x.example', status: 'suspended', balance: null },
      { sid: 'S4', name: 'Bistro', email: 'dhaba@y.example', status: 'active', balance: 200 },
    ];
    for (const person of people) insert.run(person);
    const list = new SubaccountListRepository(db);
    expect(list.count('p1', { search: 'DHABA' })).toEqual({ total: 3, selectable: 2 });
    expect(list.matchingSids('p1', { search: 'dhaba' })).toEqual(['S4', 'S1']);
    expect(list.count('p1', { search: '100%' })).toEqual({ total: 1, selectable: 1 });
    expect(list.count('p1', { search: '_' })).toEqual({ total: 0, selectable: 0 });
    expect(list.window('p1', {}, { column: 'name', direction: 'asc' }, 1, 2).map((row) => row.sid)).toEqual(['S3', 'S1']);
    // Balance: empty values last in both directions.
    expect(list.window('p1', {}, { column: 'funds', direction: 'desc' }, 0, 10).map((row) => row.sid)).toEqual(['S1', 'S4', 'S2', 'S3']);
    expect(list.window('p1', {}, { column: 'funds', direction: 'asc' }, 0, 10).map((row) => row.sid)).toEqual(['S2', 'S4', 'S1', 'S3']);
  });

  it('keeps the alerts of the last read, and the old ones with the reason when a read fails', () => {
    const db = storeWithProfile();
    const alerts = new SpendAlertsRepository(db);
    expect(alerts.read('p1')).toBeNull();
    const low = {
      cursor: '7',
      sid: 'S1',
      kind: 'low_balance' as const,
      currency: 'INR',
      amount: 50,
      threshold: 100,
      emails: ['owner@x.example'],
      at: '2026-11-01T10:00:00.000Z',
    };
    alerts.replace('p1', [low], Date.parse('2026-11-01T10:01:00.000Z'));
    expect(alerts.read('p1')).toEqual({ alerts: [low], problem: null });
    alerts.recordProblem('p1', 'The API could not be reached.', Date.parse('2026-11-01T10:02:00.000Z'));
    expect(alerts.read('p1')).toEqual({ alerts: [low], problem: 'The API could not be reached.' });
    alerts.replace('p1', [], Date.parse('2026-11-01T10:03:00.000Z'));
    expect(alerts.read('p1')).toEqual({ alerts: [], problem: null });
  });
});
