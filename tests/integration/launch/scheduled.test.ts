import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  apiSends,
  apiSendTimes,
  callOk,
  closedAfterEach,
  draftCampaign,
  expectEachSentOnce,
  indianMobiles,
  kolkataAudience,
  launch,
  seedAudience,
  startLaunchRigBehindFaultProxy,
  usNumbers,
  waitUntilCancelledAtApi,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

const DAY = 24 * 3_600_000;

describe('scheduled waves and the status pull', () => {
  it('schedules each zone’s wave at the API with its local offset, pulls statuses, and cancels what is still scheduled there', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'launch-scheduled-' });
    const india = indianMobiles(150);
    const us = usNumbers(50);
    const audienceId = seedAudience(dataDir, [
      ...india.map((phone, index) => ({
        phone,
        country: 'IN',
        zone: 'Asia/Kolkata',
        language: index % 2 === 0 ? 'hi' : 'en-IN',
        fields: { first_name: `Asha${index % 3}` },
      })),
      ...us.map((phone) => ({ phone, country: 'US', zone: 'America/New_York', language: 'en' })),
    ]);
    const localDate = DateTime.utc().plus({ days: 3 }).toISODate() ?? '';
    const campaign = await draftCampaign(core, audienceId, {
      schedule: { kind: 'local', localDate, localTime: '10:00' },
      quietHours: { mode: 'presets' },
      variants: [
        { language: 'en', body: 'Hi {{first_name|there}}, our sale starts today.', isDefault: true },
        { language: 'hi', body: 'नमस्ते {{first_name|दोस्त}}, हमारी बड़ी सेल आज से शुरू हो रही है, सभी कपड़ों पर 20% की छूट 🎉', isDefault: false },
      ],
    });

    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(plan.waves.map((wave) => [wave.zone, wave.localTime, wave.submit])).toEqual([
      ['Asia/Kolkata', '10:00', 'scheduled'],
      ['America/New_York', '10:00', 'scheduled'],
    ]);
    // Personalised bodies batch by identical text: 3 names × 2 languages in India, one text for the US.
    expect(plan.requests).toBe(6 + 1);
    expect(plan.segments.max).toBeGreaterThan(plan.segments.min);
    expect(plan.estimate.byCountry.map((entry) => entry.country).sort()).toEqual(['IN', 'US']);

    await launch(core, campaign.id);
    const sent = await waitUntilSent(core, campaign.id);
    expect(sent).toMatchObject({ status: 'scheduled', requests: { accepted: 7 }, totals: { scheduled: 200, reservedMinor: 0 } });
    // Kaleyra's `time`: the wave's local wall time with its zone's offset.
    const times = apiSendTimes(proxy);
    expect(times).toHaveLength(7);
    expect(new Set(times)).toEqual(new Set([`${localDate}T10:00:00+05:30`, expect.stringMatching(new RegExp(`^${localDate}T10:00:00-0[45]:00$`))]));

    expect((await callOk(core, 'campaigns.syncStatuses')).mode).toBe('logs');
    const billingBefore = await balance(sandbox.url, account);
    expect((await callOk(core, 'campaigns.progress', { id: campaign.id })).totals).toMatchObject({ scheduled: 200, chargedMinor: billingBefore.charged });

    const cancelling = await callOk(core, 'campaigns.cancel', { id: campaign.id });
    expect(cancelling.status).toBe('cancelled');
    await waitUntilCancelledAtApi(core, campaign.id);
    await callOk(core, 'campaigns.syncStatuses');
    const cancelled = await callOk(core, 'campaigns.progress', { id: campaign.id });
    expect(cancelled.totals).toMatchObject({ cancelled: 200, scheduled: 0, chargedMinor: 0 });
    expect(cancelled.waves.map((wave) => wave.status)).toEqual(['cancelled', 'cancelled']);
    expect((await balance(sandbox.url, account)).balance).toBe(billingBefore.balance + billingBefore.charged / 100);
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('lets scheduled waves go out at their time and follows them to delivered, by the log or by the documented status API', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'launch-status-' }, (startingProxy) => {
      // A real account has no message log: the pull must fall back to /sms/status.
      startingProxy.inject({ method: 'GET', path: /\/sms\/logs$/, fault: { kind: 'respond', status: 404 }, times: Number.MAX_SAFE_INTEGER });
    });
    const phones = indianMobiles(300);
    phones[0] = '+919812340000'; // the sandbox reports …0000 as absent (UnDelivered, refunded)
    const audienceId = kolkataAudience(dataDir, phones);
    const campaign = await draftCampaign(core, audienceId, { schedule: { kind: 'instant', utc: new Date(Date.now() + DAY).toISOString() } });
    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);

    sandbox.advanceClock(DAY + 60_000);
    const pulled = await callOk(core, 'campaigns.syncStatuses');
    expect(pulled).toMatchObject({ mode: 'status', applied: 300 });
    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    expect(progress).toMatchObject({ status: 'completed', totals: { delivered: 299, undelivered: 1, scheduled: 0 } });
    expect(proxy.seen.get(`GET /v1/${account.sid}/sms/status`)).toBe(3);
    await expectEachSentOnce(sandbox, account, campaign.id, phones);
  });
});

describe('waves too close to schedule at the API', () => {
  it('are held by the outbox and sent at their time, without Kaleyra’s time field', async () => {
    let skewMs = 0;
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, {
      dataDirPrefix: 'launch-held-',
      clock: () => Date.now() + skewMs,
    });
    const phones = indianMobiles(120);
    const audienceId = kolkataAudience(dataDir, phones);
    const campaign = await draftCampaign(core, audienceId, { schedule: { kind: 'instant', utc: new Date(Date.now() + 16 * 60_000).toISOString() } });
    await launch(core, campaign.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(apiSends(proxy)).toHaveLength(0);
    expect((await callOk(core, 'campaigns.progress', { id: campaign.id })).totals).toMatchObject({ queued: 120, reservedMinor: 3_000 });

    // Sixteen minutes later (the desktop's clock), the outbox sends them as they are due.
    skewMs = 16 * 60_000 + 1_000;
    await callOk(core, 'campaigns.pause', { id: campaign.id });
    await callOk(core, 'campaigns.resume', { id: campaign.id });
    const sent = await waitUntilSent(core, campaign.id);
    expect(sent.requests).toMatchObject({ accepted: 2, failed: 0 });
    expect(apiSendTimes(proxy)).toEqual([undefined, undefined]);
    await expectEachSentOnce(sandbox, account, campaign.id, phones);
  });
});

async function balance(url: string, account: { sid: string; apiKey: string }): Promise<{ balance: number; charged: number }> {
  const response = await fetch(`${url}/api/v1/${account.sid}/billing`, { headers: { 'api-key': account.apiKey } });
  const body = (await response.json()) as { data: { balance: number } };
  // What the scheduled sends cost so far: 10,000 opening balance minus the sub-accounts' funding (2,550) minus the balance now.
  return { balance: body.data.balance, charged: Math.round((7_450 - body.data.balance) * 100) };
}
