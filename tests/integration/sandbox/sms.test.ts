import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../../sandbox/domain/clock';
import { data, errorCode, sandboxFor, sub, T0 } from './harness';
import type { ApiAnswer } from './harness';

const t = sandboxFor('each');

const OK_IN = '+919812345678';
const ABSENT_IN = '+919812340000';
const MOB_OFF_IN = '+919812340001';
/** Kosovo: a valid number in a country the sandbox's rate card has no price for (every country with zone data has one). */
const UNPRICED_KOSOVO = '+38344123456';

function north() {
  return sub(t.prepaid, 'AcmeNorth');
}

async function send(body: Record<string, unknown>, account = north(), path: 'sms' | 'messages' = 'sms'): Promise<ApiAnswer> {
  return t.api('POST', `/v1/${account.sid}/${path}`, { key: account.apiKey, body: { sender: 'ACMEIN', body: 'Hello from Acme', ...body } });
}

async function balanceOf(account: { sid: string; apiKey: string }): Promise<number> {
  return data<{ balance: number }>(await t.api('GET', `/api/v1/${account.sid}/billing`, { key: account.apiKey })).balance;
}

async function statuses(account: { sid: string; apiKey: string }, ids: string[]) {
  const answer = await t.api('GET', `/v1/${account.sid}/sms/status?message_ids=${ids.map(encodeURIComponent).join(',')}`, { key: account.apiKey });
  expect(answer.status).toBe(200);
  return (answer.json['data'] as Array<{ campaign_id: string; status: string; status_details: string }>).map((entry) => [entry.status, entry.status_details]);
}

function messageIds(answer: ApiAnswer): string[] {
  return (answer.json['data'] as Array<{ message_id: string }>).map((entry) => entry.message_id);
}

