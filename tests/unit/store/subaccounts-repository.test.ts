import { describe, expect, it } from 'vitest';
import type { SubaccountView } from '../../../shared/contract';
import { openDatabase } from '../../../electron/core/store/database';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';
import { SubaccountsRepository } from '../../../electron/core/store/subaccounts-repository';

const AT = '2026-11-27T10:00:00.000Z';
const LATER = '2026-11-27T11:00:00.000Z';

function subaccount(sid: string, name: string, overrides: Partial<SubaccountView> = {}): SubaccountView {
  return {
    sid,
    name,
    email: `${name.toLowerCase()}@example.com`,
    status: 'active',
    creditType: 'assigned',
    channels: ['sms'],
    country: 'IN',
    currency: 'INR',
    balanceMinor: 1000,
    monthlyLimitMinor: null,
    usedThisMonthMinor: null,
    syncedAt: AT,
    ...overrides,
  };
}

function setup() {
  const db = openDatabase(':memory:');
  const profiles = new ProfilesRepository(db);
  for (const id of ['p1', 'p2']) {
    profiles.save({ id, displayName: id, kind: 'kaleyra', baseUrl: `https://${id}.example`, sid: `SID${id}`, role: 'parent', createdAt: AT });
  }
  return { db, repo: new SubaccountsRepository(db) };
}

describe('SubaccountsRepository', () => {
  it('stores a pull and lists it sorted by name, per profile', () => {
    const { repo } = setup();
    repo.replaceAll('p1', [subaccount('S_2', 'zeta'), subaccount('S_1', 'Alpha')], AT);
    repo.replaceAll('p2', [subaccount('T_1', 'Other')], AT);
    expect(repo.list('p1').map((s) => s.name)).toEqual(['Alpha', 'zeta']);
    expect(repo.list('p2').map((s) => s.sid)).toEqual(['T_1']);
  });

  it('round-trips every field', () => {
    const { repo } = setup();
    const shared = subaccount('S_3', 'Shared', {
      creditType: 'shared',
      balanceMinor: null,
      monthlyLimitMinor: 50_000,
      usedThisMonthMinor: 1_234,
      channels: ['sms', 'lookup'],
      country: null,
    });
    repo.replaceAll('p1', [shared], AT);
    expect(repo.list('p1')).toEqual([shared]);
  });

  it('marks accounts missing from a later full pull as deleted instead of forgetting them', () => {
    const { repo } = setup();
    repo.replaceAll('p1', [subaccount('S_1', 'Alpha'), subaccount('S_2', 'Beta')], AT);
    repo.replaceAll('p1', [subaccount('S_1', 'Alpha', { balanceMinor: 5 })], LATER);
    const rows = repo.list('p1');
    expect(rows.find((s) => s.sid === 'S_2')).toMatchObject({ status: 'deleted', syncedAt: LATER });
    expect(rows.find((s) => s.sid === 'S_1')).toMatchObject({ balanceMinor: 5, syncedAt: LATER });
  });

  it('filters by status and searches name, e-mail and SID, treating % and _ literally', () => {
    const { repo } = setup();
    repo.replaceAll('p1', [subaccount('S_1', 'North'), subaccount('S_2', 'South', { status: 'suspended' }), subaccount('S_3', 'Fifty%Off')], AT);
    expect(repo.list('p1', { status: 'suspended' }).map((s) => s.name)).toEqual(['South']);
    expect(repo.list('p1', { search: 'nor' }).map((s) => s.name)).toEqual(['North']);
    expect(repo.list('p1', { search: 's_2' }).map((s) => s.name)).toEqual(['South']);
    expect(repo.list('p1', { search: '%' }).map((s) => s.name)).toEqual(['Fifty%Off']);
    // As a LIKE wildcard, "h_" would match "north@…" and "south@…"; taken literally it matches nothing.
    expect(repo.list('p1', { search: 'h_' })).toEqual([]);
  });

  it('applies a pull atomically: a failing row leaves the previous cache intact', () => {
    const { repo } = setup();
    repo.replaceAll('p1', [subaccount('S_1', 'Alpha')], AT);
    const broken = subaccount('S_2', 'Broken', { name: null as unknown as string });
    expect(() => repo.replaceAll('p1', [subaccount('S_1', 'Renamed'), broken], LATER)).toThrow();
    expect(repo.list('p1').map((s) => s.name)).toEqual(['Alpha']);
  });
});
