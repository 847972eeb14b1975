import { describe, expect, it } from 'vitest';
import { data, errorCode, sandboxFor, sub } from './harness';

const t = sandboxFor('each');

const base = () => `/api/v1/${t.prepaid.sid}/subaccounts`;
const postpaidBase = () => `/api/v1/${t.postpaid.sid}/subaccounts`;

function assignedBody(overrides: Record<string, unknown> = {}) {
  return {
    account_name: 'Team Mumbai',
    email: 'mumbai@acme-retail.example',
    is_invited: false,
    country_iso_code: 'IN',
    channels: ['sms'],
    subaccount_credit_type: 'assigned',
    credit_amount: 100,
    ...overrides,
  };
}

function sharedBody(overrides: Record<string, unknown> = {}) {
  return {
    account_name: 'GlobexNordics',
    email: 'nordics@globex.example',
    country_iso_code: 'DE',
    channels: ['sms'],
    subaccount_credit_type: 'shared',
    monthly_usage_limit: 250,
    ...overrides,
  };
}

async function parentBalance(sid: string, key: string): Promise<number> {
  const answer = await t.api('GET', `/api/v1/${sid}/billing`, { key });
  return data<{ balance: number }>(answer).balance;
}

describe('list and get', () => {
  it('lists the seeded sub-accounts in the documented envelope with the documented fields', async () => {
    const answer = await t.api('GET', base(), { key: t.prepaid.apiKey });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ code: 'RBC103', message: 'Request successfully executed!', error: {}, status: 200 });
    const list = data<Array<Record<string, unknown>>>(answer);
    expect(list.map((entry) => entry['account_name'])).toEqual(['AcmeNorth', 'AcmeSouth', 'AcmeWest']);
    for (const entry of list) {
      for (const field of [
        'account_name',
        'email',
        'status',
        'sid',
        'api_key',
        'channels',
        'low_balance_alert',
        'subaccount_credit_type',
        'balance',
        'ip_config_name',
      ]) {
        expect(entry).toHaveProperty(field);
      }
    }
    expect(list[0]).toMatchObject({ sid: `${t.prepaid.sid}_1`, balance: 2000, status: 'active', subaccount_credit_type: 'assigned' });
    expect(list[2]).toMatchObject({ status: 'suspended' });
  });

  it('gets one sub-account, and answers 404 for one that is not this parent’s', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const answer = await t.api('GET', `${base()}/${north.sid}`, { key: t.prepaid.apiKey });
    expect(answer.status).toBe(200);
    expect(data(answer)).toMatchObject({ sid: north.sid, account_name: 'AcmeNorth', balance: 2000 });
    const foreign = await t.api('GET', `${base()}/${t.postpaid.subaccounts[0]?.sid ?? ''}`, { key: t.prepaid.apiKey });
    expect(foreign.status).toBe(404);
    expect(errorCode(foreign)).toBe('SBX-NOT-FOUND');
    const missing = await t.api('GET', `${base()}/${t.prepaid.sid}_99`, { key: t.prepaid.apiKey });
    expect(missing.status).toBe(404);
    expect(errorCode(missing)).toBe('SBX-NOT-FOUND');
  });

  it('reports shared sub-accounts with their monthly limit and no balance', async () => {
    const europe = sub(t.postpaid, 'GlobexEurope');
    const answer = await t.api('GET', `${postpaidBase()}/${europe.sid}`, { key: t.postpaid.apiKey });
    expect(data(answer)).toMatchObject({ subaccount_credit_type: 'shared', balance: null, monthly_usage_limit: 1000, used_this_month: 0 });
  });
});

