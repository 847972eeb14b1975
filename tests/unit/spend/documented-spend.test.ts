import { describe, expect, it } from 'vitest';
import { spendFromStatuses } from '../../../electron/core/spend/documented-spend';
import type { PricedMessage } from '../../../electron/core/store/documented-spend-repository';

const PRICES = [
  { country: 'IN', currency: 'INR', unitPrice: '0.25', entered: true },
  { country: 'GB', currency: 'INR', unitPrice: '3.2', entered: true },
];
const GSM_TWO_PARTS = 'x'.repeat(161);
const HINDI_ONE_PART = 'नमस्ते';

function message(outboxId: number, body: string, recipient: string, status: PricedMessage['status'], details: string | null, waveNo = 1): PricedMessage {
  return { outboxId, body, recipient, status, details, waveNo };
}

describe('spend computed from documented statuses', () => {
  it('keeps delivered, sent and scheduled charges, refunds undelivered and cancelled ones, never charges other NotSent', () => {
    const spend = spendFromStatuses(
      [
        message(1, GSM_TWO_PARTS, '+919812345678', 'Delivered', 'DELIVERED'),
        message(1, GSM_TWO_PARTS, '+919812345679', 'Sent', 'SENT'),
        message(2, HINDI_ONE_PART, '+447400123456', 'Scheduled', 'SCHEDULED', 2),
        message(3, GSM_TWO_PARTS, '+919812340001', 'UnDelivered', 'MOB-OFF'),
        message(4, HINDI_ONE_PART, '+447400123457', 'NotSent', 'CANCELLED', 2),
        message(5, GSM_TWO_PARTS, '+919812340002', 'NotSent', 'OPT-OUT'),
        message(5, GSM_TWO_PARTS, '+919812340003', 'NotSent', 'NO-CREDITS'),
      ],
      PRICES,
    );
    // Kept: 2 + 2 units in India at 25 paise, 1 unit in the UK at 320 paise.
    expect(spend.actualMinor).toBe(2 * 25 + 2 * 25 + 320);
    expect(spend.units).toBe(5);
    // Refunded: 2 units in India, 1 unit in the UK; the opted-out and no-credit messages were never charged.
    expect(spend.refundedMinor).toBe(2 * 25 + 320);
    expect([...spend.byWave]).toEqual([
      [1, 100],
      [2, 320],
    ]);
    expect(spend.unpriced.size).toBe(0);
  });

  it('names a destination the launch kept no price for instead of counting it as 0', () => {
    const spend = spendFromStatuses([message(1, 'Hi', '+6581234567', 'Delivered', 'DELIVERED')], PRICES);
    expect([...spend.unpriced]).toEqual(['SG']);
    expect(spend.actualMinor).toBe(0);
  });
});
