import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallName } from '../../../shared/contract';
import type { DeskErrorShape } from '../../../shared/errors';
import { calls } from '../../../shared/contract';
import { AuditLogRepository } from '../../../electron/core/store/audit-log-repository';
import { DATABASE_FILE, type Core } from '../../../electron/core/core';
import type { RunningSandbox, SeededAccount } from '../../../sandbox/server';
import { draftCampaign, indianMobiles, seedAudience, waitFor } from '../launch/support';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

interface Console {
  api: RunningSandbox;
  core: Core & { events: Array<{ name: string }> };
  dataDir: string;
  prepaid: SeededAccount;
  postpaid: SeededAccount;
  seeded(name: string): SeededAccount['subaccounts'][number];
  /** The sandbox itself, over HTTP, with any key: the judge of what really happened. */
  sandboxCall(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
}

/** A real sandbox and a real core with the three sandbox profiles: prepaid parent (active), postpaid parent, sub-account. */
async function parentConsole(): Promise<Console> {
  const api = await startTestSandbox();
  open.push(api);
  const prepaid = prepaidParent(api);
  const postpaid = api.accounts.find((account) => account.billing === 'postpaid')!;
  const north = prepaid.subaccounts.find((sub) => sub.name === 'AcmeNorth')!;
  const dataDir = tempDir('desk-console-');
  const core = await startTestCore(dataDir, { url: api.url, sid: prepaid.sid, apiKey: prepaid.apiKey, name: prepaid.name }, false, [
    { profileId: 'sandbox-postpaid', url: api.url, sid: postpaid.sid, apiKey: postpaid.apiKey, name: postpaid.name, role: 'parent' },
    { profileId: 'sandbox-sub', url: api.url, sid: north.sid, apiKey: north.apiKey, name: north.name, role: 'subaccount' },
  ]);
  open.push(core);
  await callOk(core, 'sync.now');
  return {
    api,
    core,
    dataDir,
    prepaid,
    postpaid,
    seeded: (name) => [...prepaid.subaccounts, ...postpaid.subaccounts].find((sub) => sub.name === name)!,
    async sandboxCall(key, method, path, body) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { 'api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
  };
}

async function callError(core: Core, name: CallName, payload: unknown): Promise<DeskErrorShape> {
  const result = await core.call(name, payload);
  if (result.ok) throw new Error(`${name} unexpectedly succeeded`);
  return result.error;
}

async function remoteSubaccounts(c: Console, parent: SeededAccount) {
  const answer = await c.sandboxCall(parent.apiKey, 'GET', `/api/v1/${parent.sid}/subaccounts`);
  return answer.json['data'] as Array<{ sid: string; account_name: string; status: string; balance: number | null }>;
}

const eastDraft = { name: 'AcmeEast', email: 'east@acme-retail.example', country: 'IN', creditType: 'assigned', creditAmountMinor: 1_000_00 };

describe('parent console: sub-accounts through the core against the sandbox', () => {
  it('creates an assigned sub-account: the API’s answer is cached, the credit and the action recorded in one go', async () => {
    const c = await parentConsole();
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({
      billing: 'prepaid',
      currency: 'INR',
      availableMinor: 7_450_00,
      allowedCreditTypes: ['assigned'],
    });

    const created = await callOk(c.core, 'subaccounts.create', {
      ...eastDraft,
      lowBalanceAlert: { thresholdMinor: 100_00, emails: ['Ops@acme-retail.example'] },
    });
    expect(created).toMatchObject({
      name: 'AcmeEast',
      status: 'active',
      creditType: 'assigned',
      balanceMinor: 1_000_00,
      currency: 'INR',
      lowBalanceAlert: { thresholdMinor: 100_00, emails: ['ops@acme-retail.example'] },
    });
    expect(created.sid).toMatch(new RegExp(`^${c.prepaid.sid}_\\d+$`));

    expect((await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === created.sid)).toMatchObject({ account_name: 'AcmeEast', balance: 1000 });
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({ availableMinor: 6_450_00 });
    expect((await callOk(c.core, 'subaccounts.list', { search: 'AcmeEast' })).map((row) => row.balanceMinor)).toEqual([1_000_00]);
    expect((await callOk(c.core, 'subaccounts.creditHistory', {})).entries).toMatchObject([
      {
        sid: created.sid,
        subaccountName: 'AcmeEast',
        kind: 'initial_credit',
        amountMinor: 1_000_00,
        balanceAfterMinor: 1_000_00,
        currency: 'INR',
        source: 'desktop',
      },
    ]);
    expect(c.core.events.filter((event) => event.name === 'subaccounts.changed').length).toBeGreaterThanOrEqual(2);

    const db = new Database(join(c.dataDir, DATABASE_FILE), { readonly: true });
    expect(new AuditLogRepository(db).recent('sandbox')).toMatchObject([
      { action: 'subaccount.create', target: created.sid, details: { name: 'AcmeEast', creditAmountMinor: 1_000_00 } },
    ]);
    db.close();
    expect(c.api.ledgerDiscrepancies()).toEqual([]);
  });

  it('refuses what breaks a platform rule before sending anything, on the field and with the platform’s code', async () => {
    const c = await parentConsole();
    const before = await remoteSubaccounts(c, c.prepaid);
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ email: 'east@' }, 'email', 'SBX-EMAIL-INVALID'],
      [{ email: 'east@gmail.com' }, 'email', 'SBX-EMAIL-NOT-BUSINESS'],
      [{ name: 'acmenorth' }, 'name', 'SBX-NAME-TAKEN'],
      [{ creditAmountMinor: 7_450_01 }, 'creditAmountMinor', 'RBC2317'],
      [{ creditAmountMinor: undefined }, 'creditAmountMinor', 'RBC2345'],
      [{ creditType: 'shared', creditAmountMinor: undefined, monthlyLimitMinor: 500_00 }, 'creditType', 'RBC2348'],
      [{ monthlyLimitMinor: 500_00 }, 'monthlyLimitMinor', 'RBC2353'],
      [{ lowBalanceAlert: { thresholdMinor: 100_00, emails: [] } }, 'lowBalanceAlert.emails', 'RBC2333'],
    ];
    for (const [change, field, apiCode] of cases) {
      expect(await callError(c.core, 'subaccounts.create', { ...eastDraft, ...change }), JSON.stringify(change)).toMatchObject({
        code: 'RULE_VIOLATED',
        field,
        apiCode,
      });
    }
    expect(await remoteSubaccounts(c, c.prepaid)).toEqual(before);
    expect((await callOk(c.core, 'subaccounts.creditHistory', {})).entries).toEqual([]);
  });