describe('create', () => {
  it('creates an assigned sub-account (201, RBC103), funds it from the prepaid parent, and numbers its SID', async () => {
    const answer = await t.api('POST', base(), { key: t.prepaid.apiKey, body: assignedBody({ credit_amount: '150.50' }) });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ code: 'RBC103', status: 201 });
    expect(data(answer)).toMatchObject({ sid: `${t.prepaid.sid}_4`, balance: 150.5, status: 'active', account_name: 'Team Mumbai' });
    expect(String(data(answer)['api_key'])).toMatch(/^A[0-9a-f]{32}$/);
    expect(await parentBalance(t.prepaid.sid, t.prepaid.apiKey)).toBe(7450 - 150.5);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('creates an invited sub-account with status invited', async () => {
    const answer = await t.api('POST', base(), { key: t.prepaid.apiKey, body: assignedBody({ is_invited: true }) });
    expect(answer.status).toBe(201);
    expect(data(answer)['status']).toBe('invited');
  });

  it('creates a shared sub-account under the postpaid parent', async () => {
    const answer = await t.api('POST', postpaidBase(), { key: t.postpaid.apiKey, body: sharedBody() });
    expect(answer.status).toBe(201);
    expect(data(answer)).toMatchObject({ subaccount_credit_type: 'shared', monthly_usage_limit: 250, balance: null });
  });

  it('funds an assigned sub-account of a postpaid parent from its monthly allowance (RBC2316 beyond it)', async () => {
    const ok = await t.api('POST', postpaidBase(), {
      key: t.postpaid.apiKey,
      body: assignedBody({ account_name: 'GlobexLabs', email: 'labs@globex.example', country_iso_code: 'US', credit_amount: 700 }),
    });
    expect(ok.status).toBe(201);
    const billing = data<{ used_this_month: number }>(await t.api('GET', `/api/v1/${t.postpaid.sid}/billing`, { key: t.postpaid.apiKey }));
    expect(billing.used_this_month).toBe(1000);
    const tooMuch = await t.api('POST', postpaidBase(), {
      key: t.postpaid.apiKey,
      body: assignedBody({ account_name: 'GlobexBig', email: 'big@globex.example', country_iso_code: 'US', credit_amount: 4000.01 }),
    });
    expect(tooMuch.status).toBe(400);
    expect(errorCode(tooMuch)).toBe('RBC2316');
  });

  const refusals: Array<[string, () => { url: string; key: 'prepaid' | 'postpaid'; body: Record<string, unknown> }, string, number?]> = [
    ['name too long', () => ({ url: base(), key: 'prepaid', body: assignedBody({ account_name: 'a'.repeat(161) }) }), 'SBX-NAME-INVALID'],
    ['name not alphanumeric', () => ({ url: base(), key: 'prepaid', body: assignedBody({ account_name: 'Team-Mumbai!' }) }), 'SBX-NAME-INVALID'],
    ['name taken (case-insensitive)', () => ({ url: base(), key: 'prepaid', body: assignedBody({ account_name: 'acmenorth' }) }), 'SBX-NAME-TAKEN'],
    ['invalid e-mail', () => ({ url: base(), key: 'prepaid', body: assignedBody({ email: 'not-an-email' }) }), 'SBX-EMAIL-INVALID'],
    ['free-mail e-mail', () => ({ url: base(), key: 'prepaid', body: assignedBody({ email: 'someone@gmail.com' }) }), 'SBX-EMAIL-NOT-BUSINESS'],
    ['e-mail used platform-wide', () => ({ url: base(), key: 'prepaid', body: assignedBody({ email: 'EUROPE@globex.example' }) }), 'SBX-EMAIL-TAKEN'],
    ['enterprise domain mismatch', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ email: 'x@other-company.example' }) }), 'RBC2322'],
    ['country missing', () => ({ url: base(), key: 'prepaid', body: assignedBody({ country_iso_code: undefined }) }), 'RBC2328'],
    ['country not ISO', () => ({ url: base(), key: 'prepaid', body: assignedBody({ country_iso_code: 'XX' }) }), 'RBC2329'],
    ['country not enabled', () => ({ url: base(), key: 'prepaid', body: assignedBody({ country_iso_code: 'TA' }) }), 'RBC2330'],
    ['channel other than SMS', () => ({ url: base(), key: 'prepaid', body: assignedBody({ channels: ['sms', 'whatsapp'] }) }), 'SBX-CHANNELS-INVALID'],
    ['unknown credit type', () => ({ url: base(), key: 'prepaid', body: assignedBody({ subaccount_credit_type: 'pooled' }) }), 'SBX-CREDIT-TYPE-INVALID'],
    ['assigned without credit', () => ({ url: base(), key: 'prepaid', body: assignedBody({ credit_amount: undefined }) }), 'RBC2345'],
    ['credit not numeric', () => ({ url: base(), key: 'prepaid', body: assignedBody({ credit_amount: 'ten' }) }), 'RBC2334'],
    ['credit with too many decimals', () => ({ url: base(), key: 'prepaid', body: assignedBody({ credit_amount: '1.005' }) }), 'RBC2334'],
    ['credit beyond prepaid balance', () => ({ url: base(), key: 'prepaid', body: assignedBody({ credit_amount: 7450.01 }) }), 'RBC2317'],
    ['monthly limit on assigned', () => ({ url: base(), key: 'prepaid', body: assignedBody({ monthly_usage_limit: 10 }) }), 'RBC2353'],
    [
      'shared under prepaid parent',
      () => ({ url: base(), key: 'prepaid', body: { ...sharedBody({ email: 'shared@acme-retail.example', country_iso_code: 'IN' }) } }),
      'RBC2348',
    ],
    ['shared without monthly limit', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ monthly_usage_limit: undefined }) }), 'RBC2331'],
    ['shared monthly limit zero', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ monthly_usage_limit: 0 }) }), 'RBC2332'],
    ['shared monthly limit fractional', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ monthly_usage_limit: 12.5 }) }), 'RBC2332'],
    ['shared with credit amount', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ credit_amount: 10 }) }), 'RBC2354'],
    ['shared with low-balance alert', () => ({ url: postpaidBase(), key: 'postpaid', body: sharedBody({ low_balance_alert: true }) }), 'RBC2352'],
    [
      'alert without threshold',
      () => ({ url: base(), key: 'prepaid', body: assignedBody({ low_balance_alert: true, low_balance_alert_emails: ['a@acme-retail.example'] }) }),
      'RBC2319',
    ],
    [
      'alert threshold invalid',
      () => ({
        url: base(),
        key: 'prepaid',
        body: assignedBody({ low_balance_alert: true, low_balance_alert_amount: -5, low_balance_alert_emails: ['a@acme-retail.example'] }),
      }),
      'RBC2341',
    ],
    [
      'alert without e-mails',
      () => ({ url: base(), key: 'prepaid', body: assignedBody({ low_balance_alert: true, low_balance_alert_amount: 10, low_balance_alert_emails: [] }) }),
      'RBC2333',
    ],
    [
      'alert e-mail invalid',
      () => ({
        url: base(),
        key: 'prepaid',
        body: assignedBody({ low_balance_alert: true, low_balance_alert_amount: 10, low_balance_alert_emails: ['nope'] }),
      }),
      'RBC2335',
    ],
    [
      'alert e-mails duplicated',
      () => ({
        url: base(),
        key: 'prepaid',
        body: assignedBody({ low_balance_alert: true, low_balance_alert_amount: 10, low_balance_alert_emails: ['a@x.example', 'A@x.example'] }),
      }),
      'RBC2336',
    ],
    [
      'more than 10 alert e-mails',
      () => ({
        url: base(),
        key: 'prepaid',
        body: assignedBody({
          low_balance_alert: true,
          low_balance_alert_amount: 10,
          low_balance_alert_emails: Array.from({ length: 11 }, (_, i) => `p${i}@x.example`),
        }),
      }),
      'RBC2340',
    ],
    ['unknown field', () => ({ url: base(), key: 'prepaid', body: assignedBody({ vip: true }) }), 'SBX-INVALID-BODY'],
    ['wrong type', () => ({ url: base(), key: 'prepaid', body: assignedBody({ account_name: 42 }) }), 'SBX-INVALID-BODY'],
  ];

  it.each(refusals)('refuses %s with %s and writes nothing', async (_label, build, code) => {
    const { url, key, body } = build();
    const apiKey = key === 'prepaid' ? t.prepaid.apiKey : t.postpaid.apiKey;
    const before = await t.api('GET', url, { key: apiKey });
    const answer = await t.api('POST', url, { key: apiKey, body });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code, status: 400, error: { code } });
    expect(typeof answer.json['message']).toBe('string');
    const after = await t.api('GET', url, { key: apiKey });
    expect(data(after)).toEqual(data(before));
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('accepts a low-balance alert with threshold and 1–10 distinct e-mails', async () => {
    const answer = await t.api('POST', base(), {
      key: t.prepaid.apiKey,
      body: assignedBody({
        low_balance_alert: true,
        low_balance_alert_amount: 20,
        low_balance_alert_emails: Array.from({ length: 10 }, (_, i) => `p${i}@acme-retail.example`),
      }),
    });
    expect(answer.status).toBe(201);
    expect(data(answer)).toMatchObject({ low_balance_alert: true, low_balance_alert_amount: 20 });
  });
});

