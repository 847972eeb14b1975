import { afterEach, describe, expect, it } from 'vitest';
import { HOUR } from '../../../sandbox/domain/clock';
import { analyzeSms } from '../../../shared/sms';
import { data, errorCode, startTestSandbox, sub, T0 } from './harness';
import type { ApiAnswer, TestSandbox } from './harness';

// T0 is 09:00 UTC = 14:30 in India: inside the promotional window.
const PROMO = '1107161234567890001';
const promoText = (name: string, offer: string) =>
  `Hi ${name}, the Acme festive sale is on: ${offer} off in store and online till Sunday. Reply STOP to opt out.`;
const shippedText = (name: string, order: string, day: string) => `Dear ${name}, your Acme order ${order} has shipped and arrives by ${day}.`;
const OK_IN = '+919812345678';
const DND_IN = '+919812349995';
const US = '+14155550123';

const started: TestSandbox[] = [];
afterEach(async () => {
  for (const sandbox of started.splice(0)) await sandbox.stop();
});

async function scrubbedSandbox(options: { documentedOnly?: boolean; scrubbing?: boolean } = {}): Promise<TestSandbox> {
  const t = await startTestSandbox({ documentedOnly: options.documentedOnly ?? false });
  started.push(t);
  if (options.scrubbing ?? true) {
    const switched = await t.api('PUT', `/__sandbox/accounts/${sub(t.prepaid, 'AcmeNorth').sid}/dlt`, {
      headers: { 'x-sandbox-admin-token': t.sandbox.adminToken },
      body: { scrubbing: true },
    });
    expect(switched.status).toBe(200);
  }
  return t;
}

async function sendAndTrace(t: TestSandbox, body: Record<string, unknown>): Promise<{ answer: ApiAnswer; traces: string[][] }> {
  const north = sub(t.prepaid, 'AcmeNorth');
  const answer = await t.api('POST', `/v1/${north.sid}/sms`, { key: north.apiKey, body });
  expect(answer.status).toBe(202);
  const ids = (answer.json['data'] as Array<{ message_id: string }>).map((entry) => entry.message_id);
  const status = await t.api('GET', `/v1/${north.sid}/sms/status?message_ids=${ids.join(',')}`, { key: north.apiKey });
  return { answer, traces: data<Array<{ status: string; status_details: string }>>(status).map((entry) => [entry.status, entry.status_details]) };
}

function charges(t: TestSandbox): number[] {
  return t.sandbox
    .ledgerEntries(sub(t.prepaid, 'AcmeNorth').sid)
    .filter((entry) => entry.kind === 'sms_charge')
    .map((entry) => entry.amountMinor);
}

