import { describe, expect, it } from 'vitest';
import type { SubaccountView } from '../../../shared/contract';
import { AuditLogRepository } from '../../../electron/core/store/audit-log-repository';
import { CreditHistoryRepository, type NewCreditHistoryEntry } from '../../../electron/core/store/credit-history-repository';
import { openDatabase } from '../../../electron/core/store/database';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';
import { SubaccountsRepository } from '../../../electron/core/store/subaccounts-repository';

const T0 = '2026-03-01T09:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';
const T2 = '2026-03-03T09:00:00.000Z';

function subaccount(sid: string, overrides: Partial<SubaccountView> = {}): SubaccountView {
  return {
    sid,
    name: `Team${sid}`,
    email: `${sid}@acme.example`,
    status: 'active',
    creditType: 'assigned',
    channels: ['sms'],
    country: 'IN',
    currency: 'INR',
    balanceMinor: 1_000_00,
    monthlyLimitMinor: null,
    usedThisMonthMinor: null,
    syncedAt: T0,
    ...overrides,
  };
}

function entry(sid: string, at: string, amountMinor: number, kind: NewCreditHistoryEntry['kind'] = 'recharge'): NewCreditHistoryEntry {
  return { sid, subaccountName: `Team${sid}`, kind, amountMinor, currency: 'INR', balanceAfterMinor: null, source: 'desktop', at };
}

function setup() {
  const db = openDatabase(':memory:');
  const profiles = new ProfilesRepository(db);
  for (const id of ['p1', 'p2'])
    profiles.save({ id, displayName: id, kind: 'kaleyra', baseUrl: `https://${id}.example`, sid: `SID${id}`, role: 'parent', createdAt: T0 });
  return { db, profiles, history: new CreditHistoryRepository(db), subaccounts: new SubaccountsRepository(db), audit: new AuditLogRepository(db) };
}

describe('credits history', () => {
  it('lists newest first, per profile, filtered by date range (to exclusive) and sub-account', () => {
    const { history } = setup();
    history.append('p1', entry('S_1', T0, 100));
    history.append('p1', entry('S_2', T1, -50, 'withdrawal'));
    history.append('p1', entry('S_1', T2, 25));
    history.append('p2', entry('S_1', T1, 999));
    const ids = (query: Parameters<typeof history.query>[1]) => history.query('p1', query).entries.map((e) => `${e.sid}@${e.at.slice(8, 10)}`);
    expect(ids({ limit: 10 })).toEqual(['S_1@03', 'S_2@02', 'S_1@01']);
    expect(ids({ limit: 10, from: T1 })).toEqual(['S_1@03', 'S_2@02']);
    expect(ids({ limit: 10, to: T2 })).toEqual(['S_2@02', 'S_1@01']);
    expect(ids({ limit: 10, sid: 'S_1' })).toEqual(['S_1@03', 'S_1@01']);
    expect(history.query('p1', { limit: 2 })).toMatchObject({ truncated: true });
    expect(history.query('p1', { limit: 3 })).toMatchObject({ truncated: false });
  });

  it('never records a movement of zero', () => {
    const { history } = setup();
    history.append('p1', entry('S_1', T0, 0));
    expect(history.query('p1', { limit: 10 }).entries).toEqual([]);
  });

  it('records the balance changes a pull reveals, but not accounts seen for the first time nor shared ones', () => {
    const { history, subaccounts } = setup();
    subaccounts.replaceAll(
      'p1',
      [subaccount('S_1'), subaccount('S_3', { creditType: 'shared', balanceMinor: null, monthlyLimitMinor: 100_00, usedThisMonthMinor: 0 })],
      T0,
    );
    const first = subaccounts.replaceAll('p1', [subaccount('S_1'), subaccount('S_2')], T1);
    expect(first).toEqual([]);
    const changes = subaccounts.replaceAll('p1', [subaccount('S_1', { balanceMinor: 975_00 }), subaccount('S_2', { balanceMinor: 1_200_00 })], T2);
    history.appendObserved('p1', changes, T2);
    expect(
      history
        .query('p1', { limit: 10 })
        .entries.map(({ sid, kind, amountMinor, balanceAfterMinor, source }) => ({ sid, kind, amountMinor, balanceAfterMinor, source })),
    ).toEqual([
      { sid: 'S_2', kind: 'observed', amountMinor: 200_00, balanceAfterMinor: 1_200_00, source: 'pull' },
      { sid: 'S_1', kind: 'observed', amountMinor: -25_00, balanceAfterMinor: 975_00, source: 'pull' },
    ]);
  });

  it('lets a pull that left before a change from this desktop overwrite neither that change nor a new account', () => {
    const { subaccounts } = setup();
    subaccounts.replaceAll('p1', [subaccount('S_1')], T0);
    // The pull's request leaves at T1; meanwhile this desktop recharges S_1 and creates S_2 (answers at T2).
    subaccounts.upsert('p1', subaccount('S_1', { balanceMinor: 1_500_00, syncedAt: T2 }));
    subaccounts.upsert('p1', subaccount('S_2', { syncedAt: T2 }));
    const changes = subaccounts.replaceAll('p1', [subaccount('S_1', { balanceMinor: 1_000_00 })], T2, T1);
    expect(changes).toEqual([]);
    expect(subaccounts.get('p1', 'S_1')).toMatchObject({ balanceMinor: 1_500_00 });
    expect(subaccounts.get('p1', 'S_2')).toMatchObject({ status: 'active' });
  });

  it('go away with their profile; the audit log stays', () => {
    const { db, history, audit } = setup();
    history.append('p1', entry('S_1', T0, 100));
    audit.record('p1', 'subaccount.recharge', 'S_1', { amountMinor: 100 }, T0);
    db.prepare("DELETE FROM profiles WHERE id = 'p1'").run();
    expect(history.query('p1', { limit: 10 }).entries).toEqual([]);
    expect(audit.recent('p1')).toMatchObject([{ action: 'subaccount.recharge', target: 'S_1', details: { amountMinor: 100 } }]);
  });
});