describe('edit (PATCH)', () => {
  it('renames, tops up credit and sets the alert of an assigned sub-account', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const answer = await t.api('PATCH', `${base()}/${north.sid}`, {
      key: t.prepaid.apiKey,
      body: {
        account_name: 'Acme North India',
        credit_amount: 25,
        low_balance_alert: true,
        low_balance_alert_amount: 50,
        low_balance_alert_emails: ['n@acme-retail.example'],
      },
    });
    expect(answer.status).toBe(200);
    expect(data(answer)).toMatchObject({ account_name: 'Acme North India', balance: 2025, low_balance_alert: true, low_balance_alert_amount: 50 });
    expect(await parentBalance(t.prepaid.sid, t.prepaid.apiKey)).toBe(7425);
  });

  it('changes the monthly limit of a shared sub-account', async () => {
    const europe = sub(t.postpaid, 'GlobexEurope');
    const answer = await t.api('PATCH', `${postpaidBase()}/${europe.sid}`, { key: t.postpaid.apiKey, body: { monthly_usage_limit: 1500 } });
    expect(answer.status).toBe(200);
    expect(data(answer)['monthly_usage_limit']).toBe(1500);
  });

  it.each([
    ['email', { email: 'new@acme-retail.example' }, 'SBX-FIELD-NOT-EDITABLE'],
    ['channels', { channels: ['sms'] }, 'SBX-FIELD-NOT-EDITABLE'],
    ['country', { country_iso_code: 'US' }, 'SBX-FIELD-NOT-EDITABLE'],
    ['credit type', { subaccount_credit_type: 'shared' }, 'SBX-FIELD-NOT-EDITABLE'],
    ['monthly limit on assigned', { monthly_usage_limit: 100 }, 'RBC2353'],
    ['zero credit', { credit_amount: 0 }, 'SBX-AMOUNT-ZERO'],
    ['duplicate name', { account_name: 'AcmeSouth' }, 'SBX-NAME-TAKEN'],
    ['empty body', {}, 'SBX-INVALID-BODY'],
    ['unknown field', { colour: 'red' }, 'SBX-INVALID-BODY'],
  ])('refuses changing %s of an assigned sub-account', async (_label, body, code) => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const answer = await t.api('PATCH', `${base()}/${north.sid}`, { key: t.prepaid.apiKey, body });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
    const after = await t.api('GET', `${base()}/${north.sid}`, { key: t.prepaid.apiKey });
    expect(data(after)).toMatchObject({ account_name: 'AcmeNorth', balance: 2000, email: 'north@acme-retail.example' });
  });

  it.each([
    ['credit amount', { credit_amount: 10 }, 'RBC2354'],
    ['low-balance alert', { low_balance_alert: true }, 'RBC2352'],
    ['monthly limit zero', { monthly_usage_limit: 0 }, 'RBC2332'],
  ])('refuses %s on a shared sub-account', async (_label, body, code) => {
    const europe = sub(t.postpaid, 'GlobexEurope');
    const answer = await t.api('PATCH', `${postpaidBase()}/${europe.sid}`, { key: t.postpaid.apiKey, body });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
  });
});

