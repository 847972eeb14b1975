import { beforeEach, describe, expect, it } from 'vitest';
import { bucketMinutesFor, campaignTimeline } from '../../../electron/core/campaigns/campaign-timeline';
import { changeFromLog } from '../../../electron/core/outbox/status-puller';
import { CampaignProgressRepository } from '../../../electron/core/store/campaign-progress-repository';
import type { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import type { SqliteDatabase } from '../../../electron/core/store/database';
import type { MessageStatusRepository, StatusChange } from '../../../electron/core/store/message-status-repository';
import type { OutboxRepository } from '../../../electron/core/store/outbox-repository';
import { launchRunningCampaign, openCampaignStore } from './campaign-store-fixture';

const NOW = '2026-03-01T08:00:00.000Z';
const T = Date.parse(NOW);
const MIN = 60_000;
const HOUR = 60 * MIN;
const ACCOUNT = 'HXIN1IN';

let db: SqliteDatabase;
let campaigns: CampaignsRepository;
let outbox: OutboxRepository;
let statuses: MessageStatusRepository;
let progress: CampaignProgressRepository;

/** A two-recipient request of wave `waveNo`, accepted by the API at `acceptedAtMs`; its message ids are `${name}:0` and `${name}:1`. */
function acceptedRequest(name: string, waveNo: number, acceptedAtMs: number, sendAtMs = T): number {
  const id = outbox.insert(
    {
      campaignId: 'c',
      waveNo,
      profileId: 'p1',
      accountSid: ACCOUNT,
      reference: `cd:c:w${waveNo}:${name}`,
      senderId: 'ACME',
      smsType: 'MKT',
      body: 'Hello',
      recipients: [
        { phone: `+9198100${name}1`, rowNumber: 1 },
        { phone: `+9198100${name}2`, rowNumber: 2 },
      ],
      sendAtMs,
      zone: 'Asia/Kolkata',
      estimatedCostMinor: 50,
      currency: 'INR',
      nextAttemptMs: T,
    },
    T,
  );
  outbox.accept(id, { apiSendId: name, messageIds: [`${name}:0`, `${name}:1`], chargedMinor: 50, scheduledAtApi: sendAtMs > acceptedAtMs }, acceptedAtMs);
  return id;
}

let seq = 0;
const change = (messageId: string, status: StatusChange['status'], atMs: number | null, details = status.toUpperCase()): StatusChange => ({
  messageId,
  status,
  details,
  chargedMinor: 25,
  seq: ++seq,
  reference: null,
  atMs,
});
const apply = (changes: StatusChange[], appliedAtMs: number) =>
  statuses.applyBatch('p1', ACCOUNT, changes, { mode: 'logs', value: String(seq) }, () => false, appliedAtMs);

beforeEach(() => {
  ({ db, campaigns, outbox, statuses } = openCampaignStore({ sid: ACCOUNT, createdAt: NOW }));
  progress = new CampaignProgressRepository(db);
  launchRunningCampaign(campaigns, { id: 'c', accountSid: ACCOUNT, at: NOW });
});

const record = () => campaigns.get('p1', 'c')!;

describe('the stored delivery timeline', () => {
  it('picks the smallest bucket size that keeps the timeline within 120 buckets', () => {
    expect(bucketMinutesFor(0)).toBe(1);
    expect(bucketMinutesFor(119 * MIN)).toBe(1);
    expect(bucketMinutesFor(120 * MIN)).toBe(5);
    expect(bucketMinutesFor(10 * HOUR)).toBe(15);
    expect(bucketMinutesFor(3 * 24 * HOUR)).toBe(60);
    expect(bucketMinutesFor(20 * 24 * HOUR)).toBe(360);
    expect(bucketMinutesFor(100 * 24 * HOUR)).toBe(1440);
    expect(bucketMinutesFor(400 * 24 * HOUR)).toBe(1440);
  });

  it('is empty before anything was handed to the API', () => {
    expect(campaignTimeline(progress, record(), null, T)).toEqual({ bucketMinutes: 1, buckets: [] });
  });

  it('counts sends at acceptance (or their later send time) and statuses at the API’s time, widening buckets when statuses come late', () => {
    acceptedRequest('a', 1, T + MIN);
    acceptedRequest('b', 2, T + 5 * HOUR);
    // Accepted early but scheduled at the API for later: it is sent at its time.
    acceptedRequest('s', 2, T + 5 * HOUR, T + 6 * HOUR + 30 * MIN);
    apply(
      [
        change('a:0', 'Delivered', T + 2 * MIN),
        change('a:1', 'UnDelivered', T + 3 * 24 * HOUR),
        change('b:0', 'NotSent', T + 5 * HOUR + MIN, 'CANCELLED'),
        change('b:1', 'NotSent', T + 5 * HOUR + 2 * MIN, 'EXPIRED'),
        // The documented status API gives no time: the time it was applied counts.
        change('s:0', 'Delivered', null),
      ],
      T + 7 * HOUR + 10 * MIN,
    );
    // Sends alone span 6.5 h (15-minute buckets); the late undelivered report makes it 3 days: hours.
    const LATER = T + 4 * 24 * HOUR;
    // Before its time, the scheduled request is not sent yet.
    const early = campaignTimeline(progress, record(), null, T + 6 * HOUR);
    expect(early.buckets.reduce((sum, bucket) => sum + bucket.sent, 0)).toBe(4);
    const whole = campaignTimeline(progress, record(), null, LATER);
    expect(whole.bucketMinutes).toBe(60);
    expect(whole.buckets).toHaveLength(73);
    expect(whole.buckets[0]).toEqual({ startUtc: NOW, sent: 2, delivered: 1, undelivered: 0, notSent: 0 });
    expect(whole.buckets[5]).toEqual({ startUtc: '2026-03-01T13:00:00.000Z', sent: 2, delivered: 0, undelivered: 0, notSent: 1 });
    expect(whole.buckets[6]).toMatchObject({ sent: 2, delivered: 0 });
    expect(whole.buckets[7]).toMatchObject({ sent: 0, delivered: 1 });
    expect(whole.buckets[72]).toEqual({ startUtc: '2026-03-04T08:00:00.000Z', sent: 0, delivered: 0, undelivered: 1, notSent: 0 });
    const total = (key: 'sent' | 'delivered' | 'undelivered' | 'notSent') => whole.buckets.reduce((sum, bucket) => sum + bucket[key], 0);
    expect([total('sent'), total('delivered'), total('undelivered'), total('notSent')]).toEqual([6, 2, 1, 1]);

    // One wave starts at its own first send, in buckets that fit its own span.
    const second = campaignTimeline(progress, record(), 2, LATER);
    expect(second.bucketMinutes).toBe(5);
    expect(second.buckets[0]).toEqual({ startUtc: '2026-03-01T13:00:00.000Z', sent: 2, delivered: 0, undelivered: 0, notSent: 1 });
    expect(second.buckets.at(-1)).toEqual({ startUtc: '2026-03-01T15:10:00.000Z', sent: 0, delivered: 1, undelivered: 0, notSent: 0 });
    expect(second.buckets.length).toBeLessThanOrEqual(120);
  });

  it('keeps the first acceptance time, and dates changes parked before acceptance at the acceptance', () => {
    const id = acceptedRequest('a', 1, T + MIN);
    expect(outbox.accept(id, { apiSendId: 'a', messageIds: ['a:0', 'a:1'], chargedMinor: 50, scheduledAtApi: false }, T + 30 * MIN)).toBe(false);
    expect(db.prepare('SELECT accepted_at_ms FROM outbox WHERE id = ?').pluck().get(id)).toBe(T + MIN);

    // A report for a message whose request is not recorded yet is parked, then adopted.
    const reference = 'cd:c:w1:late';
    statuses.applyBatch(
      'p1',
      ACCOUNT,
      [{ ...change('late:0', 'Delivered', T + 2 * MIN), reference }],
      { mode: 'logs', value: '9' },
      () => true,
      Date.parse(NOW),
    );
    const late = outbox.insert(
      {
        campaignId: 'c',
        waveNo: 1,
        profileId: 'p1',
        accountSid: ACCOUNT,
        reference,
        senderId: 'ACME',
        smsType: 'MKT',
        body: 'Hi',
        recipients: [{ phone: '+919810099991', rowNumber: 3 }],
        sendAtMs: T,
        zone: 'Asia/Kolkata',
        estimatedCostMinor: 25,
        currency: 'INR',
        nextAttemptMs: T,
      },
      T,
    );
    db.transaction(() => {
      outbox.accept(late, { apiSendId: 'late', messageIds: ['late:0'], chargedMinor: 25, scheduledAtApi: false }, T + 3 * MIN);
      expect(statuses.adoptParked('p1', reference, T + 3 * MIN)).toBe(1);
    })();
    expect(db.prepare("SELECT status, status_at_ms FROM campaign_messages WHERE message_id = 'late:0'").get()).toEqual({
      status: 'Delivered',
      status_at_ms: T + 3 * MIN,
    });
  });

  it('reads the time of a log entry', () => {
    const entry = {
      cursor: '7',
      message_id: 'm',
      id: 's',
      recipient: '+919810000001',
      country: 'IN',
      status: 'Delivered' as const,
      status_details: 'DELIVERED',
      units: 1,
      charged: 0.25,
      currency: 'INR',
      ref_custom: ['r'],
      at: '2026-03-01T08:02:03.000Z',
    };
    expect(changeFromLog(entry).atMs).toBe(Date.parse('2026-03-01T08:02:03.000Z'));
    expect(changeFromLog({ ...entry, at: 'whenever' }).atMs).toBeNull();
  });
});