  it('puts the API’s own refusal on the call’s field when the platform knows more than the desktop', async () => {
    const c = await parentConsole();
    // Another parent's sub-account owns this address: only the platform can know.
    expect(await callError(c.core, 'subaccounts.create', { ...eastDraft, email: 'europe@globex.example' })).toMatchObject({
      code: 'API_REJECTED',
      field: 'email',
      apiCode: 'SBX-EMAIL-TAKEN',
    });
    // Tristan da Cunha is a country, but not on this account's rate card (the only ones without phone-zone data).
    expect(await callError(c.core, 'subaccounts.create', { ...eastDraft, country: 'TA' })).toMatchObject({
      code: 'API_REJECTED',
      field: 'country',
      apiCode: 'RBC2330',
    });
  });

  it('recharges from the parent and withdraws back, never below zero, and records both', async () => {
    const c = await parentConsole();
    const north = c.seeded('AcmeNorth');
    expect(await callOk(c.core, 'subaccounts.recharge', { sid: north.sid, amountMinor: 250_00 })).toMatchObject({ balanceMinor: 2_250_00 });
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({ availableMinor: 7_200_00 });
    expect(await callError(c.core, 'subaccounts.withdraw', { sid: north.sid, amountMinor: 2_250_01 })).toMatchObject({
      code: 'RULE_VIOLATED',
      field: 'amountMinor',
      apiCode: 'SBX-WITHDRAWAL-EXCEEDS-BALANCE',
    });
    expect(await callError(c.core, 'subaccounts.recharge', { sid: north.sid, amountMinor: 7_200_01 })).toMatchObject({
      code: 'RULE_VIOLATED',
      field: 'amountMinor',
      apiCode: 'RBC2317',
    });
    expect(await callError(c.core, 'subaccounts.recharge', { sid: north.sid, amountMinor: 0 })).toMatchObject({
      code: 'RULE_VIOLATED',
      apiCode: 'SBX-AMOUNT-ZERO',
    });
    expect(await callOk(c.core, 'subaccounts.withdraw', { sid: north.sid, amountMinor: 200_00 })).toMatchObject({ balanceMinor: 2_050_00 });

    expect((await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === north.sid)?.balance).toBe(2050);
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({ availableMinor: 7_400_00 });
    expect(
      (await callOk(c.core, 'subaccounts.creditHistory', { sid: north.sid })).entries.map(({ kind, amountMinor, balanceAfterMinor }) => ({
        kind,
        amountMinor,
        balanceAfterMinor,
      })),
    ).toEqual([
      { kind: 'withdrawal', amountMinor: -200_00, balanceAfterMinor: 2_050_00 },
      { kind: 'recharge', amountMinor: 250_00, balanceAfterMinor: 2_250_00 },
    ]);
    expect(c.api.ledgerDiscrepancies()).toEqual([]);
  });

