import { describe, expect, it } from 'vitest';
import type { CampaignTimeline } from '../../../shared/calls/campaign-timeline';
import {
  callError,
  callOk,
  closedAfterEach,
  closeNow,
  draftCampaign,
  indianMobiles,
  launch,
  pullFinalStatuses,
  seedAudience,
  startLaunchCore,
  startLaunchRig,
  waitUntilSent,
  withCoreDatabase,
} from './support';

const open = closedAfterEach();

const sum = (timeline: CampaignTimeline, key: 'sent' | 'delivered' | 'undelivered' | 'notSent') =>
  timeline.buckets.reduce((total, bucket) => total + bucket[key], 0);

describe('the stored delivery timeline', () => {
  it('counts sends and final statuses per bucket, matching the progress totals, per wave, and after a restart', { timeout: 120_000 }, async () => {
    const { sandbox, account, dataDir, core } = await startLaunchRig(open, { dataDirPrefix: 'timeline-core-', synced: true });
    // Two zones make two waves; numbers ending 0000–0004 are not delivered by the sandbox.
    const failing = ['+919810000000', '+919810000001', '+919810000002', '+919820000003', '+919820000004'];
    const audienceId = seedAudience(dataDir, [
      ...indianMobiles(180).map((phone) => ({ phone, country: 'IN', zone: 'Asia/Kolkata' })),
      ...failing.slice(0, 3).map((phone) => ({ phone, country: 'IN', zone: 'Asia/Kolkata' })),
      ...indianMobiles(60, 1_000).map((phone) => ({ phone, country: 'IN', zone: 'Asia/Dubai' })),
      ...failing.slice(3).map((phone) => ({ phone, country: 'IN', zone: 'Asia/Dubai' })),
    ]);
    const campaign = await draftCampaign(core, audienceId);
    const launchedAtMs = Date.now();
    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);
    await pullFinalStatuses(core, sandbox);

    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    expect(progress.totals).toMatchObject({ recipients: 245, delivered: 240, undelivered: 5, queued: 0 });
    const whole = await callOk(core, 'campaigns.timeline', { id: campaign.id });
    expect(whole.bucketMinutes).toBe(1);
    expect(whole.buckets.length).toBeGreaterThan(0);
    expect(whole.buckets.length).toBeLessThanOrEqual(120);
    expect(sum(whole, 'delivered')).toBe(progress.totals.delivered);
    expect(sum(whole, 'undelivered')).toBe(progress.totals.undelivered);
    expect(sum(whole, 'notSent')).toBe(progress.totals.notSent);
    // Everything handed to the API: what still waits for a report plus every final status.
    expect(sum(whole, 'sent')).toBe(progress.totals.sent + progress.totals.delivered + progress.totals.undelivered + progress.totals.notSent);
    // Buckets are whole minutes in a row, starting no later than the launch's minute.
    const starts = whole.buckets.map((bucket) => Date.parse(bucket.startUtc));
    starts.forEach((start, index) => {
      expect(start % 60_000).toBe(0);
      if (index > 0) expect(start - starts[index - 1]!).toBe(60_000);
    });
    expect(starts[0]!).toBeLessThanOrEqual(Math.floor(launchedAtMs / 60_000) * 60_000 + 60_000);

    // Each message's time is the log's (the sandbox's clock, moved 10 s ahead) or when it was applied; never empty.
    withCoreDatabase(dataDir, (db) => {
      const missing = db
        .prepare("SELECT COUNT(*) AS n FROM campaign_messages WHERE campaign_id = ? AND status IN ('Delivered', 'UnDelivered') AND status_at_ms IS NULL")
        .get(campaign.id) as { n: number };
      expect(missing.n).toBe(0);
      const unaccepted = db
        .prepare("SELECT COUNT(*) AS n FROM outbox WHERE campaign_id = ? AND state = 'accepted' AND accepted_at_ms IS NULL")
        .get(campaign.id) as { n: number };
      expect(unaccepted.n).toBe(0);
    });

    for (const wave of progress.waves) {
      const timeline = await callOk(core, 'campaigns.timeline', { id: campaign.id, waveNo: wave.waveNo });
      expect(sum(timeline, 'delivered')).toBe(wave.delivered);
      expect(sum(timeline, 'undelivered')).toBe(wave.undelivered);
      expect(sum(timeline, 'sent')).toBe(wave.recipients);
    }
    expect((await callError(core, 'campaigns.timeline', { id: '00000000-0000-4000-8000-000000000000' })).code).toBe('CAMPAIGN_NOT_FOUND');

    // A restart on the same data folder shows the same history.
    closeNow(open, core);
    const again = await startLaunchCore(dataDir, account);
    open.push(again);
    expect(await callOk(again, 'campaigns.timeline', { id: campaign.id })).toEqual(whole);
  });
});