describe('India DLT operator scrubbing (sandbox)', () => {
  it('sends a matching promotional message from its registered header inside 09:00–21:00 IST, and charges it', async () => {
    const t = await scrubbedSandbox();
    const { traces } = await sendAndTrace(t, { to: OK_IN, sender: '567890', type: 'MKT', template_id: PROMO, body: promoText('Asha', '20%') });
    expect(traces).toEqual([['Sent', 'SENT']]);
    expect(charges(t)).toEqual([-25]);
  });

  it('NotSent SENDER-ID-NOT-FOUND for a header that is not registered, and for one registered under another category', async () => {
    const t = await scrubbedSandbox();
    expect((await sendAndTrace(t, { to: OK_IN, sender: 'ACMEXX', body: shippedText('Asha', 'A-1', 'Friday') })).traces).toEqual([
      ['NotSent', 'SENDER-ID-NOT-FOUND'],
    ]);
    // ACMEIN is registered, but for service messages: the transactional template is ACMENR's.
    expect(
      (await sendAndTrace(t, { to: OK_IN, sender: 'ACMEIN', template_id: '1107161234567890002', body: shippedText('Asha', 'A-1', 'Friday') })).traces,
    ).toEqual([['NotSent', 'SENDER-ID-NOT-FOUND']]);
    expect(charges(t)).toEqual([]);
  });

  it('NotSent DLT-TEMPLATE-MISMATCH [ours] for a body that does not match, an overflowing variable, or an unknown template', async () => {
    const t = await scrubbedSandbox();
    const cases = [
      { to: OK_IN, sender: 'ACMENR', template_id: '1107161234567890002', body: 'Dear Asha, your order A-1 has shipped and arrives by Friday.' },
      { to: OK_IN, sender: 'ACMENR', template_id: '1107161234567890002', body: shippedText('Asha Venkataraman Subramanian Iyer-Krishnan', 'A-1', 'Friday') },
      { to: OK_IN, sender: 'ACMENR', template_id: '1107160000000000000', body: shippedText('Asha', 'A-1', 'Friday') },
      { to: OK_IN, sender: 'ACMENR', body: 'Big news from Acme!' },
    ];
    for (const body of cases) expect((await sendAndTrace(t, body)).traces).toEqual([['NotSent', 'DLT-TEMPLATE-MISMATCH']]);
    // Without template_id the operator finds the header's matching template itself.
    expect((await sendAndTrace(t, { to: OK_IN, sender: 'ACMENR', body: shippedText('Asha', 'A-1', 'Friday') })).traces).toEqual([['Sent', 'SENT']]);
    expect(charges(t)).toEqual([-25]);
  });

  it('NotSent DLT-PROMO-HOURS [ours] for a promotional message leaving outside 09:00–21:00 IST; transactional ones go', async () => {
    const t = await scrubbedSandbox();
    // 16:00 UTC = 21:30 IST; 03:45 UTC next day = 09:15 IST.
    const late = new Date(T0 + 7 * HOUR).toISOString();
    const morning = new Date(T0 + 18 * HOUR + 45 * 60_000).toISOString();
    expect((await sendAndTrace(t, { to: OK_IN, sender: '567890', template_id: PROMO, body: promoText('Asha', '20%'), time: late })).traces).toEqual([
      ['NotSent', 'DLT-PROMO-HOURS'],
    ]);
    expect((await sendAndTrace(t, { to: OK_IN, sender: '567890', template_id: PROMO, body: promoText('Asha', '20%'), time: morning })).traces).toEqual([
      ['Scheduled', 'SCHEDULED'],
    ]);
    expect((await sendAndTrace(t, { to: OK_IN, sender: 'ACMENR', body: shippedText('Asha', 'A-1', 'Friday'), time: late })).traces).toEqual([
      ['Scheduled', 'SCHEDULED'],
    ]);
    expect(charges(t)).toEqual([-25, -25]);
  });

  it('NotSent DND-NUMB for promotional messages to numbers on the do-not-disturb registry, not for transactional ones', async () => {
    const t = await scrubbedSandbox();
    const promo = await sendAndTrace(t, { to: `${OK_IN},${DND_IN},${US}`, sender: '567890', template_id: PROMO, body: promoText('friend', '₹500') });
    // The US number is not scrubbed: DLT is India's.
    expect(promo.traces).toEqual([
      ['Sent', 'SENT'],
      ['NotSent', 'DND-NUMB'],
      ['Sent', 'SENT'],
    ]);
    // Charged for the two that were sent only: units × (₹0.25 India + ₹0.60 US); the scrubbed one is free.
    const units = analyzeSms(promoText('friend', '₹500')).segments;
    expect(promo.answer.json['charged']).toBe((units * 25 + units * 60) / 100);
    expect((await sendAndTrace(t, { to: DND_IN, sender: 'ACMENR', body: shippedText('Asha', 'A-1', 'Friday') })).traces).toEqual([['Sent', 'SENT']]);
  });

  it('leaves accounts without DLT scrubbing alone, and scrubs the same way documented-only', async () => {
    const off = await scrubbedSandbox({ scrubbing: false });
    expect((await sendAndTrace(off, { to: OK_IN, sender: 'ACMEXX', body: 'Anything at all' })).traces).toEqual([['Sent', 'SENT']]);
    const documented = await scrubbedSandbox({ documentedOnly: true });
    expect((await sendAndTrace(documented, { to: OK_IN, sender: 'ACMEXX', body: 'Anything at all' })).traces).toEqual([['NotSent', 'SENDER-ID-NOT-FOUND']]);
    const denied = await documented.api('PUT', `/__sandbox/accounts/${sub(documented.prepaid, 'AcmeNorth').sid}/dlt`, { body: { scrubbing: false } });
    expect(errorCode(denied)).toBe('SBX-UNAUTHORIZED');
  });
});
