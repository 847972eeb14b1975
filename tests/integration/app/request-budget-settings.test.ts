import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../../sandbox/server';
import { startFaultProxy } from '../../support/fault-proxy';
import { VirtualClock } from '../../support/virtual-clock';
import { callOk, closedAfterAll, prepaidParentWithCustomers, startTestCore, tempDir } from './support';

const open = closedAfterAll();

describe("a profile's request budget, set by its user", () => {
  it('is validated, kept across a restart, and paces background work to the share of the limit it names', async () => {
    const clock = new VirtualClock(Date.parse('2026-11-02T06:00:00.000Z'));
    const sandbox = await startSandbox({ dataDir: tempDir('budget-settings-sandbox-'), port: 0, clock: { now: clock.now }, deliveryTickMs: 0 });
    open.push(sandbox);
    const { parent } = await prepaidParentWithCustomers(sandbox, { count: 30, creditMinor: () => 1_00, tag: 'Budget' });
    const proxy = await startFaultProxy(sandbox.url);
    open.push(proxy);
    const dataDir = tempDir('budget-settings-');
    const account = { url: proxy.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name };
    const more = { clock: clock.now, requestBudget: { sleep: clock.sleep } };
    let core = await startTestCore(dataDir, account, false, [], more);
    const profileId = 'sandbox';

    expect(await callOk(core, 'profiles.requestBudget', { profileId })).toEqual({
      backgroundSharePercent: 20,
      limitRequests: 50_000,
      limitWindowMinutes: 5,
      isDefault: true,
      backgroundAllowance: 10_000,
    });
    // Out of bounds or not whole numbers: refused, nothing changes.
    for (const settings of [
      { backgroundSharePercent: 80, limitRequests: 600, limitWindowMinutes: 1 },
      { backgroundSharePercent: 5, limitRequests: 0, limitWindowMinutes: 1 },
      { backgroundSharePercent: 5, limitRequests: 600, limitWindowMinutes: 1.5 },
      { backgroundSharePercent: '5', limitRequests: 600, limitWindowMinutes: 1 },
    ]) {
      const refused = await core.call('profiles.setRequestBudget', { profileId, settings });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await callOk(core, 'profiles.requestBudget', { profileId })).isDefault).toBe(true);

    // 5 % of 600 a minute: 30 background requests a minute, one every 2 s.
    const set = await callOk(core, 'profiles.setRequestBudget', {
      profileId,
      settings: { backgroundSharePercent: 5, limitRequests: 600, limitWindowMinutes: 1 },
    });
    expect(set).toMatchObject({ isDefault: false, backgroundAllowance: 30 });
    core.close();
    core = await startTestCore(dataDir, account, false, [], more);
    open.push(core);
    expect(await callOk(core, 'profiles.requestBudget', { profileId })).toEqual(set);

    await callOk(core, 'sync.now');
    const before = proxy.timeline.length;
    const started = clock.now();
    await callOk(core, 'spend.refresh', { wait: true });
    const requests = proxy.timeline.length - before;
    const elapsed = clock.now() - started;
    expect(requests).toBeGreaterThan(30);
    // Every background request waited for its slot: no minute held more than 30 of them.
    expect(elapsed).toBeGreaterThanOrEqual((requests - 1) * 2_000);
    expect(sandbox.rateLimitRefusals(parent.sid)).toBe(0);

    // Back to the defaults.
    expect(await callOk(core, 'profiles.setRequestBudget', { profileId, settings: null })).toMatchObject({ isDefault: true, backgroundAllowance: 10_000 });
  }, 120_000);
});