describe('recharge and withdraw', () => {
  it('recharges from the parent and withdraws back to it, ledger consistent', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const url = `${base()}/${north.sid}/recharges`;
    const up = await t.api('POST', url, { key: t.prepaid.apiKey, body: { amount: 100 } });
    expect(up.status).toBe(200);
    expect(data(up)['balance']).toBe(2100);
    const down = await t.api('POST', url, { key: t.prepaid.apiKey, body: { amount: '-600.25' } });
    expect(down.status).toBe(200);
    expect(data(down)['balance']).toBe(1499.75);
    expect(await parentBalance(t.prepaid.sid, t.prepaid.apiKey)).toBe(7450 - 100 + 600.25);
    const entries = t.sandbox.ledgerEntries(north.sid);
    expect(entries.reduce((sum, entry) => sum + entry.amountMinor, 0)).toBe(149_975);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it.each([
    ['zero', 0, 'SBX-AMOUNT-ZERO'],
    ['negative zero', '-0', 'SBX-AMOUNT-ZERO'],
    ['negative zero number', -0, 'SBX-AMOUNT-ZERO'],
    ['text', 'lots', 'SBX-AMOUNT-INVALID'],
    ['too precise', 1.001, 'SBX-AMOUNT-INVALID'],
    ['missing', undefined, 'SBX-AMOUNT-INVALID'],
    ['withdrawal below zero', -2000.01, 'SBX-WITHDRAWAL-EXCEEDS-BALANCE'],
    ['more than the parent has', 7450.01, 'RBC2317'],
  ])('refuses a %s amount', async (_label, amount, code) => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const answer = await t.api('POST', `${base()}/${north.sid}/recharges`, { key: t.prepaid.apiKey, body: { amount } });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe(code);
    expect(await parentBalance(t.prepaid.sid, t.prepaid.apiKey)).toBe(7450);
  });

  it('refuses recharging a shared sub-account', async () => {
    const europe = sub(t.postpaid, 'GlobexEurope');
    const answer = await t.api('POST', `${postpaidBase()}/${europe.sid}/recharges`, { key: t.postpaid.apiKey, body: { amount: 5 } });
    expect(answer.status).toBe(400);
    expect(errorCode(answer)).toBe('RBC2354');
  });

  it('withdraws the whole balance down to exactly zero', async () => {
    const west = sub(t.prepaid, 'AcmeWest');
    const answer = await t.api('POST', `${base()}/${west.sid}/recharges`, { key: t.prepaid.apiKey, body: { amount: -50 } });
    expect(answer.status).toBe(200);
    expect(data(answer)['balance']).toBe(0);
  });
});

