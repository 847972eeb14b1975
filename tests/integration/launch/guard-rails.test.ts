import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  apiSendTimes,
  callError,
  callOk,
  closedAfterEach,
  draftCampaign,
  ENGLISH_AND_HINDI_VARIANTS,
  expectEachSentOnce,
  indianMobiles,
  kolkataAudience,
  launch,
  pullFinalStatuses,
  startLaunchRig,
  startLaunchRigBehindFaultProxy,
  waitUntilSent,
  withCoreDatabase,
} from './support';

const open = closedAfterEach();

const MINUTE = 60_000;
/** One sending window everywhere, 09:00–21:00 local, every day. */
const WINDOW = { from: '09:00', until: '21:00', noSendDays: [] };
const NINE_TO_NINE = { mode: 'custom', byCountry: { IN: WINDOW }, otherwise: WINDOW } as const;

/** The outbox rows of a campaign as the launch wrote them, read from the core's own file. */
function outboxRows(dataDir: string, campaignId: string): Array<{ send_at_ms: number; recipient_count: number; next_attempt_ms: number }> {
  return withCoreDatabase(dataDir, (db) =>
    db
      .prepare<{ campaignId: string }, { send_at_ms: number; recipient_count: number; next_attempt_ms: number }>(
        'SELECT send_at_ms, recipient_count, next_attempt_ms FROM outbox WHERE campaign_id = @campaignId ORDER BY id',
      )
      .all({ campaignId }),
  );
}

describe('throttle', () => {
  it('spreads each wave’s requests over the minutes the plan shows, durably in the outbox and at the API with their own times', async () => {
    const { sandbox, proxy, account, dataDir, core } = await startLaunchRigBehindFaultProxy(open, { dataDirPrefix: 'guard-throttle-', synced: true });
    const phones = indianMobiles(250);
    const audienceId = kolkataAudience(dataDir, phones);
    // Two days ahead at 10:30 in Kolkata: well inside the window and far enough to schedule at the API.
    const start = DateTime.utc().plus({ days: 2 }).setZone('Asia/Kolkata').set({ hour: 10, minute: 30, second: 0, millisecond: 0 });
    const campaign = await draftCampaign(core, audienceId, {
      schedule: { kind: 'instant', utc: start.toUTC().toISO({ suppressMilliseconds: true }) },
      quietHours: NINE_TO_NINE,
      throttlePerMinute: 60,
    });
    expect(campaign.throttlePerMinute).toBe(60);
    expect(campaign.frequencyCapHours).toBeNull();

    // 60 a minute is below a 100-recipient request: requests of 60, 60, 60, 60, 10 at minutes 0…4.
    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(plan.requests).toBe(5);
    expect(plan.waves).toHaveLength(1);
    expect(plan.waves[0]).toMatchObject({ utc: start.toUTC().toISO(), lastUtc: start.plus({ minutes: 4 }).toUTC().toISO(), spreadsPastWindow: false });

    await launch(core, campaign.id);
    const expectedMs = [0, 1, 2, 3, 4].map((minutes) => start.toMillis() + minutes * MINUTE);
    expect(outboxRows(dataDir, campaign.id).map((row) => [row.send_at_ms, row.recipient_count])).toEqual([
      [expectedMs[0], 60],
      [expectedMs[1], 60],
      [expectedMs[2], 60],
      [expectedMs[3], 60],
      [expectedMs[4], 10],
    ]);

    const sent = await waitUntilSent(core, campaign.id);
    expect(sent.requests).toMatchObject({ total: 5, accepted: 5, failed: 0 });
    // Each request reached the API with its own `time`, the wave's zone offset kept.
    const times = apiSendTimes(proxy);
    const day = start.toISODate() ?? '';
    expect([...times].sort()).toEqual([30, 31, 32, 33, 34].map((minute) => `${day}T10:${minute}:00+05:30`));
    await expectEachSentOnce(sandbox, account, campaign.id, phones);
  });

  it('refuses a launch whose spread runs into quiet hours, and shows it in the plan', async () => {
    const { dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'guard-quiet-', synced: true });
    const audienceId = kolkataAudience(dataDir, indianMobiles(250));
    const localDate = DateTime.utc().plus({ days: 2 }).toISODate() ?? '';
    // 20:50 with 10 a minute: 25 requests, the last at 21:14, after the window closes at 21:00.
    const campaign = await draftCampaign(core, audienceId, {
      schedule: { kind: 'local', localDate, localTime: '20:50' },
      quietHours: NINE_TO_NINE,
      throttlePerMinute: 10,
    });
    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(plan.waves[0]).toMatchObject({
      localTime: '20:50',
      allowedUntil: DateTime.fromISO(`${localDate}T21:00`, { zone: 'Asia/Kolkata' }).toUTC().toISO(),
      lastUtc: DateTime.fromISO(`${localDate}T21:14`, { zone: 'Asia/Kolkata' }).toUTC().toISO(),
      spreadsPastWindow: true,
    });
    const refused = await callError(core, 'campaigns.launch', { id: campaign.id, revision: campaign.revision });
    expect(refused).toMatchObject({ code: 'CAMPAIGN_INCOMPLETE', field: 'throttlePerMinute' });
    expect(refused.message).toMatch(
      /the Asia\/Kolkata wave of .* would still be sending at 21:14 local time but must stop before 21:00 .*Raise the throttle or pick an earlier time/,
    );
    expect(outboxRows(dataDir, campaign.id)).toEqual([]);
    expect((await callOk(core, 'campaigns.get', { id: campaign.id })).status).toBe('draft');

    // 100 a minute finishes at 20:52: it launches.
    const faster = await callOk(core, 'campaigns.update', { id: campaign.id, revision: campaign.revision, throttlePerMinute: 100 });
    const fits = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(fits.waves[0]).toMatchObject({
      lastUtc: DateTime.fromISO(`${localDate}T20:52`, { zone: 'Asia/Kolkata' }).toUTC().toISO(),
      spreadsPastWindow: false,
    });
    await launch(core, faster.id);
    expect(outboxRows(dataDir, campaign.id)).toHaveLength(3);
  });
});

