import { describe, expect, it } from 'vitest';
import { data, errorCode, sandboxFor, sub } from './harness';

const t = sandboxFor('each');

interface Alert {
  sid: string;
  kind: string;
  amount: number;
  threshold: number;
  emails: string[];
  cursor: string;
}

async function alerts(account: { sid: string; apiKey: string }, since = '') {
  const answer = await t.api('GET', `/api/v1/${account.sid}/alerts?since=${since}`, { key: account.apiKey });
  expect(answer.status).toBe(200);
  return data<{ alerts: Alert[]; next_cursor: string; has_more: boolean }>(answer);
}

describe('billing', () => {
  it('reports a prepaid parent’s currency and balance', async () => {
    const answer = await t.api('GET', `/api/v1/${t.prepaid.sid}/billing`, { key: t.prepaid.apiKey });
    expect(answer.json).toMatchObject({ code: 'RBC103', status: 200 });
    expect(data(answer)).toMatchObject({ sid: t.prepaid.sid, account_type: 'prepaid', currency: 'INR', balance: 7450, credit_limit: null, period: null });
  });

  it('reports a postpaid parent’s limit, usage this month, 75% flag and period', async () => {
    const answer = await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.postpaid.apiKey });
    expect(data(answer)).toMatchObject({
      account_type: 'postpaid',
      currency: 'USD',
      balance: null,
      credit_limit: 5000,
      used_this_month: 300,
      remaining_this_month: 4700,
      usage_75_percent: false,
      period: { start: '2026-01-01T00:00:00.000Z', end: '2026-02-01T00:00:00.000Z' },
    });
  });

  it('starts a new usage period at the month boundary', async () => {
    t.sandbox.advanceClock(25 * 24 * 3600 * 1000);
    const answer = await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.postpaid.apiKey });
    expect(data(answer)).toMatchObject({ used_this_month: 0, period: { start: '2026-02-01T00:00:00.000Z' } });
  });
});

describe('alerts', () => {
  it('records one low-balance alert when the balance crosses the threshold, and re-arms after a top-up', async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    const recharge = (amount: number) =>
      t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts/${south.sid}/recharges`, { key: t.prepaid.apiKey, body: { amount } });
    expect((await alerts(t.prepaid)).alerts).toEqual([]);
    await recharge(-400);
    expect((await alerts(t.prepaid)).alerts).toEqual([]);
    await recharge(-0.01);
    const first = await alerts(south);
    expect(first.alerts).toEqual([
      expect.objectContaining({
        sid: south.sid,
        kind: 'low_balance',
        amount: 99.99,
        threshold: 100,
        emails: ['south-lead@acme-retail.example', 'finance@acme-retail.example'],
      }),
    ]);
    await recharge(-10);
    expect((await alerts(south)).alerts).toHaveLength(1);
    await recharge(50);
    await recharge(-50);
    const all = await alerts(t.prepaid);
    expect(all.alerts.map((alert) => alert.kind)).toEqual(['low_balance', 'low_balance']);
    const after = await alerts(t.prepaid, first.next_cursor);
    expect(after.alerts).toHaveLength(1);
    const sibling = sub(t.prepaid, 'AcmeNorth');
    expect((await alerts(sibling)).alerts).toEqual([]);
  });

  it('raises the low-balance alert from SMS spending too', async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts/${south.sid}/recharges`, { key: t.prepaid.apiKey, body: { amount: -400 } });
    expect((await alerts(south)).alerts).toEqual([]);
    const sent = await t.api('POST', `/v1/${south.sid}/sms`, { key: south.apiKey, body: { to: '+919812345678', sender: 'ACME', body: 'x' } });
    expect(sent.status).toBe(202);
    expect((await alerts(south)).alerts).toEqual([expect.objectContaining({ kind: 'low_balance', amount: 99.75 })]);
  });

  it('records the 75% usage alert of a postpaid parent once per month', async () => {
    const americas = sub(t.postpaid, 'GlobexAmericas');
    const recharge = (amount: number) =>
      t.api('POST', `/api/v1/${t.postpaid.sid}/subaccounts/${americas.sid}/recharges`, { key: t.postpaid.apiKey, body: { amount } });
    await recharge(3449.99);
    expect((await alerts(t.postpaid)).alerts).toEqual([]);
    await recharge(0.01);
    const billing = data(await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.postpaid.apiKey }));
    expect(billing['usage_75_percent']).toBe(true);
    await recharge(1);
    expect((await alerts(t.postpaid)).alerts).toEqual([
      expect.objectContaining({ sid: t.postpaid.sid, kind: 'usage_75_percent', amount: 3750, threshold: 3750 }),
    ]);
  });

  it('refuses a bad cursor or limit', async () => {
    const bad = await t.api('GET', `/api/v1/${t.prepaid.sid}/alerts?since=-1`, { key: t.prepaid.apiKey });
    expect(bad.status).toBe(400);
    expect(errorCode(bad)).toBe('SBX-CURSOR-INVALID');
    const limit = await t.api('GET', `/api/v1/${t.prepaid.sid}/alerts?limit=5000`, { key: t.prepaid.apiKey });
    expect(errorCode(limit)).toBe('SBX-INVALID-QUERY');
  });
});
