import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allocationsOf, callOk, closedAfterAll, prepaidParentWithCustomers, startTestCore, startTestSandbox, tempDir } from '../app/support';
import { startFaultProxy } from '../../support/fault-proxy';

const open = closedAfterAll();

const RECHARGE_MINOR = 12_50;
const RECHARGES = /\/subaccounts\/[^/]+\/recharges$/;

describe('a bulk recharge whose answer is lost', () => {
  it('reports the account as "check it", never sends it again on retry, and charges nobody twice', async () => {
    const sandbox = await startTestSandbox();
    open.push(sandbox);
    const { parent, created } = await prepaidParentWithCustomers(sandbox, {
      count: 6,
      creditMinor: (index) => 3_00 + index * 1_00,
      tag: 'Lost',
    });
    // A real TCP proxy between the desktop and the sandbox: the third recharge reaches the sandbox
    // (which moves the money), then the connection is cut before the answer comes back.
    const proxy = await startFaultProxy(sandbox.url);
    open.push(proxy);
    const core = await startTestCore(tempDir('bulk-unknown-'), { url: proxy.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    await callOk(core, 'sync.now');
    const sids = created.map((account) => account.sid);
    const lost = created[2]!;
    let recharges = 0;
    proxy.inject({ method: 'POST', path: RECHARGES, fault: { kind: 'forward-then-drop' }, times: 1, rate: 1, random: () => (++recharges === 3 ? 0 : 1) });

    const operationId = randomUUID();
    const first = await callOk(core, 'subaccounts.bulk', { operationId, action: 'recharge', sids, amountMinor: RECHARGE_MINOR });
    expect(proxy.injected).toEqual({ 'forward-then-drop': 1 });
    const outcomes = new Map(first.results.map((result) => [result.sid, result]));
    expect(outcomes.get(lost.sid)).toMatchObject({ outcome: 'unknown', repeated: false });
    expect(outcomes.get(lost.sid)!.message).toMatch(/check this account/i);
    for (const account of created)
      if (account !== lost) expect(outcomes.get(account.sid)).toMatchObject({ outcome: 'done', balanceAfterMinor: account.creditMinor + RECHARGE_MINOR });

    // The same operation again (the dialog's retry): what was done is not redone, the lost one is not resent.
    const sentBefore = proxy.timeline.filter((entry) => entry.key.startsWith('POST') && RECHARGES.test(entry.key.slice(5))).length;
    const retry = await callOk(core, 'subaccounts.bulk', { operationId, action: 'recharge', sids, amountMinor: RECHARGE_MINOR });
    const sentAfter = proxy.timeline.filter((entry) => entry.key.startsWith('POST') && RECHARGES.test(entry.key.slice(5))).length;
    expect(sentAfter).toBe(sentBefore);
    expect(retry.results.every((result) => result.repeated)).toBe(true);
    expect(retry.results.find((result) => result.sid === lost.sid)).toMatchObject({ outcome: 'unknown' });

    // The sandbox's ledger is the judge: the lost request did arrive, once; every account got exactly one recharge.
    for (const account of created) {
      expect(allocationsOf(sandbox, account.sid), account.name).toEqual([account.creditMinor, RECHARGE_MINOR]);
    }
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  }, 120_000);
});