describe('suspend, activate, delete', () => {
  it('suspends and activates (idempotently), including an invited account', async () => {
    const north = sub(t.prepaid, 'AcmeNorth');
    const suspended = await t.api('POST', `${base()}/${north.sid}/suspend`, { key: t.prepaid.apiKey });
    expect(data(suspended)['status']).toBe('suspended');
    const again = await t.api('POST', `${base()}/${north.sid}/suspend`, { key: t.prepaid.apiKey });
    expect(again.status).toBe(200);
    const active = await t.api('POST', `${base()}/${north.sid}/activate`, { key: t.prepaid.apiKey });
    expect(data(active)['status']).toBe('active');
    const asia = sub(t.postpaid, 'GlobexAsia');
    const accepted = await t.api('POST', `${postpaidBase()}/${asia.sid}/activate`, { key: t.postpaid.apiKey });
    expect(data(accepted)['status']).toBe('active');
  });

  it('deletes (RBC2347), returns the balance to the parent, frees the name, deactivates the key', async () => {
    const south = sub(t.prepaid, 'AcmeSouth');
    const answer = await t.api('DELETE', `${base()}/${south.sid}`, { key: t.prepaid.apiKey });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ code: 'RBC2347', message: 'Account deleted successfully!' });
    expect(data(answer)).toMatchObject({ status: 'deleted', balance: 0 });
    expect(await parentBalance(t.prepaid.sid, t.prepaid.apiKey)).toBe(7950);
    const ownKey = await t.api('GET', `/api/v1/${south.sid}/billing`, { key: south.apiKey });
    expect(ownKey.status).toBe(401);
    const twice = await t.api('DELETE', `${base()}/${south.sid}`, { key: t.prepaid.apiKey });
    expect(twice.status).toBe(409);
    expect(errorCode(twice)).toBe('SBX-ACCOUNT-DELETED');
    const edit = await t.api('POST', `${base()}/${south.sid}/recharges`, { key: t.prepaid.apiKey, body: { amount: 1 } });
    expect(errorCode(edit)).toBe('SBX-ACCOUNT-DELETED');
    const reuse = await t.api('POST', base(), { key: t.prepaid.apiKey, body: assignedBody({ account_name: 'AcmeSouth', email: 'south@acme-retail.example' }) });
    expect(reuse.status).toBe(201);
    expect(data(reuse)['sid']).toBe(`${t.prepaid.sid}_4`);
    expect(t.sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
