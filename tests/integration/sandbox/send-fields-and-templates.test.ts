import { describe, expect, it } from 'vitest';
import { KaleyraClient } from '../../../electron/core/kaleyra/client';
import { DeskError } from '../../../shared/errors';
import { SEEDED_TEMPLATES } from '../../../sandbox/domain/seed-templates';
import { MINUTE } from '../../../sandbox/domain/clock';
import { analyzeSms } from '../../../shared/sms';
import { data, errorCode, sandboxFor, sub, T0 } from './harness';

const t = sandboxFor('each');

const north = () => sub(t.prepaid, 'AcmeNorth');
const balance = async (account: { sid: string; apiKey: string }) =>
  data<{ balance: number }>(await t.api('GET', `/api/v1/${account.sid}/billing`, { key: account.apiKey })).balance;

function seeded(templateId: string) {
  const template = SEEDED_TEMPLATES.find((candidate) => candidate.templateId === templateId);
  if (!template) throw new Error(`no seeded template ${templateId}`);
  return template;
}

describe('documented send fields', () => {
  it('accepts every field Kaleyra documents for a send in one request', async () => {
    const answer = await t.api('POST', `/v1/${north().sid}/sms`, {
      key: north().apiKey,
      body: {
        to: '+919812345678,+919812345679',
        sender: 'ACMENR',
        body: 'Dear Ravi, your Acme order A-77 has shipped and arrives by Monday.',
        type: 'TXN',
        unicode: 'Auto',
        flash: '0',
        time: new Date(T0 + 20 * MINUTE).toISOString().replace('Z', '+00:00'),
        template_id: '1107161234567890002',
        ref_custom: ['campaign-9', 'wave-1'],
        callback: 'https://hooks.acme-retail.example/kaleyra',
        callback_profile_id: 'cbp-42',
        channel: 'SMS',
      },
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ totalCount: 2, type: 'TXN', error: {} });
  });

  it('refuses undocumented fields with a message naming every one of them, and writes nothing', async () => {
    const before = await balance(north());
    const answer = await t.api('POST', `/v1/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'ACMEIN', body: 'Hello', priority: 'high', entity_id: '1101234567890123456', dlr_url: 'x' },
    });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('SBX-INVALID-BODY');
    const message = String((answer.json['error'] as { message: string }).message);
    for (const name of ['priority', 'entity_id', 'dlr_url']) expect(message).toContain(name);
    expect(await balance(north())).toBe(before);
  });

  it('refuses a channel other than SMS on the SMS API, naming the field', async () => {
    const answer = await t.api('POST', `/v1/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'ACMEIN', body: 'Hi', channel: 'whatsapp' },
    });
    expect(answer.status).toBe(400);
    expect(answer.json['error']).toMatchObject({ code: 'SBX-INVALID-BODY', field: 'channel' });
  });
});

describe('template send (POST /v2/{sid}/sms)', () => {
  it('renders the stored template with template_data, charges and reports the rendered text', async () => {
    const template = seeded('1107161234567890004');
    const rendered = 'प्रिय अनन्या, आपका Acme ऑर्डर 88-410 भेज दिया गया है।';
    const units = analyzeSms(rendered).segments;
    const before = await balance(north());
    const answer = await t.api('POST', `/v2/${north().sid}/sms`, {
      key: north().apiKey,
      body: {
        to: '+919812345678',
        sender: 'ACMENR',
        type: 'TXN',
        template_id: template.templateId,
        template_data: { var1: 'अनन्या', var2: '88-410' },
        ref_custom: ['tpl-1'],
      },
    });
    expect(answer.status).toBe(202);
    expect(answer.json).toMatchObject({ body: rendered, units, charged: units * 0.25, currency: 'INR' });
    expect(await balance(north())).toBeCloseTo(before - units * 0.25, 10);
    const ids = (answer.json['data'] as Array<{ message_id: string }>).map((entry) => entry.message_id);
    const log = await t.api('GET', `/v1/${north().sid}/sms/logs?since=0`, { key: north().apiKey });
    const entries = data<Array<{ message_id: string; units: number; charged: number }>>(log).filter((entry) => ids.includes(entry.message_id));
    expect(entries).toEqual([expect.objectContaining({ units, charged: units * 0.25 })]);
  });

  it('takes numbers as values and names the variables that are missing or not in the template', async () => {
    const ok = await t.api('POST', `/v2/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'ACMEIN', template_id: '1107161234567890003', template_data: { var1: 482913 } },
    });
    expect(ok.json['body']).toBe('Your Acme login code is 482913. It expires in 10 minutes. Do not share it.');
    const wrong = await t.api('POST', `/v2/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'ACMENR', template_id: '1107161234567890002', template_data: { var1: 'Asha', var3: 'Friday', name: 'x' } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.json['error']).toMatchObject({ code: 'SBX-TEMPLATE-DATA-INVALID', field: 'template_data' });
    const message = String((wrong.json['error'] as { message: string }).message);
    expect(message).toContain('missing var2');
    expect(message).toContain('name');
  });

  it("refuses a template the account does not have (another sub-account's included) and a body beside template_id", async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    const foreign = await t.api('POST', `/v2/${south.sid}/sms`, {
      key: south.apiKey,
      body: { to: '+919812345678', sender: 'ACMEIN', template_id: '1107161234567890003', template_data: { var1: '1' } },
    });
    expect(foreign.json['error']).toMatchObject({ code: 'SBX-TEMPLATE-NOT-FOUND', field: 'template_id' });
    const withBody = await t.api('POST', `/v2/${north().sid}/sms`, {
      key: north().apiKey,
      body: { to: '+919812345678', sender: 'ACMEIN', template_id: '1107161234567890003', body: 'x' },
    });
    expect(withBody.json['error']).toMatchObject({ code: 'SBX-INVALID-BODY' });
    expect(String((withBody.json['error'] as { message: string }).message)).toContain('body');
  });

  it("is what the app's client sends through sms.sendTemplate, and its statuses come back through the status API", async () => {
    const client = new KaleyraClient({ baseUrl: t.sandbox.url, sid: north().sid, apiKey: north().apiKey });
    const answer = await client.sms.sendTemplate({
      to: '+919812345678,+14155550123',
      sender: 'ACMENR',
      template_id: '1107161234567890002',
      template_data: { var1: 'Meera', var2: 'B-2', var3: 'Tuesday' },
      ref_custom: ['client-template-1'],
    });
    expect(answer.body).toBe('Dear Meera, your Acme order B-2 has shipped and arrives by Tuesday.');
    t.sandbox.advanceClock(10_000);
    const statuses = await client.sms.status(answer.data.map((entry) => entry.message_id));
    expect(statuses.map((entry) => entry.status)).toEqual(['Delivered', 'Delivered']);
    await expect(client.sms.sendTemplate({ to: '+919812345678', sender: 'ACMENR', template_id: '999' })).rejects.toSatisfy(
      (error: unknown) => error instanceof DeskError && error.code === 'API_REJECTED',
    );
  });
});
