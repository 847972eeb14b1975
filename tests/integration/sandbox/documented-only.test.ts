import { afterEach, describe, expect, it } from 'vitest';
import { data, errorCode, runSandboxCli, startTestSandbox, sub } from './harness';
import type { ApiAnswer, TestSandbox } from './harness';

const started: TestSandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.stop();
});

async function sandbox(documentedOnly: boolean): Promise<TestSandbox> {
  const t = await startTestSandbox({ documentedOnly });
  started.push(t);
  return t;
}

/** Every route Kaleyra does not document ([ours] in kaleyra-api.md), with a body where it takes one. */
function oursRoutes(t: TestSandbox): Array<{ method: string; path: string; key: string; body?: unknown }> {
  const north = sub(t.prepaid, 'AcmeNorth');
  const south = sub(t.prepaid, 'AcmeSouth');
  return [
    { method: 'GET', path: `/v1/${north.sid}/sms/logs?since=0&limit=10`, key: north.apiKey },
    { method: 'GET', path: `/v1/${north.sid}/optouts`, key: north.apiKey },
    { method: 'DELETE', path: `/v1/${north.sid}/sms/scheduled/S123`, key: north.apiKey },
    { method: 'GET', path: `/v1/${north.sid}/pricing`, key: north.apiKey },
    { method: 'GET', path: `/api/v1/${north.sid}/billing`, key: north.apiKey },
    { method: 'GET', path: `/api/v1/${t.prepaid.sid}/billing`, key: t.prepaid.apiKey },
    { method: 'GET', path: `/api/v1/${t.prepaid.sid}/alerts?since=0`, key: t.prepaid.apiKey },
    { method: 'POST', path: `/api/v1/${t.prepaid.sid}/subaccounts/${south.sid}/suspend`, key: t.prepaid.apiKey, body: {} },
    { method: 'POST', path: `/api/v1/${t.prepaid.sid}/subaccounts/${south.sid}/activate`, key: t.prepaid.apiKey, body: {} },
  ];
}

/** What a path the sandbox has never heard of answers (the same route shape, one unknown segment). */
function unknownPathLike(path: string): string {
  const [pathname = '', query] = path.split('?');
  const parts = pathname.split('/');
  parts[parts.length - 1] = 'no-such-thing';
  return parts.join('/') + (query ? `?${query}` : '');
}

function headerNames(headers: Headers): string[] {
  const names: string[] = [];
  headers.forEach((_value, name) => names.push(name));
  return names.sort();
}

function withoutPath(answer: ApiAnswer, path: string): unknown {
  return JSON.parse(JSON.stringify(answer.json).replaceAll(path.split('?')[0] ?? '', '<path>'));
}

