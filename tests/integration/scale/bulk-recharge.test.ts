import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { allocationsOf, callOk, closedAfterAll, prepaidParentWithCustomers, startTestCore, startTestSandbox, tempDir } from '../app/support';

const open = closedAfterAll();

const ACCOUNTS = 500;
const RECHARGE_MINOR = 15_00;

describe('bulk recharge of 500 sub-accounts', () => {
  let sandbox: RunningSandbox;
  let core: Awaited<ReturnType<typeof startTestCore>>;

  it('reports each refusal for lack of parent balance, and a retry of the same operation charges nobody twice', async () => {
    sandbox = await startTestSandbox();
    open.push(sandbox);
    const { parent, created } = await prepaidParentWithCustomers(sandbox, {
      count: ACCOUNTS,
      creditMinor: (i) => 100 + (i % 4) * 25,
    });
    core = await startTestCore(tempDir('bulk-core-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    await callOk(core, 'sync.now');

    // What the parent can give now, from the sandbox's own ledger: it covers only part of 500 × ₹15.
    const parentBalance = () => sandbox.ledgerEntries(parent.sid).reduce((sum, entry) => sum + entry.amountMinor, 0);
    const available = parentBalance();
    const affordable = Math.floor(available / RECHARGE_MINOR);
    expect(affordable).toBeGreaterThan(0);
    expect(affordable).toBeLessThan(ACCOUNTS);

    const sids = created.map((account) => account.sid);
    const operationId = randomUUID();
    const first = await callOk(core, 'subaccounts.bulk', { operationId, action: 'recharge', sids, amountMinor: RECHARGE_MINOR });
    expect(first.results.map((result) => result.sid)).toEqual(sids);
    const done = first.results.filter((result) => result.outcome === 'done');
    const refused = first.results.filter((result) => result.outcome === 'refused');
    expect(done).toHaveLength(affordable);
    expect(refused).toHaveLength(ACCOUNTS - affordable);
    for (const result of refused) {
      expect(result.message).toMatch(/balance/i);
      expect(result.message).not.toMatch(/RBC\d+|SBX-/);
    }
    for (const result of done) {
      const account = created.find((candidate) => candidate.sid === result.sid)!;
      expect(result.balanceAfterMinor).toBe(account.creditMinor + RECHARGE_MINOR);
    }

    // The parent gets money back from a seeded account, then the same operation is retried.
    const north = parent.subaccounts.find((sub) => sub.name === 'AcmeNorth')!;
    await callOk(core, 'subaccounts.withdraw', { sid: north.sid, amountMinor: 1_500_00 });
    const retry = await callOk(core, 'subaccounts.bulk', { operationId, action: 'recharge', sids, amountMinor: RECHARGE_MINOR });
    expect(retry.results.filter((result) => result.outcome === 'done' && result.repeated)).toHaveLength(affordable);
    expect(retry.results.filter((result) => result.outcome === 'done' && !result.repeated)).toHaveLength(ACCOUNTS - affordable);

    // The sandbox's ledger is the judge: every account received exactly one ₹15 recharge.
    for (const account of created) {
      expect(allocationsOf(sandbox, account.sid), account.name).toEqual([account.creditMinor, RECHARGE_MINOR]);
    }
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
    const list = await callOk(core, 'subaccounts.list', {});
    for (const account of created) expect(list.find((row) => row.sid === account.sid)?.balanceMinor).toBe(account.creditMinor + RECHARGE_MINOR);
    // One change event per bulk action, not one per account.
    expect(core.events.filter((event) => event.name === 'subaccounts.changed').length).toBeLessThan(10);
  }, 180_000);
});
