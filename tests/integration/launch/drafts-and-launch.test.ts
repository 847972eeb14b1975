import { describe, expect, it } from 'vitest';
import {
  callError,
  callOk,
  closedAfterEach,
  expectEachSentOnce,
  indianAudience,
  indianMobiles,
  launch,
  parentAccount,
  pullFinalStatuses,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

describe('campaign drafts and a small launch', () => {
  it('drafts offline, keeps them across a restart, then plans and launches once online', async () => {
    const sandbox = await startLaunchSandbox();
    open.push(sandbox);
    const online = parentAccount(sandbox, 'prepaid');
    const dataDir = tempDir('launch-core-');

    // Offline: the API's address answers nothing.
    const offline = await startLaunchCore(dataDir, { ...online, url: 'http://127.0.0.1:9' });
    const audienceId = indianAudience(dataDir, 250);
    const created = await callOk(offline, 'campaigns.create', { name: 'Diwali' });
    expect(created).toMatchObject({ status: 'draft', revision: 1, audienceId: null, quietHours: { mode: 'presets' } });
    const edited = await callOk(offline, 'campaigns.update', {
      id: created.id,
      revision: created.revision,
      audienceId,
      senderId: 'ACME',
      routeType: 'transactional',
      schedule: { kind: 'now' },
      quietHours: { mode: 'off' },
      variants: [{ language: 'en', body: 'Diwali offers inside', isDefault: true }],
    });
    expect(edited.revision).toBe(2);
    // A stale edit (another window still at revision 1) is refused, not merged.
    expect((await callError(offline, 'campaigns.update', { id: created.id, revision: 1, name: 'Other' })).code).toBe('CAMPAIGN_CONFLICT');
    const offlinePlan = await callOk(offline, 'campaigns.plan', { id: created.id });
    expect(offlinePlan.waves).toHaveLength(1);
    expect(offlinePlan.funds.source).toBe('none');
    expect(offlinePlan.budget).toBeNull();
    const refused = await callError(offline, 'campaigns.launch', { id: created.id, revision: edited.revision });
    expect(refused.code).toBe('API_UNREACHABLE');
    expect((await callOk(offline, 'campaigns.get', { id: created.id })).status).toBe('draft');
    const throwaway = await callOk(offline, 'campaigns.create', { name: 'Scratch' });
    expect(await callOk(offline, 'campaigns.delete', { id: throwaway.id })).toEqual({ deleted: true });
    offline.close();

    // Online again, same data folder: the draft is there, untouched by any pull.
    const core = await startLaunchCore(dataDir, online);
    open.push(core);
    await callOk(core, 'sync.now');
    const list = await callOk(core, 'campaigns.list');
    expect(list.map((c) => c.name)).toEqual(['Diwali']);
    expect(await callOk(core, 'campaigns.get', { id: created.id })).toEqual(edited);

    const plan = await callOk(core, 'campaigns.plan', { id: created.id });
    expect(plan.funds.source).toBe('live');
    expect(plan.currency).toBe('INR');
    expect(plan.estimate).toMatchObject({ recipients: 250, units: 250, totalMinor: 250 * 25 });
    expect(plan.budget).toMatchObject({ fits: true, neededMinor: 6250 });
    expect(plan.requests).toBe(3);

    const launched = await launch(core, created.id);
    expect(launched.totals.recipients).toBe(250);
    expect(launched.totals.reservedMinor).toBe(6250);
    const frozen = await callOk(core, 'campaigns.get', { id: created.id });
    const editAfterLaunch = await callError(core, 'campaigns.update', { id: created.id, revision: frozen.revision, name: 'x' });
    expect(editAfterLaunch).toMatchObject({ code: 'CAMPAIGN_CONFLICT' });
    expect(editAfterLaunch.message).toMatch(/launched/);
    const sent = await waitUntilSent(core, created.id);
    expect(sent.requests).toMatchObject({ total: 3, accepted: 3, failed: 0 });
    expect(sent.totals.reservedMinor).toBe(0);
    expect(sent.waves.map((wave) => [wave.zone, wave.status, wave.recipients])).toEqual([['Asia/Kolkata', 'sent', 250]]);

    const pulled = await pullFinalStatuses(core, sandbox);
    expect(pulled.mode).toBe('logs');
    expect(pulled.applied).toBeGreaterThanOrEqual(500);
    const done = await callOk(core, 'campaigns.progress', { id: created.id });
    expect(done).toMatchObject({ status: 'completed', totals: { delivered: 250, queued: 0, chargedMinor: 6250 } });

    await expectEachSentOnce(sandbox, online, created.id, indianMobiles(250));
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