describe('documented-only sandbox (--kaleyra-only)', () => {
  it('answers every [ours] route exactly like an unknown route, with or without a key', async () => {
    const t = await sandbox(true);
    for (const route of oursRoutes(t)) {
      const unknownPath = unknownPathLike(route.path);
      for (const key of [route.key, null]) {
        const ours = await t.api(route.method, route.path, { key, ...(route.body === undefined ? {} : { body: route.body }) });
        const unknown = await t.api(route.method, unknownPath, { key, ...(route.body === undefined ? {} : { body: route.body }) });
        expect({ route: route.path, status: ours.status }).toEqual({ route: route.path, status: 404 });
        expect(ours.status).toBe(unknown.status);
        expect(withoutPath(ours, route.path)).toEqual(withoutPath(unknown, unknownPath));
        expect(headerNames(ours.headers)).toEqual(headerNames(unknown.headers));
      }
    }
  });

  it('serves the same [ours] routes when started normally (so the check above can fail)', async () => {
    const t = await sandbox(false);
    const statuses = [];
    for (const route of oursRoutes(t)) {
      const answer = await t.api(route.method, route.path, { key: route.key, ...(route.body === undefined ? {} : { body: route.body }) });
      statuses.push(answer.status === 404 ? `${route.path} 404` : 'served');
    }
    // Cancelling an unknown send is a 404 of that route (no such send), not of the path.
    expect(statuses.filter((status) => status !== 'served')).toEqual([`/v1/${sub(t.prepaid, 'AcmeNorth').sid}/sms/scheduled/S123 404`]);
    const cancel = await t.api('DELETE', `/v1/${sub(t.prepaid, 'AcmeNorth').sid}/sms/scheduled/S123`, { key: sub(t.prepaid, 'AcmeNorth').apiKey });
    expect(cancel.json['error']).toMatchObject({ field: 'id' });
  });

  it('serves everything Kaleyra documents: sub-accounts, sends (v1, legacy, v2 template) and statuses', async () => {
    const t = await sandbox(true);
    const parent = t.prepaid;
    const north = sub(parent, 'AcmeNorth');
    const list = await t.api('GET', `/api/v1/${parent.sid}/subaccounts`, { key: parent.apiKey });
    expect(list.status).toBe(200);
    expect(data<Array<{ account_name: string }>>(list).map((entry) => entry.account_name)).toEqual(['AcmeNorth', 'AcmeSouth', 'AcmeWest']);
    const created = await t.api('POST', `/api/v1/${parent.sid}/subaccounts`, {
      key: parent.apiKey,
      body: { account_name: 'AcmeEast', email: 'east@acme-retail.example', country_iso_code: 'IN', subaccount_credit_type: 'assigned', credit_amount: 100 },
    });
    expect(created.status).toBe(201);
    const eastSid = data<{ sid: string }>(created).sid;
    expect((await t.api('GET', `/api/v1/${parent.sid}/subaccounts/${eastSid}`, { key: parent.apiKey })).status).toBe(200);
    expect((await t.api('PATCH', `/api/v1/${parent.sid}/subaccounts/${eastSid}`, { key: parent.apiKey, body: { account_name: 'AcmeEastern' } })).status).toBe(
      200,
    );
    const recharged = await t.api('POST', `/api/v1/${parent.sid}/subaccounts/${eastSid}/recharges`, { key: parent.apiKey, body: { amount: 25 } });
    expect(data<{ balance: number }>(recharged).balance).toBe(125);
    const deleted = await t.api('DELETE', `/api/v1/${parent.sid}/subaccounts/${eastSid}`, { key: parent.apiKey });
    expect(deleted.json['code']).toBe('RBC2347');

    const ids: string[] = [];
    for (const path of [`/v1/${north.sid}/sms`, `/v1/${north.sid}/messages`]) {
      const sent = await t.api('POST', path, { key: north.apiKey, body: { to: '+919812345678', sender: 'ACMEIN', body: 'Hello from Acme', type: 'TXN' } });
      expect(sent.status).toBe(202);
      // Only Kaleyra's fields: the charge and schedule fields are [ours].
      expect(Object.keys(sent.json).sort()).toEqual(['body', 'createdDateTime', 'data', 'error', 'id', 'sender', 'totalCount', 'type']);
      ids.push(...(sent.json['data'] as Array<{ message_id: string }>).map((entry) => entry.message_id));
    }
    const template = await t.api('POST', `/v2/${north.sid}/sms`, {
      key: north.apiKey,
      body: { to: '+919812345679', sender: 'ACMENR', template_id: '1107161234567890002', template_data: { var1: 'Asha', var2: 'A-1001', var3: 'Friday' } },
    });
    expect(template.status).toBe(202);
    expect(template.json['body']).toBe('Dear Asha, your Acme order A-1001 has shipped and arrives by Friday.');
    ids.push(...(template.json['data'] as Array<{ message_id: string }>).map((entry) => entry.message_id));

    t.sandbox.advanceClock(10_000);
    for (const base of ['sms', 'messages']) {
      const status = await t.api('GET', `/v1/${north.sid}/${base}/status?message_ids=${ids.join(',')}`, { key: north.apiKey });
      expect(status.status).toBe(200);
      expect(data<Array<{ campaign_id: string; status: string }>>(status).map((entry) => [entry.campaign_id, entry.status])).toEqual(
        ids.map((id) => [id, 'Delivered']),
      );
    }
    // The ledger still charges as before: 3 messages × 1 unit × ₹0.25 from AcmeNorth's ₹2,000.
    const entries = t.sandbox.ledgerEntries(north.sid).filter((entry) => entry.kind === 'sms_charge');
    expect(entries.map((entry) => entry.amountMinor)).toEqual([-25, -25, -25]);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
    expect(errorCode(await t.api('GET', `/v1/${north.sid}/sms/logs`, { key: north.apiKey }))).toBe('SBX-NOT-FOUND');
  });

  it('npm run sandbox -- --kaleyra-only says so in its ready line and serves documented-only', async () => {
    const exitCode = await runSandboxCli('sandbox-cli-documented-', ['--kaleyra-only'], async (first) => {
      const ready = JSON.parse(first) as { documentedOnly: boolean; url: string; accounts: Array<{ sid: string; apiKey: string }> };
      expect(ready.documentedOnly).toBe(true);
      const parent = ready.accounts[0];
      if (!parent) throw new Error('no account');
      const billing = await fetch(`${ready.url}/api/v1/${parent.sid}/billing`, { headers: { 'api-key': parent.apiKey } });
      expect(billing.status).toBe(404);
      const subaccounts = await fetch(`${ready.url}/api/v1/${parent.sid}/subaccounts`, { headers: { 'api-key': parent.apiKey } });
      expect(subaccounts.status).toBe(200);
    });
    expect(exitCode).toBe(0);
  });
});
