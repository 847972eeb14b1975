import { describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { Core } from '../../../electron/core/core';
import { KALEYRA_RATE_GUIDANCE } from '../../../electron/core/kaleyra/request-budget';
import { callOk, closedAfterAll, prepaidParentWithCustomers, startTestCore, tempDir } from '../app/support';
import { sendAs } from '../../support/many-subaccounts';
import { VirtualClock } from '../../support/virtual-clock';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SUBACCOUNTS = 3_000;

const open = closedAfterAll();

describe('parent console at 3,000 sub-accounts: the request budget', () => {
  let sandbox: RunningSandbox;
  let core: Core;

  it('20 Spend opens and 20 syncs within 5 minutes never hit the rate limit, and the figures end up equal to the ledger', async () => {
    const clock = new VirtualClock(Date.parse('2026-11-02T06:00:00.000Z'));
    sandbox = await startSandbox({ dataDir: tempDir('budget-sandbox-'), port: 0, clock: { now: clock.now }, deliveryTickMs: 0 });
    open.push(sandbox);
    const { parent, created: subaccounts } = await prepaidParentWithCustomers(sandbox, {
      count: SUBACCOUNTS,
      creditMinor: (i) => 100 + (i % 3) * 50,
    });

    // The sandbox refuses the parent's key past a fifth of Kaleyra's 50,000 requests per 5 minutes
    // (plus 1 % for requests already in flight when the test steps time): exactly the share the
    // app's background work may use. Any burst beyond the budget is answered 429 and counted.
    const backgroundShare = Math.floor(KALEYRA_RATE_GUIDANCE.requests * 0.2);
    sandbox.setRateLimit(parent.sid, { requests: Math.ceil(backgroundShare * 1.01), windowMs: KALEYRA_RATE_GUIDANCE.windowMs });

    core = await startTestCore(tempDir('budget-core-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name }, false, [], {
      clock: clock.now,
      requestBudget: { sleep: clock.sleep },
    });
    open.push(core);
    const period = { from: new Date(clock.now() - DAY).toISOString(), to: new Date(clock.now() + 2 * DAY).toISOString(), zone: 'Asia/Kolkata' };

    // Every 97th customer sends, some before the first open and more halfway through.
    const senders = subaccounts.filter((_, index) => index % 97 === 0);
    const send = (round: number) =>
      Promise.all(
        senders.map((account, index) =>
          sendAs(sandbox.url, account, `+9198${String(10_000_000 + index * 10 + round).padStart(8, '0')}`, `Diwali offer ${round} for ${account.name}`),
        ),
      );

    const firstOpenAt = clock.now();
    let lastOpenAt = firstOpenAt;
    for (let open = 0; open < 20; open++) {
      // One open and one sync every 14 s (the background work moves time on too, as it paces itself).
      await clock.advanceTo(firstOpenAt + open * 14_000);
      if (open === 0 || open === 10) await send(open);
      lastOpenAt = clock.now();
      const summary = await callOk(core, 'spend.summary', period);
      expect(summary.refresh.lastRefreshedAt === null || Date.parse(summary.refresh.lastRefreshedAt) <= clock.now()).toBe(true);
      expect((await callOk(core, 'sync.now')).state).toBe('online');
    }
    expect(sandbox.rateLimitRefusals(parent.sid)).toBe(0);
    expect(lastOpenAt - firstOpenAt).toBeLessThanOrEqual(5 * MINUTE);

    // The refresh keeps going in the background, still within the budget; then one more pass,
    // begun after the last send, must bring every account's figures up to the ledger.
    await callOk(core, 'spend.refresh', { wait: true });
    const before = (await callOk(core, 'spend.refresh', { wait: false })).lastRefreshedAt;
    await callOk(core, 'spend.refresh', { wait: true });
    expect((await callOk(core, 'spend.refresh', { wait: false })).lastRefreshedAt).not.toBe(before);
    expect(sandbox.rateLimitRefusals(parent.sid)).toBe(0);

    const summary = await callOk(core, 'spend.summary', period);
    expect(summary.accounts).toHaveLength(1 + parent.subaccounts.length + SUBACCOUNTS);
    let total = 0;
    for (const account of senders) {
      const charged = -sandbox
        .ledgerEntries(account.sid)
        .filter((entry) => entry.kind === 'sms_charge')
        .reduce((sum, entry) => sum + entry.amountMinor, 0);
      expect(charged).toBeGreaterThan(0);
      expect(summary.accounts.find((row) => row.sid === account.sid)).toMatchObject({ actualMinor: charged, messages: 2, problem: null });
      total += charged;
    }
    expect(summary.totals.actualMinor).toBe(total);
  }, 240_000);
});
