import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { spreadOffsetsMinutes } from '../../../electron/core/campaigns/throttle-spread';
import { KALEYRA_REQUEST_RATE } from '../../../electron/core/outbox/request-pacer';
import { startSandbox } from '../../../sandbox/server';
import {
  callError,
  callOk,
  closedAfterEach,
  closeNow,
  draftCampaign,
  draftPersonalisedUsCampaign,
  FAST_CAMPAIGN_OPTIONS,
  indianMobiles,
  kolkataAudience,
  launch,
  parentAccount,
  sandboxAcceptances,
  startLaunchCore,
  startLaunchRig,
  tempDir,
  type SandboxAcceptance,
  waitFor,
  waitUntilAccepted,
  waitUntilSent,
} from './support';

const open = closedAfterEach();
const MINUTE = 60_000;

/** Recipients the sandbox accepted per clock minute (epoch ms ÷ 60,000). */
function perMinute(accepted: readonly SandboxAcceptance[]): Map<number, number> {
  const minutes = new Map<number, number>();
  for (const message of accepted) {
    const minute = Math.floor(message.acceptedAtMs / MINUTE);
    minutes.set(minute, (minutes.get(minute) ?? 0) + 1);
  }
  return minutes;
}

/** "…:w1:r7" → 7 */
const requestNoOf = (reference: string) => Number(/:r(\d+)$/.exec(reference)?.[1] ?? Number.NaN);

