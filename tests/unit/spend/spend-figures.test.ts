import { describe, expect, it } from 'vitest';
import type { SmsLogEntry, SmsStatus } from '../../../shared/kaleyra/sms';
import { AccountMessages, campaignOfReference } from '../../../electron/core/spend/account-messages';
import { emptyFigures, figuresBy, figuresOf } from '../../../electron/core/spend/spend-figures';
import { MessageStatusGroup } from '../../../shared/message-status';

let cursor = 0;
function line(messageId: string, status: SmsStatus, charged: number, units = 2, ref: string[] = ['cd:0f5e-campaign:w3:r1']): SmsLogEntry {
  cursor += 1;
  return {
    cursor: String(cursor),
    message_id: messageId,
    id: messageId.split(':')[0] ?? messageId,
    recipient: '+919812345675',
    country: 'IN',
    status,
    status_details: status.toUpperCase(),
    units: charged > 0 ? units : 0,
    charged,
    currency: 'INR',
    ref_custom: ref,
    at: new Date(Date.UTC(2026, 10, 27, 4, 0, cursor)).toISOString(),
  };
}

describe('campaignOfReference', () => {
  it('reads the campaign and wave from our ref_custom, and nothing from foreign references', () => {
    expect(campaignOfReference(['cd:8b1c-uuid:w12:r4'])).toEqual({ campaignId: '8b1c-uuid', waveNo: 12 });
    expect(campaignOfReference(['promo-2026', 'cd:x:w1:r1'])).toEqual({ campaignId: 'x', waveNo: 1 });
    expect(campaignOfReference(['promo-2026'])).toBeNull();
    expect(campaignOfReference([])).toBeNull();
  });
});

describe('spend figures from the message log', () => {
  it('keeps delivered and sent charges, refunds undelivered and cancelled ones, and holds scheduled ones apart', () => {
    const log = new AccountMessages();
    log.fold([
      line('a:0', 'Sent', 0.5),
      line('b:0', 'Sent', 0.5),
      line('c:0', 'Scheduled', 0.5),
      line('d:0', 'Scheduled', 0.5),
      line('e:0', 'NotSent', 0),
      line('f:0', 'Sent', 0.5, 2, ['someone-else']),
    ]);
    log.fold([line('a:0', 'Delivered', 0.5), line('b:0', 'UnDelivered', 0.5), line('d:0', 'NotSent', 0.5)]);
    expect(log.size).toBe(6);
    const all = figuresBy(log.values(), () => 'all').get('all');
    expect(all).toEqual({
      ...emptyFigures(),
      actualMinor: 100, // a (delivered) + f (sent, not final yet)
      actualUnits: 4,
      refundedMinor: 100, // b undelivered, d cancelled
      scheduledMinor: 50,
      scheduledUnits: 2,
      messages: 6,
      scheduledMessages: 1, // c; d was cancelled
      delivered: 1,
      undelivered: 1,
      notSent: 2,
      pending: 2,
    });
    const byCampaign = figuresBy(log.values(), (message) => message.campaignId);
    expect(byCampaign.get(null)?.actualMinor).toBe(50);
    expect(byCampaign.get('0f5e-campaign')?.messages).toBe(5);
  });

  it('dates a message by its first line (when it was charged), not by its last change', () => {
    const log = new AccountMessages();
    const first = line('a:0', 'Sent', 0.25);
    log.fold([first]);
    log.fold([line('a:0', 'Delivered', 0.25)]);
    expect([...log.values()][0]?.acceptedAtMs).toBe(Date.parse(first.at));
  });
});

describe('charges kept', () => {
  it('keeps the charge of exactly the statuses of MessageStatusGroup.chargeKept (the day buckets read the same group in SQL)', () => {
    const statuses: SmsStatus[] = ['Sent', 'Delivered', 'Failed', 'UnDelivered', 'NotSent', 'Scheduled'];
    const kept = statuses.filter((status) => figuresOf([{ status, messages: 1, units: 2, chargedMinor: 150 }]).actualMinor === 150);
    expect(kept.sort()).toEqual([...MessageStatusGroup.chargeKept].sort());
  });
});
