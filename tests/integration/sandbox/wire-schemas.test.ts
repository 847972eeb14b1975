import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { platformEnvelope, platformErrorEnvelope } from '../../../shared/kaleyra/envelope';
import { wireSubaccount } from '../../../shared/kaleyra/subaccount';
import { wireAlertsPage, wireBilling } from '../../../shared/kaleyra/billing';
import {
  optOutsResponse,
  pricingResponse,
  smsCancelResponse,
  smsErrorResponse,
  smsLogsResponse,
  smsSendResponse,
  smsStatusResponse,
} from '../../../shared/kaleyra/sms';
import { sandboxFor, sub } from './harness';

const t = sandboxFor('all');

/** The shared wire schemas (what the app's client parses with) accept every answer the sandbox gives. */
describe('answers match the shared wire schemas', () => {
  it('platform answers', async () => {
    const list = await t.api('GET', `/api/v1/${t.prepaid.sid}/subaccounts`, { key: t.prepaid.apiKey });
    expect(platformEnvelope(z.array(wireSubaccount)).safeParse(list.json).success).toBe(true);
    const shared = await t.api('GET', `/api/v1/${t.postpaid.sid}/subaccounts/${sub(t.postpaid, 'GlobexEurope').sid}`, { key: t.postpaid.apiKey });
    expect(platformEnvelope(wireSubaccount).safeParse(shared.json).success).toBe(true);
    for (const account of [t.prepaid, t.postpaid, sub(t.postpaid, 'GlobexEurope')]) {
      const billing = await t.api('GET', `/api/v1/${account.sid}/billing`, { key: account.apiKey });
      expect(platformEnvelope(wireBilling.strict()).safeParse(billing.json).success).toBe(true);
    }
    const alerts = await t.api('GET', `/api/v1/${t.prepaid.sid}/alerts`, { key: t.prepaid.apiKey });
    expect(platformEnvelope(wireAlertsPage).safeParse(alerts.json).success).toBe(true);
    const refused = await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts`, { key: t.prepaid.apiKey, body: {} });
    expect(platformErrorEnvelope.safeParse(refused.json).success).toBe(true);
  });

  it('SMS answers', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const sent = await t.api('POST', `/v1/${north.sid}/sms`, {
      key: north.apiKey,
      body: { to: '+919812345678', sender: 'ACME', body: 'x', time: new Date(t.sandbox.now() + 3_600_000).toISOString() },
    });
    const send = smsSendResponse.strict().parse(sent.json);
    const status = await t.api('GET', `/v1/${north.sid}/sms/status?message_ids=${send.data[0]?.message_id ?? ''}`, { key: north.apiKey });
    expect(smsStatusResponse.safeParse(status.json).success).toBe(true);
    const logs = await t.api('GET', `/v1/${north.sid}/sms/logs`, { key: north.apiKey });
    expect(smsLogsResponse.safeParse(logs.json).success).toBe(true);
    const cancel = await t.api('DELETE', `/v1/${north.sid}/sms/scheduled/${send.id}`, { key: north.apiKey });
    expect(smsCancelResponse.safeParse(cancel.json).success).toBe(true);
    const pricing = await t.api('GET', `/v1/${north.sid}/pricing`, { key: north.apiKey });
    expect(pricingResponse.safeParse(pricing.json).success).toBe(true);
    const optOuts = await t.api('GET', `/v1/${north.sid}/optouts`, { key: north.apiKey });
    expect(optOutsResponse.safeParse(optOuts.json).success).toBe(true);
    const refused = await t.api('POST', `/v1/${north.sid}/sms`, { key: north.apiKey, body: {} });
    expect(smsErrorResponse.safeParse(refused.json).success).toBe(true);
  });
});
