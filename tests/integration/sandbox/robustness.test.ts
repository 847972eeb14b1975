import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { errorCode, sandboxFor, sub } from './harness';

const t = sandboxFor('all');

function north() {
  return sub(t.prepaid, 'AcmeNorth');
}

describe('bad input always gets a documented 4xx envelope', () => {
  it('answers malformed JSON with 400 SBX-MALFORMED-JSON in both styles', async () => {
    const platform = await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts`, {
      key: t.prepaid.apiKey,
      raw: '{"account_name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(platform.status).toBe(400);
    expect(platform.json).toMatchObject({ code: 'SBX-MALFORMED-JSON', status: 400, data: null });
    const sms = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, raw: '{to:', headers: { 'content-type': 'application/json' } });
    expect(sms.status).toBe(400);
    expect(sms.json).toEqual({ error: { code: 'SBX-MALFORMED-JSON', message: expect.any(String) } });
  });

  it('answers wrong types and unknown fields with 400 SBX-INVALID-BODY naming the field', async () => {
    const wrongType = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, body: { to: 919812345678, sender: 'A', body: 'x' } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json).toMatchObject({ error: { code: 'SBX-INVALID-BODY', field: 'to' } });
    const unknown = await t.api('POST', `/v1/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'A', body: 'x', priority: 'high' },
    });
    expect(unknown.json).toMatchObject({ error: { code: 'SBX-INVALID-BODY', field: 'priority' } });
    const notObject = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, body: ['to'] });
    expect(errorCode(notObject)).toBe('SBX-INVALID-BODY');
    const badType = await t.api('POST', `/v1/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'A', body: 'x', type: 'PROMO' },
    });
    expect(badType.json).toMatchObject({ error: { code: 'SBX-INVALID-BODY', field: 'type' } });
  });

  it('answers invalid numbers with their amount codes', async () => {
    const url = `/api/v1/${t.prepaid.sid}/subaccounts/${north().sid}/recharges`;
    for (const raw of ['{"amount": 1e400}', '{"amount": "NaN"}', '{"amount": "1,5"}', '{"amount": true}', '{"amount": "0x10"}']) {
      const answer = await t.api('POST', url, { key: t.prepaid.apiKey, raw, headers: { 'content-type': 'application/json' } });
      expect(answer.status, raw).toBe(400);
      expect(errorCode(answer), raw).toBe('SBX-AMOUNT-INVALID');
    }
  });

  it('caps the request size with 413 SBX-PAYLOAD-TOO-LARGE and writes nothing', async () => {
    const huge = { to: '+919812345678', sender: 'ACME', body: 'x'.repeat(70 * 1024) };
    const answer = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, body: huge });
    expect(answer.status).toBe(413);
    expect(errorCode(answer)).toBe('SBX-PAYLOAD-TOO-LARGE');
    const logs = await t.api('GET', `/v1/${north().sid}/sms/logs`, { key: north().apiKey });
    expect(logs.json['data']).toEqual([]);
  });

  it('answers an unsupported media type with 415', async () => {
    const answer = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, raw: '<xml/>', headers: { 'content-type': 'application/xml' } });
    expect(answer.status).toBe(415);
    expect(errorCode(answer)).toBe('SBX-UNSUPPORTED-MEDIA-TYPE');
  });

  it('answers unknown routes with 404 and wrong methods with 405', async () => {
    const missing = await t.api('GET', `/api/v1/${t.prepaid.sid}/nothing-here`, { key: t.prepaid.apiKey });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ code: 'SBX-NOT-FOUND', status: 404 });
    const method = await t.api('PUT', `/api/v1/${t.prepaid.sid}/subaccounts`, { key: t.prepaid.apiKey, body: {} });
    expect(method.status).toBe(405);
    expect(errorCode(method)).toBe('SBX-METHOD-NOT-ALLOWED');
  });

  it('never answers 500 to arbitrary JSON bodies, and never writes on a refusal', async () => {
    const targets = [
      { method: 'POST', path: `/v1/${north().sid}/sms`, key: north().apiKey },
      { method: 'POST', path: `/api/v1/${t.prepaid.sid}/subaccounts`, key: t.prepaid.apiKey },
      { method: 'PATCH', path: `/api/v1/${t.prepaid.sid}/subaccounts/${north().sid}`, key: t.prepaid.apiKey },
      { method: 'POST', path: `/api/v1/${t.prepaid.sid}/subaccounts/${north().sid}/recharges`, key: t.prepaid.apiKey },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), fc.jsonValue(), async (target, body) => {
        const answer = await t.api(target.method, target.path, { key: target.key, body: body ?? null });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(typeof errorCode(answer)).toBe('string');
      }),
      { numRuns: 150, seed: 20260110 },
    );
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the per-account limit, and counts per account', async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    t.sandbox.setRateLimit(south.sid, { requests: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) expect((await t.api('GET', `/api/v1/${south.sid}/billing`, { key: south.apiKey })).status).toBe(200);
    const limited = await t.api('GET', `/api/v1/${south.sid}/billing`, { key: south.apiKey });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect(errorCode(limited)).toBe('SBX-RATE-LIMITED');
    const smsLimited = await t.api('POST', `/v1/${south.sid}/sms`, { key: south.apiKey, body: { to: '+919812345678', sender: 'A', body: 'x' } });
    expect(smsLimited.json).toMatchObject({ error: { code: 'SBX-RATE-LIMITED' } });
    expect((await t.api('GET', `/api/v1/${north().sid}/billing`, { key: north().apiKey })).status).toBe(200);
    t.sandbox.advanceClock(30_000);
    const later = await t.api('GET', `/api/v1/${south.sid}/billing`, { key: south.apiKey });
    expect(later.headers.get('retry-after')).toBe('30');
    t.sandbox.advanceClock(30_000);
    expect((await t.api('GET', `/api/v1/${south.sid}/billing`, { key: south.apiKey })).status).toBe(200);
  });

  it('can be configured over the admin route, which needs the token', async () => {
    const west = sub(t.prepaid, 'AcmeWest');
    const denied = await t.api('PUT', `/__sandbox/accounts/${west.sid}/rate-limit`, { body: { limit: { requests: 1, windowMs: 1000 } } });
    expect(denied.status).toBe(401);
    const set = await t.api('PUT', `/__sandbox/accounts/${west.sid}/rate-limit`, {
      headers: { 'x-sandbox-admin-token': t.sandbox.adminToken },
      body: { limit: { requests: 1, windowMs: 1000 } },
    });
    expect(set.status).toBe(200);
    expect((await t.api('GET', `/api/v1/${west.sid}/billing`, { key: west.apiKey })).status).toBe(200);
    expect((await t.api('GET', `/api/v1/${west.sid}/billing`, { key: west.apiKey })).status).toBe(429);
  });
});

describe('admin clock', () => {
  it('advances sandbox time and runs the delivery simulation', async () => {
    const sent = await t.api('POST', `/v1/${north().sid}/sms`, { key: north().apiKey, body: { to: '+919812345678', sender: 'A', body: 'x' } });
    const before = t.sandbox.now();
    const answer = await t.api('POST', '/__sandbox/clock/advance', { headers: { 'x-sandbox-admin-token': t.sandbox.adminToken }, body: { ms: 10_000 } });
    expect(answer.status).toBe(200);
    expect(t.sandbox.now()).toBe(before + 10_000);
    expect((answer.json['data'] as { transitions: number }).transitions).toBeGreaterThanOrEqual(1);
    const id = (sent.json['data'] as Array<{ message_id: string }>)[0]?.message_id ?? '';
    const status = await t.api('GET', `/v1/${north().sid}/sms/status?message_ids=${id}`, { key: north().apiKey });
    expect(status.json['data']).toEqual([{ campaign_id: id, status: 'Delivered', status_details: 'DELIVERED' }]);
    const check = await t.api('GET', '/__sandbox/ledger/check', { headers: { 'x-sandbox-admin-token': t.sandbox.adminToken } });
    expect(check.json['data']).toEqual({ consistent: true, discrepancies: [] });
  });
});