  it('records balance changes it did not make: spend seen by a pull, or found just before a change', async () => {
    const c = await parentConsole();
    const north = c.seeded('AcmeNorth');
    const send = await c.sandboxCall(north.apiKey, 'POST', `/v1/${north.sid}/sms`, { to: '+919812345678', sender: 'ACME', body: 'Hello' });
    expect(send.status).toBe(202);
    await callOk(c.core, 'sync.now');
    const south = c.seeded('AcmeSouth');
    await c.sandboxCall(south.apiKey, 'POST', `/v1/${south.sid}/sms`, { to: '+919812345679', sender: 'ACME', body: 'Hello' });
    // No pull in between: the recharge's own read of the balance reveals the spend first.
    await callOk(c.core, 'subaccounts.recharge', { sid: south.sid, amountMinor: 10_00 });
    const entries = (await callOk(c.core, 'subaccounts.creditHistory', {})).entries.map(({ subaccountName, kind, amountMinor, source }) => ({
      subaccountName,
      kind,
      amountMinor,
      source,
    }));
    expect(entries).toEqual([
      { subaccountName: 'AcmeSouth', kind: 'recharge', amountMinor: 10_00, source: 'desktop' },
      { subaccountName: 'AcmeSouth', kind: 'observed', amountMinor: -25, source: 'pull' },
      { subaccountName: 'AcmeNorth', kind: 'observed', amountMinor: -25, source: 'pull' },
    ]);
  });

  it('suspends a sub-account so the platform refuses its sends, and activates it again', async () => {
    const c = await parentConsole();
    const south = c.seeded('AcmeSouth');
    expect(await callOk(c.core, 'subaccounts.suspend', { sid: south.sid })).toMatchObject({ status: 'suspended' });
    const refused = await c.sandboxCall(south.apiKey, 'POST', `/v1/${south.sid}/sms`, { to: '+919812345678', sender: 'ACME', body: 'Hello' });
    expect(refused).toMatchObject({ status: 403, json: { error: { code: 'SBX-ACCOUNT-NOT-ACTIVE' } } });
    expect((await callOk(c.core, 'subaccounts.list', { status: 'suspended' })).map((row) => row.name).sort()).toEqual(['AcmeSouth', 'AcmeWest']);

    expect(await callOk(c.core, 'subaccounts.activate', { sid: south.sid })).toMatchObject({ status: 'active' });
    const sent = await c.sandboxCall(south.apiKey, 'POST', `/v1/${south.sid}/sms`, { to: '+919812345678', sender: 'ACME', body: 'Hello' });
    expect(sent.status).toBe(202);
  });

