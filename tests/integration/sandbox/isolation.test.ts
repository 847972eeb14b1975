import { describe, expect, it } from 'vitest';
import { errorCode, sandboxFor, sub } from './harness';

const t = sandboxFor('all');

describe('keys and SIDs', () => {
  it('answers 401 for a missing key and for a wrong key, in the platform envelope', async () => {
    for (const key of [null, 'A00000000000000000000000000000000', '']) {
      const answer = await t.api('GET', `/api/v1/${t.prepaid.sid}/subaccounts`, { key });
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ code: 'SBX-UNAUTHORIZED', status: 401, error: { code: 'SBX-UNAUTHORIZED' } });
    }
  });

  it('answers 401 on the SMS API in its own error style', async () => {
    const answer = await t.api('POST', `/v1/${t.prepaid.sid}/sms`, { key: 'wrong', body: { to: '+919812345678', sender: 'ACME', body: 'hi' } });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code: 'SBX-UNAUTHORIZED', message: expect.any(String) } });
  });

  it('gives another account’s SID and a non-existent SID the same 403', async () => {
    const other = await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.prepaid.apiKey });
    const nobody = await t.api('GET', `/api/v1/HXIN0000000000IN/billing`, { key: t.prepaid.apiKey });
    expect(other.status).toBe(403);
    expect(nobody.status).toBe(403);
    expect(other.json).toEqual(nobody.json);
  });

  it('lets a parent key reach its sub-accounts’ SIDs', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const billing = await t.api('GET', `/api/v1/${north.sid}/billing`, { key: t.prepaid.apiKey });
    expect(billing.status).toBe(200);
    const logs = await t.api('GET', `/v1/${north.sid}/sms/logs`, { key: t.prepaid.apiKey });
    expect(logs.status).toBe(200);
  });

  it('keeps a sub-account key to its own SID: not the parent’s, not a sibling’s', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const south = sub(t.prepaid, 'AcmeSouth');
    expect((await t.api('GET', `/api/v1/${north.sid}/billing`, { key: north.apiKey })).status).toBe(200);
    const parent = await t.api('GET', `/api/v1/${t.prepaid.sid}/billing`, { key: north.apiKey });
    const sibling = await t.api('GET', `/api/v1/${south.sid}/billing`, { key: north.apiKey });
    const foreign = await t.api('GET', `/api/v1/${t.postpaid.subaccounts[0]?.sid ?? ''}/billing`, { key: north.apiKey });
    for (const answer of [parent, sibling, foreign]) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('SBX-FORBIDDEN');
    }
    const send = await t.api('POST', `/v1/${south.sid}/sms`, { key: north.apiKey, body: { to: '+919812345678', sender: 'ACME', body: 'hi' } });
    expect(send.status).toBe(403);
  });

  it('never lets a sub-account list, create or manage sub-accounts', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const list = await t.api('GET', `/api/v1/${north.sid}/subaccounts`, { key: north.apiKey });
    const create = await t.api('POST', `/api/v1/${north.sid}/subaccounts`, {
      key: north.apiKey,
      body: { account_name: 'Nested', email: 'nested@acme-retail.example', country_iso_code: 'IN', subaccount_credit_type: 'assigned', credit_amount: 1 },
    });
    // Even the parent's key cannot manage sub-accounts through a sub-account's SID.
    const viaSubSid = await t.api('POST', `/api/v1/${north.sid}/subaccounts`, {
      key: t.prepaid.apiKey,
      body: { account_name: 'Nested', email: 'nested@acme-retail.example', country_iso_code: 'IN', subaccount_credit_type: 'assigned', credit_amount: 1 },
    });
    for (const answer of [list, create, viaSubSid]) {
      expect(answer.status).toBe(403);
      expect(errorCode(answer)).toBe('SBX-SUBACCOUNT-CANNOT-MANAGE');
    }
    const parentList = await t.api('GET', `/api/v1/${t.prepaid.sid}/subaccounts`, { key: t.prepaid.apiKey });
    expect((parentList.json['data'] as unknown[]).length).toBe(3);
  });

  it('lets a suspended sub-account log in and read', async () => {
    const west = sub(t.prepaid, 'AcmeWest');
    const billing = await t.api('GET', `/api/v1/${west.sid}/billing`, { key: west.apiKey });
    expect(billing.status).toBe(200);
  });
});