describe('send-time guarantees, with the sandbox’s records as the truth', () => {
  it('a throttled campaign keeps its minute cap and its times while a large personalised campaign is going out', { timeout: 300_000 }, async () => {
    // The account's real pace (Kaleyra's 50,000 requests per 5 minutes), shared by both campaigns: the large
    // one's 16,000 requests need over 90 s however fast the machine is, so they compete for the whole time.
    const campaigns = { ...FAST_CAMPAIGN_OPTIONS, sender: { ...FAST_CAMPAIGN_OPTIONS.sender, rate: KALEYRA_REQUEST_RATE } };
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'throttle-under-load-', billing: 'postpaid', campaigns });
    // The large one: every recipient gets a personalised body, so one request each.
    const big = await draftPersonalisedUsCampaign(core, dataDir, 16_000);
    const throttledPhones = indianMobiles(900);
    const THROTTLE = 450;
    const throttled = await draftCampaign(core, kolkataAudience(dataDir, throttledPhones), { senderId: 'GLOBEX', throttlePerMinute: THROTTLE });

    await launch(core, big.id);
    // Let the big campaign's backlog build up before the throttled one joins it.
    await waitUntilAccepted(core, big.id, { requests: 201, what: 'the big campaign to be sending', timeoutMs: 60_000, everyMs: 100 });
    const launched = await launch(core, throttled.id);
    const launchedAtMs = Date.parse(launched.launchedAt ?? '');
    expect(launched.requests.total).toBe(10); // 450 a minute → requests of 90

    await waitUntilSent(core, throttled.id, 180_000, 500);
    const bigProgress = await callOk(core, 'campaigns.progress', { id: big.id });
    // The big campaign was still sending when the throttled one finished: they really competed.
    expect(bigProgress.requests.pending).toBeGreaterThan(0);

    const accepted = await sandboxAcceptances(sandbox, account, throttled.id);
    expect(new Set(accepted.map((message) => message.recipient)).size).toBe(900);
    expect(accepted).toHaveLength(900);
    for (const [minute, recipients] of perMinute(accepted))
      expect(recipients, `minute ${new Date(minute * MINUTE).toISOString()}`).toBeLessThanOrEqual(THROTTLE);

    // Planned: the launch's own spread of ten requests of 90 from the moment of launch.
    const [offsets = []] = spreadOffsetsMinutes([{ startMs: launchedAtMs, requestSizes: Array.from({ length: 10 }, () => 90) }], THROTTLE);
    const lateness = accepted.map((message) => message.acceptedAtMs - (launchedAtMs + (offsets[requestNoOf(message.reference) - 1] ?? Number.NaN) * MINUTE));
    expect(lateness.every(Number.isFinite)).toBe(true);
    expect(Math.max(...lateness)).toBeLessThanOrEqual(60_000);
    await callOk(core, 'campaigns.cancel', { id: big.id });
  });

  it(
    'with the core down across the end of the legal window, nothing is sent after it: the rest waits for the next morning and the monitor says so',
    { timeout: 120_000 },
    async () => {
      // One clock for the sandbox and the core, set to 20:57:30 in India and moved on while the core is down.
      const target = DateTime.now().setZone('Asia/Kolkata').set({ hour: 20, minute: 57, second: 30, millisecond: 0 }).toMillis();
      const shift = { ms: target - Date.now() };
      const clock = () => Date.now() + shift.ms;
      const sandbox = await startSandbox({ dataDir: tempDir('window-end-sandbox-'), port: 0, deliveryTickMs: 0, rateLimit: 'off', clock: { now: clock } });
      open.push(sandbox);
      const account = parentAccount(sandbox, 'prepaid');
      const dataDir = tempDir('window-end-core-');
      let core = await startLaunchCore(dataDir, account, FAST_CAMPAIGN_OPTIONS, clock);
      open.push(core);

      const phones = indianMobiles(300, 5_000);
      const wide = { from: '08:00', until: '23:00', noSendDays: [] };
      // Quiet hours chosen wider than the law: the law's 21:00 is what stops a promotional campaign.
      const campaign = await draftCampaign(core, kolkataAudience(dataDir, phones), {
        routeType: 'promotional',
        quietHours: { mode: 'custom', byCountry: { IN: wide }, otherwise: wide },
        throttlePerMinute: 100,
      });
      const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
      expect(plan.waves[0]?.allowedUntil).toBe(DateTime.fromMillis(target, { zone: 'Asia/Kolkata' }).set({ hour: 21, minute: 0, second: 0 }).toUTC().toISO());
      await launch(core, campaign.id);
      await waitUntilAccepted(core, campaign.id, { requests: 1, what: 'the first minute’s request', timeoutMs: 30_000, everyMs: 50 });
      closeNow(open, core);

      // Down for four minutes: 21:01:30 when it comes back, the two later requests long overdue.
      shift.ms += 4 * MINUTE;
      core = await startLaunchCore(dataDir, account, FAST_CAMPAIGN_OPTIONS, clock);
      open.push(core);
      const progress = await waitFor(
        'the overdue requests to be held',
        async () => {
          const now = await callOk(core, 'campaigns.progress', { id: campaign.id });
          return now.sendRules.some((tally) => tally.outcome === 'held' && tally.recipients === 200) ? now : undefined;
        },
        30_000,
        100,
      );
      const nextMorning = DateTime.fromMillis(target, { zone: 'Asia/Kolkata' }).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0 }).toUTC().toISO();
      expect(progress.sendRules).toEqual([{ reason: 'legal', outcome: 'held', requests: 2, recipients: 200, untilUtc: nextMorning }]);
      expect(progress.requests).toMatchObject({ accepted: 1, pending: 2 });

      const windowEnd = DateTime.fromMillis(target, { zone: 'Asia/Kolkata' }).set({ hour: 21, minute: 0, second: 0 }).toMillis();
      const accepted = await sandboxAcceptances(sandbox, account, campaign.id);
      expect(accepted).toHaveLength(100);
      expect(accepted.filter((message) => message.acceptedAtMs >= windowEnd)).toEqual([]);

      // The next morning they go, once each, inside the window — still at 100 a minute: 09:00:40, then 09:01.
      shift.ms = DateTime.fromISO(nextMorning ?? '').toMillis() + 40_000 - Date.now();
      // Pause and resume wake the sender at once instead of at its next idle look (a minute).
      await callOk(core, 'campaigns.pause', { id: campaign.id });
      await callOk(core, 'campaigns.resume', { id: campaign.id });
      await waitUntilSent(core, campaign.id, 60_000, 200);
      const all = await sandboxAcceptances(sandbox, account, campaign.id);
      expect(new Set(all.map((message) => message.recipient)).size).toBe(300);
      expect(all).toHaveLength(300);
      for (const message of all) {
        const local = DateTime.fromMillis(message.acceptedAtMs, { zone: 'Asia/Kolkata' });
        expect(local.hour >= 9 && local.hour < 21, local.toISO() ?? '').toBe(true);
      }
      for (const [minute, recipients] of perMinute(all)) expect(recipients, `minute ${new Date(minute * MINUTE).toISOString()}`).toBeLessThanOrEqual(100);
    },
  );

  it('a promotional campaign cannot lift quiet hours; a transactional one can', async () => {
    const { dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'promo-quiet-hours-' });
    const audienceId = kolkataAudience(dataDir, indianMobiles(10, 9_000));
    const promotional = await draftCampaign(core, audienceId, { routeType: 'promotional', quietHours: { mode: 'off' } });
    const refused = await callError(core, 'campaigns.plan', { id: promotional.id });
    expect(refused).toMatchObject({
      code: 'CAMPAIGN_INCOMPLETE',
      field: 'quietHours',
      message: expect.stringContaining('Promotional messages must respect quiet hours'),
    });
    expect(await callError(core, 'campaigns.launch', { id: promotional.id, revision: promotional.revision })).toMatchObject({
      code: 'CAMPAIGN_INCOMPLETE',
      field: 'quietHours',
    });

    const transactional = await draftCampaign(core, audienceId, { routeType: 'transactional', quietHours: { mode: 'off' } });
    expect((await callOk(core, 'campaigns.plan', { id: transactional.id })).waves).toHaveLength(1);
  });
});
