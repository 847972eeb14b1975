import { describe, expect, it } from 'vitest';
import { accessOf, callNames } from '../../../shared/contract';
import { AuditLogRepository } from '../../../electron/core/store/audit-log-repository';
import { CreditHistoryRepository } from '../../../electron/core/store/credit-history-repository';
import { openDatabase } from '../../../electron/core/store/database';
import type { ProfileRecord } from '../../../electron/core/store/profiles-repository';
import { SubaccountsRepository } from '../../../electron/core/store/subaccounts-repository';
import { SubaccountAdminService } from '../../../electron/core/subaccounts/subaccount-admin-service';

describe('sub-account calls are for parents only', () => {
  it('are declared parent-only in the contract, every one of them', () => {
    const subaccountCalls = callNames.filter((name) => name.startsWith('subaccounts.'));
    expect(subaccountCalls.length).toBeGreaterThanOrEqual(11);
    expect(subaccountCalls.filter((name) => accessOf(name) !== 'parent-only')).toEqual([]);
  });

  it('are refused by the service too, before any API client exists, whoever calls it', async () => {
    const db = openDatabase(':memory:');
    let clientsMade = 0;
    const service = new SubaccountAdminService({
      db,
      clock: () => 0,
      subaccounts: new SubaccountsRepository(db),
      creditHistory: new CreditHistoryRepository(db),
      audit: new AuditLogRepository(db),
      clientFor: () => {
        clientsMade += 1;
        throw new Error('no client for a sub-account profile');
      },
      onChanged: () => undefined,
    });
    const team: ProfileRecord = {
      id: 'team',
      displayName: 'Team',
      kind: 'kaleyra',
      baseUrl: 'https://api.kaleyra.io',
      sid: 'P_1',
      role: 'subaccount',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const attempts: Array<() => unknown> = [
      () => service.parentFunds(team),
      () => service.create(team, { name: 'X', email: 'x@x.example', country: 'IN', creditType: 'assigned', creditAmountMinor: 1, invite: false }),
      () => service.get(team, 'P_2'),
      () => service.edit(team, 'P_2', { name: 'Y' }),
      () => service.moveCredit(team, 'recharge', 'P_2', 1),
      () => service.moveCredit(team, 'withdraw', 'P_2', 1),
      () => service.setSuspended(team, 'P_2', { suspended: true }),
      () => service.delete(team, 'P_2', 'X'),
      () => service.creditHistory(team, { limit: 10 }),
    ];
    for (const attempt of attempts) {
      await expect(Promise.resolve().then(attempt)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    }
    expect(clientsMade).toBe(0);
  });
});
