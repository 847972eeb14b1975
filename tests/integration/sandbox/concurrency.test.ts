import { describe, expect, it } from 'vitest';
import { data, sandboxFor } from './harness';

const t = sandboxFor('all');

describe('concurrent sends', () => {
  it('50 simultaneous sends against a balance that covers only some never go below zero, and the ledger sums to the balance', async () => {
    // 10 INR at 0.25 INR per unit, 3 recipients per send (0.75 INR): exactly 13 sends fit.
    const created = await t.api('POST', `/api/v1/${t.prepaid.sid}/subaccounts`, {
      key: t.prepaid.apiKey,
      body: { account_name: 'Race', email: 'race@acme-retail.example', country_iso_code: 'IN', subaccount_credit_type: 'assigned', credit_amount: 10 },
    });
    const race = { sid: String(data(created)['sid']), apiKey: String(data(created)['api_key']) };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.api('POST', `/v1/${race.sid}/sms`, {
          key: race.apiKey,
          body: { to: `+91981234${String(i).padStart(4, '1')},+919812399999,+919812388888`, sender: 'ACME', body: `race ${i}`, ref_custom: [`race-${i}`] },
        }),
      ),
    );
    const accepted = answers.filter((answer) => answer.status === 202);
    const refused = answers.filter((answer) => answer.status === 402);
    expect(accepted.length).toBe(13);
    expect(refused.length).toBe(37);
    const billing = data<{ balance: number }>(await t.api('GET', `/api/v1/${race.sid}/billing`, { key: race.apiKey }));
    expect(billing.balance).toBe(0.25);
    expect(billing.balance).toBeGreaterThanOrEqual(0);
    const ledgerSum = t.sandbox.ledgerEntries(race.sid).reduce((sum, entry) => sum + entry.amountMinor, 0);
    expect(ledgerSum).toBe(25);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('10 simultaneous retries of one reference are accepted once and all answer the first result', async () => {
    const north = t.prepaid.subaccounts.find((candidate) => candidate.name === 'AcmeNorth');
    if (!north) throw new Error('no AcmeNorth');
    const before = data<{ balance: number }>(await t.api('GET', `/api/v1/${north.sid}/billing`, { key: north.apiKey })).balance;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.api('POST', `/v1/${north.sid}/sms`, { key: north.apiKey, body: { to: '+919812345678', sender: 'ACME', body: 'once', ref_custom: ['retry-key'] } }),
      ),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(new Set(answers.map((answer) => answer.json['id'])).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replay') === 'true')).toHaveLength(9);
    const after = data<{ balance: number }>(await t.api('GET', `/api/v1/${north.sid}/billing`, { key: north.apiKey })).balance;
    expect(after).toBe(before - 0.25);
  });
});