  it('a campaign launched by a suspended sub-account is refused by the platform, charged nothing, and goes out once activated', async () => {
    const c = await parentConsole();
    const north = c.seeded('AcmeNorth');
    await callOk(c.core, 'subaccounts.suspend', { sid: north.sid });

    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox-sub' });
    const audienceId = seedAudience(
      c.dataDir,
      indianMobiles(3).map((phone) => ({ phone, country: 'IN', zone: 'Asia/Kolkata' })),
      'sandbox-sub',
    );
    const draft = await draftCampaign(c.core, audienceId);
    await callOk(c.core, 'campaigns.launch', { id: draft.id, revision: draft.revision });
    const blocked = await waitFor('the launch to be refused', async () => {
      const progress = await callOk(c.core, 'campaigns.progress', { id: draft.id });
      return progress.blockedReason ? progress : undefined;
    });
    expect(blocked).toMatchObject({
      status: 'paused',
      blockedReason: { code: 'API_FORBIDDEN', apiCode: 'SBX-ACCOUNT-NOT-ACTIVE' },
      totals: { chargedMinor: 0 },
    });
    expect((await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === north.sid)?.balance).toBe(2000);

    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox' });
    await callOk(c.core, 'subaccounts.activate', { sid: north.sid });
    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox-sub' });
    await callOk(c.core, 'campaigns.resume', { id: draft.id });
    const sent = await waitFor('the resumed campaign to go out', async () => {
      const progress = await callOk(c.core, 'campaigns.progress', { id: draft.id });
      return progress.requests.pending === 0 ? progress : undefined;
    });
    expect(sent.requests).toMatchObject({ accepted: 1, failed: 0 });
    expect((await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === north.sid)?.balance).toBe(1999.25);
  });

  it('deletes only with the name typed, says what went back to the parent, and records it', async () => {
    const c = await parentConsole();
    const south = c.seeded('AcmeSouth');
    expect(await callError(c.core, 'subaccounts.delete', { sid: south.sid, confirmName: 'AcmeSout' })).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'confirmName',
    });
    expect((await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === south.sid)?.status).toBe('active');

