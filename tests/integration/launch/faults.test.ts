import { describe, expect, it } from 'vitest';
import {
  callOk,
  closedAfterEach,
  draftCampaign,
  expectEachSentOnce,
  FAST_CAMPAIGN_OPTIONS,
  indianAudience,
  indianMobiles,
  launch,
  pullFinalStatuses,
  startLaunchRigBehindFaultProxy,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

const SEND = /^\/v1\/[^/]+\/sms$/;

describe('outbox under injected faults', () => {
  it('delivers every recipient exactly once through 5xx, timeouts, dropped connections, malformed answers and 429s', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'launch-faults-' });
    const recipients = 2_000;
    const audienceId = indianAudience(dataDir, recipients);
    const campaign = await draftCampaign(core, audienceId);

    // Before the first send goes out: refusals the server never sees, and failures after it processed the request.
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'respond', status: 503 }, times: 3 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-respond', status: 502 }, times: 3 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-hang' }, times: 2 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-drop' }, times: 2 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'drop' }, times: 2 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-garble' }, times: 2 });
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'respond', status: 429, headers: { 'retry-after': '1' } }, times: 2 });

    await launch(core, campaign.id);
    const sent = await waitUntilSent(core, campaign.id);
    expect(sent.requests).toMatchObject({ total: 20, accepted: 20, failed: 0 });
    expect(proxy.injected).toEqual({
      respond: 5,
      'forward-then-respond': 3,
      'forward-then-hang': 2,
      'forward-then-drop': 2,
      drop: 2,
      'forward-then-garble': 2,
    });

    await expectEachSentOnce(sandbox, account, campaign.id, indianMobiles(recipients));
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
    // Charged once per recipient, whatever was retried.
    await pullFinalStatuses(core, sandbox);
    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    expect(progress.totals).toMatchObject({ delivered: recipients, chargedMinor: recipients * 25 });
  });

  it('honours Retry-After: after a 429 the account sends nothing until the time asked', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, {
      dataDirPrefix: 'launch-429-',
      campaigns: { ...FAST_CAMPAIGN_OPTIONS, sender: { ...FAST_CAMPAIGN_OPTIONS.sender, maxInFlight: 1 } },
    });
    const audienceId = indianAudience(dataDir, 500);
    const campaign = await draftCampaign(core, audienceId);
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'respond', status: 429, headers: { 'retry-after': '1' } }, times: 1 });

    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);
    const sends = proxy.timeline.filter((entry) => entry.key.startsWith('POST') && SEND.test(entry.key.slice(5)));
    const limited = sends.findIndex((entry) => entry.fault === 'respond');
    expect(limited).toBeGreaterThanOrEqual(0);
    const next = sends[limited + 1];
    expect(next).toBeDefined();
    expect((next?.at ?? 0) - (sends[limited]?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(sends.length).toBe(5 + 1);
    await expectEachSentOnce(sandbox, account, campaign.id, indianMobiles(500));
  });

  it('delivers exactly once when a third of all sends fail at random, in every way the proxy knows', { timeout: 120_000 }, async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'launch-random-faults-' });
    const recipients = 3_000;
    const campaign = await draftCampaign(core, indianAudience(dataDir, recipients));

    // A seeded generator per kind: a failure here replays with the same faults.
    const seeded = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const kinds = [
      { kind: 'respond', status: 500 },
      { kind: 'respond', status: 503 },
      { kind: 'forward-then-respond', status: 502 },
      { kind: 'forward-then-drop' },
      { kind: 'forward-then-garble' },
      { kind: 'drop' },
    ] as const;
    kinds.forEach((fault, index) => proxy.inject({ method: 'POST', path: SEND, fault, times: 6, rate: 0.07, random: seeded(index + 1) }));

    await launch(core, campaign.id);
    const sent = await waitUntilSent(core, campaign.id, 90_000);
    expect(sent.requests).toMatchObject({ total: recipients / 100, accepted: recipients / 100, failed: 0 });
    expect(Object.values(proxy.injected).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);

    await expectEachSentOnce(sandbox, account, campaign.id, indianMobiles(recipients));
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