describe('suppression and frequency cap at plan and launch', () => {
  it('leaves out a number suppressed after the import, and counts it', async () => {
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'guard-suppressed-', synced: true });
    const phones = indianMobiles(120);
    const campaign = await draftCampaign(core, kolkataAudience(dataDir, phones));
    expect((await callOk(core, 'campaigns.plan', { id: campaign.id })).excluded).toEqual({ suppressed: 0, recentlyMessaged: 0, noPrice: 0 });

    const optedOut = phones.slice(10, 13);
    expect(await callOk(core, 'suppressions.add', { numbers: optedOut.join('\n'), reason: 'opt_out', defaultCountry: null })).toMatchObject({ added: 3 });
    const plan = await callOk(core, 'campaigns.plan', { id: campaign.id });
    expect(plan.excluded).toEqual({ suppressed: 3, recentlyMessaged: 0, noPrice: 0 });
    expect(plan.accounting.leftOut).toContainEqual({ reason: 'suppressed', recipients: 3 });
    expect(plan.estimate.recipients).toBe(117);

    const launched = await launch(core, campaign.id);
    expect(launched.totals.recipients).toBe(117);
    await waitUntilSent(core, campaign.id);
    const counts = await expectEachSentOnce(
      sandbox,
      account,
      campaign.id,
      phones.filter((phone) => !optedOut.includes(phone)),
    );
    for (const phone of optedOut) expect(counts.get(phone)).toBeUndefined();
  });

  it('leaves out exactly the recipients this profile messaged within the cap, and includes them without one', async () => {
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'guard-cap-', synced: true });
    const first = indianMobiles(100);
    const second = indianMobiles(100, 60); // 40 of them were in the first audience
    const overlap = second.filter((phone) => first.includes(phone));
    expect(overlap).toHaveLength(40);

    const campaign1 = await draftCampaign(core, kolkataAudience(dataDir, first));
    await launch(core, campaign1.id);
    expect(await waitUntilSent(core, campaign1.id)).toMatchObject({ requests: { accepted: 1 } });
    await pullFinalStatuses(core, sandbox);
    expect((await callOk(core, 'campaigns.progress', { id: campaign1.id })).totals).toMatchObject({ delivered: 100 });

    const campaign2 = await draftCampaign(core, kolkataAudience(dataDir, second), { name: 'Follow-up', frequencyCapHours: 24 });
    const capped = await callOk(core, 'campaigns.plan', { id: campaign2.id });
    expect(capped.excluded).toEqual({ suppressed: 0, recentlyMessaged: 40, noPrice: 0 });
    expect(capped.accounting.leftOut).toContainEqual({ reason: 'frequency_cap', recipients: 40 });
    expect(capped.accounting.inWaves).toBe(capped.waves.reduce((sum, wave) => sum + wave.recipients, 0));
    expect(capped.estimate.recipients).toBe(60);

    const uncapped = await callOk(core, 'campaigns.update', { id: campaign2.id, revision: campaign2.revision, frequencyCapHours: null });
    const all = await callOk(core, 'campaigns.plan', { id: campaign2.id });
    expect(all.excluded).toEqual({ suppressed: 0, recentlyMessaged: 0, noPrice: 0 });
    expect(all.estimate.recipients).toBe(100);

    const recapped = await callOk(core, 'campaigns.update', { id: campaign2.id, revision: uncapped.revision, frequencyCapHours: 24 });
    const launched = await launch(core, recapped.id);
    expect(launched.totals.recipients).toBe(60);
    await waitUntilSent(core, campaign2.id);
    await expectEachSentOnce(
      sandbox,
      account,
      campaign2.id,
      second.filter((phone) => !overlap.includes(phone)),
    );
  });
});

describe('variant stored per message', () => {
  it('exports the variant each recipient was sent, even after the audience’s languages change', async () => {
    const { dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'guard-variant-', synced: true });
    const phones = indianMobiles(6);
    const audienceId = kolkataAudience(dataDir, phones, (index) => (index % 2 === 0 ? 'hi' : 'en'));
    const campaign = await draftCampaign(core, audienceId, { variants: ENGLISH_AND_HINDI_VARIANTS });
    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);

    // Someone re-imports with everybody in English: the export still says what was sent.
    withCoreDatabase(dataDir, (db) => {
      db.prepare("UPDATE recipients SET language = 'en' WHERE audience_id = @audienceId").run({ audienceId });
      const stored = db
        .prepare<{ id: string }, { recipient: string; variant: string }>(
          'SELECT recipient, variant FROM campaign_messages WHERE campaign_id = @id ORDER BY row_number',
        )
        .all({ id: campaign.id });
      expect(stored).toEqual(phones.map((phone, index) => ({ recipient: phone, variant: index % 2 === 0 ? 'hi' : 'en' })));
    });
    const exported = await callOk(core, 'campaigns.exportResults', { id: campaign.id });
    const variants = exported.csv
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',').slice(0, 3).join(','));
    expect(variants).toEqual(phones.map((phone, index) => `${phone},1,${index % 2 === 0 ? 'hi' : 'en'}`));
  });
});