    const deleted = await callOk(c.core, 'subaccounts.delete', { sid: south.sid, confirmName: 'AcmeSouth' });
    expect(deleted).toMatchObject({
      returnedToParentMinor: 500_00,
      apiMessage: 'Account deleted successfully!',
      subaccount: { status: 'deleted', balanceMinor: 0 },
    });
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({ availableMinor: 7_950_00 });
    expect((await callOk(c.core, 'subaccounts.list', { status: 'deleted' })).map((row) => row.name)).toEqual(['AcmeSouth']);
    expect((await callOk(c.core, 'subaccounts.creditHistory', {})).entries).toMatchObject([
      { kind: 'deletion_return', amountMinor: -500_00, balanceAfterMinor: 0 },
    ]);
    expect(await callError(c.core, 'subaccounts.delete', { sid: south.sid, confirmName: 'AcmeSouth' })).toMatchObject({ code: 'RULE_VIOLATED', field: 'sid' });
    expect(c.api.ledgerDiscrepancies()).toEqual([]);
  });

  it('creates and edits a shared sub-account under the postpaid parent, with only the fields shared allows', async () => {
    const c = await parentConsole();
    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox-postpaid' });
    await callOk(c.core, 'sync.now');
    expect(await callOk(c.core, 'subaccounts.parentFunds')).toMatchObject({
      billing: 'postpaid',
      currency: 'USD',
      allowedCreditTypes: ['assigned', 'shared'],
      availableMinor: 4_700_00,
      creditLimitMinor: 5_000_00,
    });

    expect(
      await callError(c.core, 'subaccounts.create', {
        name: 'GlobexAfrica',
        email: 'africa@acme-retail.example',
        country: 'US',
        creditType: 'shared',
        monthlyLimitMinor: 500_00,
      }),
    ).toMatchObject({
      code: 'API_REJECTED',
      field: 'email',
      apiCode: 'RBC2322',
    });
    const shared = await callOk(c.core, 'subaccounts.create', {
      name: 'GlobexAfrica',
      email: 'africa@globex.example',
      country: 'US',
      creditType: 'shared',
      monthlyLimitMinor: 500_00,
    });
    expect(shared).toMatchObject({
      creditType: 'shared',
      status: 'active',
      balanceMinor: null,
      monthlyLimitMinor: 500_00,
      usedThisMonthMinor: 0,
      lowBalanceAlert: null,
    });

    expect(await callError(c.core, 'subaccounts.edit', { sid: shared.sid, monthlyLimitMinor: 600_50 })).toMatchObject({
      code: 'RULE_VIOLATED',
      apiCode: 'RBC2332',
    });
    expect(await callError(c.core, 'subaccounts.edit', { sid: shared.sid, lowBalanceAlert: null })).toMatchObject({
      code: 'RULE_VIOLATED',
      apiCode: 'RBC2352',
    });
    expect(await callError(c.core, 'subaccounts.recharge', { sid: shared.sid, amountMinor: 1_00 })).toMatchObject({
      code: 'RULE_VIOLATED',
      apiCode: 'RBC2354',
    });
    expect(await callOk(c.core, 'subaccounts.edit', { sid: shared.sid, name: 'Globex Africa', monthlyLimitMinor: 600_00 })).toMatchObject({
      name: 'Globex Africa',
      monthlyLimitMinor: 600_00,
    });

    const americas = c.seeded('GlobexAmericas');
    const edited = await callOk(c.core, 'subaccounts.edit', {
      sid: americas.sid,
      lowBalanceAlert: { thresholdMinor: 50_00, emails: ['a@globex.example', 'b@globex.example'] },
    });
    expect(edited.lowBalanceAlert).toEqual({ thresholdMinor: 50_00, emails: ['a@globex.example', 'b@globex.example'] });
    expect(await callError(c.core, 'subaccounts.edit', { sid: americas.sid, monthlyLimitMinor: 100_00 })).toMatchObject({
      code: 'RULE_VIOLATED',
      apiCode: 'RBC2353',
    });
    // Each profile keeps its own history.
    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox' });
    expect((await callOk(c.core, 'subaccounts.creditHistory', {})).entries).toEqual([]);
  });

  it('refuses every sub-account call to a sub-account profile in the main process, before the API hears of it', async () => {
    const c = await parentConsole();
    await callOk(c.core, 'profiles.activate', { profileId: 'sandbox-sub' });
    const south = c.seeded('AcmeSouth');
    const payloads: Partial<Record<CallName, unknown>> = {
      'subaccounts.list': {},
      'subaccounts.parentFunds': {},
      'subaccounts.create': eastDraft,
      'subaccounts.get': { sid: south.sid },
      'subaccounts.edit': { sid: south.sid, name: 'Hijacked' },
      'subaccounts.recharge': { sid: south.sid, amountMinor: 1_00 },
      'subaccounts.withdraw': { sid: south.sid, amountMinor: 1_00 },
      'subaccounts.suspend': { sid: south.sid },
      'subaccounts.activate': { sid: south.sid },
      'subaccounts.delete': { sid: south.sid, confirmName: 'AcmeSouth' },
      'subaccounts.creditHistory': {},
      'subaccounts.bulk': { operationId: '0b7c1f0e-8d3a-4f55-9a51-2f1d3c4b5a69', action: 'recharge', sids: [south.sid], amountMinor: 1_00 },
      'subaccounts.page': { sort: { column: 'name', direction: 'asc' }, offset: 0, limit: 100 },
    };
    const subaccountCalls = (Object.keys(calls) as CallName[]).filter((name) => name.startsWith('subaccounts.'));
    expect(subaccountCalls.sort()).toEqual(Object.keys(payloads).sort());
    for (const name of subaccountCalls) {
      expect(await callError(c.core, name, payloads[name]), name).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    }
    const remote = (await remoteSubaccounts(c, c.prepaid)).find((sub) => sub.sid === south.sid);
    expect(remote).toMatchObject({ account_name: 'AcmeSouth', status: 'active', balance: 500 });
  });
});