describe('send', () => {
  it('accepts a send (202), charges units × rate for chargeable recipients only, and simulates delivery', async () => {
    const answer = await send({ to: `${OK_IN},${ABSENT_IN},${UNPRICED_KOSOVO},12ab`, type: 'MKT', ref_custom: ['campaign-1', 'wave-1', 'key-1'] });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({
      sender: 'ACMEIN',
      type: 'MKT',
      body: 'Hello from Acme',
      totalCount: 4,
      error: {},
      charged: 0.5,
      currency: 'INR',
      units: 2,
    });
    expect(answer.json['createdDateTime']).toBe(new Date(T0).toISOString());
    const id = String(answer.json['id']);
    expect(messageIds(answer)).toEqual([`${id}:0`, `${id}:1`, `${id}:2`, `${id}:3`]);
    expect(await balanceOf(north())).toBe(1999.5);

    const ids = messageIds(answer);
    expect(await statuses(north(), ids)).toEqual([
      ['Sent', 'SENT'],
      ['Sent', 'SENT'],
      ['NotSent', 'NOT-ALLOWED'],
      ['NotSent', 'INV-MOB-PATTRN'],
    ]);
    expect(t.sandbox.advanceClock(4_999)).toBe(0);
    expect(t.sandbox.advanceClock(1)).toBe(2);
    expect(await statuses(north(), ids)).toEqual([
      ['Delivered', 'DELIVERED'],
      ['UnDelivered', 'ABSENT-SUB'],
      ['NotSent', 'NOT-ALLOWED'],
      ['NotSent', 'INV-MOB-PATTRN'],
    ]);
    // Refund rule: an UnDelivered message's charge comes back in full.
    expect(await balanceOf(north())).toBe(1999.75);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('maps the other deterministic suffixes to their UnDelivered traces', async () => {
    const answer = await send({ to: [MOB_OFF_IN, '+919812340002', '+919812340003', '+919812340004'] });
    t.sandbox.advanceClock(5_000);
    expect((await statuses(north(), messageIds(answer))).map(([, trace]) => trace)).toEqual(['MOB-OFF', 'INV-NUMBER', 'NET-ERR', 'EXPIRED']);
  });

  it('serves the legacy /messages path and form-encoded bodies', async () => {
    const legacy = await send({ to: OK_IN }, north(), 'messages');
    expect(legacy.status).toBe(202);
    const form = new URLSearchParams({ to: OK_IN, sender: 'ACMEIN', body: 'form body', type: 'TXN' });
    const formAnswer = await t.api('POST', `/v1/${north().sid}/messages`, {
      key: north().apiKey,
      raw: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(formAnswer.status).toBe(202);
    expect(formAnswer.json).toMatchObject({ type: 'TXN', totalCount: 1 });
    const legacyStatus = await t.api('GET', `/v1/${north().sid}/messages/status?message_ids=${messageIds(legacy).join(',')}`, { key: north().apiKey });
    expect(legacyStatus.status).toBe(200);
  });

  it('charges every segment: a long Unicode body costs more units', async () => {
    const answer = await send({ to: OK_IN, body: 'ह'.repeat(71), unicode: '1' });
    expect(answer.json).toMatchObject({ units: 2, charged: 0.5 });
    const gsm = await send({ to: OK_IN, body: 'a'.repeat(160) });
    expect(gsm.json).toMatchObject({ units: 1, charged: 0.25 });
  });

  it('accepts exactly 100 recipients and refuses 101 whole', async () => {
    const hundred = Array.from({ length: 100 }, (_, i) => `+9198123${String(i).padStart(5, '0')}`);
    expect((await send({ to: hundred.join(',') })).status).toBe(202);
    const before = await balanceOf(north());
    const answer = await send({ to: [...hundred, '+919800000199'].join(',') });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('SBX-TOO-MANY-RECIPIENTS');
    expect(await balanceOf(north())).toBe(before);
  });

  it('refuses an empty recipient list', async () => {
    const answer = await send({ to: ' , ' });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('SBX-RECIPIENTS-REQUIRED');
  });

  it('refuses every send from a suspended or invited sub-account, charging nothing', async () => {
    const west = sub(t.prepaid, 'AcmeWest');
    const answer = await send({ to: OK_IN }, west);
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({ error: { code: 'SBX-ACCOUNT-NOT-ACTIVE', message: expect.any(String) } });
    expect(await balanceOf(west)).toBe(50);
    const asia = sub(t.postpaid, 'GlobexAsia');
    expect(errorCode(await send({ to: OK_IN }, asia))).toBe('SBX-ACCOUNT-NOT-ACTIVE');
    await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts/${north().sid}/suspend`, { key: t.prepaid.apiKey });
    expect(errorCode(await send({ to: OK_IN }))).toBe('SBX-ACCOUNT-NOT-ACTIVE');
  });

  it('refuses a send the balance cannot cover whole (402 SBX-NO-CREDITS), writing nothing', async () => {
    const created = await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts`, {
      key: t.prepaid.apiKey,
      body: { account_name: 'Tiny', email: 'tiny@acme-retail.example', country_iso_code: 'IN', subaccount_credit_type: 'assigned', credit_amount: 1 },
    });
    const tiny = { sid: String(data(created)['sid']), apiKey: String(data(created)['api_key']) };
    const five = [1, 2, 3, 4, 5].map((i) => `+91981234567${i}`);
    const refused = await t.api('POST', `/v1/${tiny.sid}/sms`, {
      key: tiny.apiKey,
      body: { to: five.join(','), sender: 'ACME', body: 'x', ref_custom: ['k'] },
    });
    expect(refused.status).toBe(402);
    expect(errorCode(refused)).toBe('SBX-NO-CREDITS');
    expect(await balanceOf(tiny)).toBe(1);
    const logs = await t.api('GET', `/v1/${tiny.sid}/sms/logs`, { key: tiny.apiKey });
    expect(logs.json['data']).toEqual([]);
    // The refused reference was not consumed: the same request succeeds once it fits.
    const fits = await t.api('POST', `/v1/${tiny.sid}/sms`, {
      key: tiny.apiKey,
      body: { to: five.slice(0, 4).join(','), sender: 'ACME', body: 'x', ref_custom: ['k'] },
    });
    expect(fits.status).toBe(202);
    expect(await balanceOf(tiny)).toBe(0);
  });

  it('charges a shared sub-account against its own cap and the postpaid parent’s limit', async () => {
    const europe = sub(t.postpaid, 'GlobexEurope');
    const answer = await send({ to: '+4915112345678,+4915112345679' }, europe);
    expect(answer.json).toMatchObject({ charged: 0.18, currency: 'USD' });
    const subBilling = data(await t.api('GET', `/api/v1/${europe.sid}/billing`, { key: europe.apiKey }));
    expect(subBilling).toMatchObject({ account_type: 'postpaid', subaccount_credit_type: 'shared', used_this_month: 0.18, credit_limit: 1000 });
    const parentBilling = data(await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.postpaid.apiKey }));
    expect(parentBilling['used_this_month']).toBe(300.18);
    await t.api('PATCH', `/api/v1/${t.postpaid.sid}/subaccounts/${europe.sid}`, { key: t.postpaid.apiKey, body: { monthly_usage_limit: 1 } });
    const twelve = Array.from({ length: 12 }, (_, i) => `+49151123456${String(i).padStart(2, '0')}`);
    const over = await send({ to: twelve.join(',') }, europe);
    expect(over.status).toBe(402);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});

describe('scheduling', () => {
  const at = (ms: number, offset = '+05:30') => {
    const shifted = new Date(T0 + ms + 5.5 * 60 * MINUTE).toISOString().slice(0, 19);
    return `${shifted}${offset}`;
  };

  it.each([
    ['without an offset', () => new Date(T0 + 60 * MINUTE).toISOString().slice(0, 19), 'SBX-SCHEDULE-INVALID'],
    ['as a non-date', () => 'tomorrow at ten', 'SBX-SCHEDULE-INVALID'],
    ['14 minutes ahead', () => at(14 * MINUTE), 'SBX-SCHEDULE-TOO-SOON'],
    ['in the past', () => at(-MINUTE), 'SBX-SCHEDULE-TOO-SOON'],
    ['3 months and a minute ahead', () => new Date(Date.UTC(2026, 3, 10, 9, 1)).toISOString(), 'SBX-SCHEDULE-TOO-FAR'],
  ])('refuses a time %s', async (_label, time, code) => {
    const answer = await send({ to: OK_IN, time: time() });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
    expect(await balanceOf(north())).toBe(2000);
  });

  it('accepts exactly 15 minutes and exactly 3 months ahead', async () => {
    expect((await send({ to: OK_IN, time: at(15 * MINUTE) })).status).toBe(202);
    expect((await send({ to: OK_IN, time: new Date(Date.UTC(2026, 3, 10, 9, 0)).toISOString() })).status).toBe(202);
  });

  it('holds a scheduled message until its time, then sends and delivers it', async () => {
    const answer = await send({ to: OK_IN, time: at(20 * MINUTE) });
    expect(answer.json['scheduledDateTime']).toBe(new Date(T0 + 20 * MINUTE).toISOString());
    const ids = messageIds(answer);
    expect(await statuses(north(), ids)).toEqual([['Scheduled', 'SCHEDULED']]);
    expect(await balanceOf(north())).toBe(1999.75);
    t.sandbox.advanceClock(20 * MINUTE - 1);
    expect(await statuses(north(), ids)).toEqual([['Scheduled', 'SCHEDULED']]);
    t.sandbox.advanceClock(1);
    expect(await statuses(north(), ids)).toEqual([['Sent', 'SENT']]);
    t.sandbox.advanceClock(5_000);
    expect(await statuses(north(), ids)).toEqual([['Delivered', 'DELIVERED']]);
  });

  it('cancels a scheduled send with a refund; a second cancel is 409, a foreign or unknown id 404', async () => {
    const answer = await send({ to: `${OK_IN},${MOB_OFF_IN}`, time: at(30 * MINUTE) });
    const id = String(answer.json['id']);
    expect(await balanceOf(north())).toBe(1999.5);
    const cancel = await t.api('DELETE', `/v1/${north().sid}/sms/scheduled/${id}`, { key: north().apiKey });
    expect(cancel.status).toBe(200);
    expect(cancel.json).toEqual({ id, cancelled: 2, refunded: 0.5, currency: 'INR', error: {} });
    expect(await balanceOf(north())).toBe(2000);
    expect(await statuses(north(), messageIds(answer))).toEqual([
      ['NotSent', 'CANCELLED'],
      ['NotSent', 'CANCELLED'],
    ]);
    const again = await t.api('DELETE', `/v1/${north().sid}/sms/scheduled/${id}`, { key: north().apiKey });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe('SBX-NOT-SCHEDULED');
    const south = sub(t.prepaid, 'AcmeSouth');
    const foreign = await t.api('DELETE', `/v1/${south.sid}/sms/scheduled/${id}`, { key: south.apiKey });
    expect(foreign.status).toBe(404);
    const unknown = await t.api('DELETE', `/v1/${north().sid}/sms/scheduled/nope`, { key: north().apiKey });
    expect(unknown.status).toBe(404);
    expect(errorCode(unknown)).toBe('SBX-NOT-FOUND');
    t.sandbox.advanceClock(60 * MINUTE);
    expect(await balanceOf(north())).toBe(2000);
  });

  it('cancels one scheduled message of a send by its message id', async () => {
    const answer = await send({ to: `${OK_IN},${MOB_OFF_IN}`, time: at(30 * MINUTE) });
    const [firstId = '', secondId = ''] = messageIds(answer);
    const cancel = await t.api('DELETE', `/v1/${north().sid}/sms/scheduled/${encodeURIComponent(secondId)}`, { key: north().apiKey });
    expect(cancel.json).toMatchObject({ cancelled: 1, refunded: 0.25 });
    expect(await statuses(north(), [firstId, secondId])).toEqual([
      ['Scheduled', 'SCHEDULED'],
      ['NotSent', 'CANCELLED'],
    ]);
    expect(await balanceOf(north())).toBe(1999.75);
    const unknown = await t.api('DELETE', `/v1/${north().sid}/sms/scheduled/${encodeURIComponent(`${String(answer.json['id'])}:7`)}`, { key: north().apiKey });
    expect(unknown.status).toBe(404);
  });

  it('deleting a sub-account cancels its scheduled sends and returns everything to the parent', async () => {
    await send({ to: OK_IN, time: at(30 * MINUTE) });
    const parentBefore = await balanceOf(t.prepaid);
    const answer = await t.api('DELETE', `/api/v1/${t.prepaid.sid}/subaccounts/${north().sid}`, { key: t.prepaid.apiKey });
    expect(answer.status).toBe(200);
    expect(await balanceOf(t.prepaid)).toBe(parentBefore + 2000);
    t.sandbox.advanceClock(60 * MINUTE);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});

describe('idempotency', () => {
  it('accepts a ref_custom once; the second answer is the first result, charged once', async () => {
    const first = await send({ to: OK_IN, ref_custom: ['campaign-9', 'wave-2', 'idem-abc'] });
    const second = await send({ to: `${OK_IN},${ABSENT_IN}`, ref_custom: ['campaign-9', 'wave-2', 'idem-abc'] });
    expect(second.status).toBe(202);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replay')).toBe('true');
    expect(await balanceOf(north())).toBe(1999.75);
    const other = await send({ to: OK_IN, ref_custom: ['campaign-9', 'wave-2', 'idem-abd'] });
    expect(other.json['id']).not.toBe(first.json['id']);
    const noRef = [await send({ to: OK_IN }), await send({ to: OK_IN })];
    expect(noRef[0]?.json['id']).not.toBe(noRef[1]?.json['id']);
  });

  it('scopes references per account', async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    const a = await send({ to: OK_IN, ref_custom: ['same'] });
    const b = await send({ to: OK_IN, ref_custom: ['same'] }, south);
    expect(a.json['id']).not.toBe(b.json['id']);
  });
});

describe('status, logs, pricing, opt-outs', () => {
  it('answers status only for the account’s own ids, and 400 without ids', async () => {
    const mine = await send({ to: OK_IN });
    const south = sub(t.prepaid, 'AcmeSouth');
    const theirs = await send({ to: OK_IN }, south);
    const ids = [...messageIds(mine), ...messageIds(theirs), 'unknown:0'];
    const answer = await t.api('GET', `/v1/${north().sid}/sms/status?message_ids=${ids.join(',')}`, { key: north().apiKey });
    expect(answer.json).toEqual({ data: [{ campaign_id: messageIds(mine)[0], status: 'Sent', status_details: 'SENT' }], error: {} });
    const none = await t.api('GET', `/v1/${north().sid}/sms/status`, { key: north().apiKey });
    expect(none.status).toBe(400);
    expect(errorCode(none)).toBe('SBX-INVALID-QUERY');
  });

  it('pages logs incrementally with a cursor, each change exactly once', async () => {
    const first = await send({ to: `${OK_IN},${ABSENT_IN},${UNPRICED_KOSOVO}`, ref_custom: ['c1'] });
    t.sandbox.advanceClock(5_000);
    const seen: Array<{ message_id: string; status: string; cursor: string }> = [];
    let cursor = '';
    for (let page = 0; page < 10; page += 1) {
      const answer = await t.api('GET', `/v1/${north().sid}/sms/logs?since=${cursor}&limit=2`, { key: north().apiKey });
      expect(answer.status).toBe(200);
      const rows = answer.json['data'] as Array<{ message_id: string; status: string; cursor: string }>;
      seen.push(...rows);
      cursor = String(answer.json['next_cursor']);
      if (answer.json['has_more'] === false) break;
    }
    const ids = messageIds(first);
    expect(seen.map((row) => [row.message_id, row.status])).toEqual([
      [ids[0], 'Sent'],
      [ids[1], 'Sent'],
      [ids[2], 'NotSent'],
      [ids[0], 'Delivered'],
      [ids[1], 'UnDelivered'],
    ]);
    const tail = await t.api('GET', `/v1/${north().sid}/sms/logs?since=${cursor}`, { key: north().apiKey });
    expect(tail.json).toMatchObject({ data: [], next_cursor: cursor, has_more: false });
    const entry = seen[0] as unknown as Record<string, unknown>;
    expect(entry).toMatchObject({ recipient: OK_IN, country: 'IN', units: 1, charged: 0.25, currency: 'INR', ref_custom: ['c1'] });
    const badCursor = await t.api('GET', `/v1/${north().sid}/sms/logs?since=abc`, { key: north().apiKey });
    expect(errorCode(badCursor)).toBe('SBX-CURSOR-INVALID');
    const badLimit = await t.api('GET', `/v1/${north().sid}/sms/logs?limit=0`, { key: north().apiKey });
    expect(errorCode(badLimit)).toBe('SBX-INVALID-QUERY');
  });

  it('serves the family rate card in the account currency', async () => {
    const answer = await t.api('GET', `/v1/${north().sid}/pricing`, { key: north().apiKey });
    expect(answer.status).toBe(200);
    expect(answer.json['currency']).toBe('INR');
    expect(answer.json['data']).toContainEqual({ country: 'IN', price_per_unit: 0.25 });
    expect((answer.json['data'] as Array<{ country: string }>).map((entry) => entry.country)).not.toContain('TA');
    // Every country the phone-zone data covers has a price (Australia included), so no audience destination is a dead end.
    expect(answer.json['data']).toContainEqual({ country: 'AU', price_per_unit: 3.4 });
  });

  it('records an inbound STOP as an opt-out and refuses later sends to it as NotSent / OPT-OUT, uncharged', async () => {
    const inbound = await t.api('POST', '/__sandbox/inbound', {
      headers: { 'x-sandbox-admin-token': t.sandbox.adminToken },
      body: { sid: north().sid, from: OK_IN, body: ' stop ' },
    });
    expect(inbound.status).toBe(200);
    const list = await t.api('GET', `/v1/${t.prepaid.sid}/optouts`, { key: t.prepaid.apiKey });
    expect(list.json['data']).toEqual([{ phone: OK_IN, at: new Date(T0).toISOString() }]);
    const answer = await send({ to: OK_IN });
    expect(answer.json['charged']).toBe(0);
    expect(await statuses(north(), messageIds(answer))).toEqual([['NotSent', 'OPT-OUT']]);
    const noToken = await t.api('POST', '/__sandbox/inbound', { body: { sid: north().sid, from: OK_IN, body: 'START' } });
    expect(noToken.status).toBe(401);
  });
});
