import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function sandbox(): Promise<RunningSandbox> {
  const started = await startTestSandbox();
  open.push(started);
  return started;
}

describe('sync: sandbox → local SQLite cache', () => {
  it('pulls the parent’s sub-accounts into the cache with money in minor units', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const core = await startTestCore(tempDir('desk-core-'), { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);

    const status = await callOk(core, 'sync.now');
    expect(status).toMatchObject({ state: 'online', lastError: null, profileId: 'sandbox' });
    expect(status.lastSyncedAt).not.toBeNull();

    const rows = await callOk(core, 'subaccounts.list');
    expect(rows.map((r) => r.sid).sort()).toEqual(parent.subaccounts.map((s) => s.sid).sort());
    for (const row of rows) {
      expect(Number.isInteger(row.balanceMinor)).toBe(true);
      expect(row.currency).toBe('INR');
    }
    expect(core.events.some((e) => e.name === 'subaccounts.changed')).toBe(true);
    expect(core.events.filter((e) => e.name === 'sync.status').map((e) => e.payload.state)).toEqual(expect.arrayContaining(['syncing', 'online']));
  });

  it('keeps serving the cache when the API is unreachable, says offline, and survives a restart', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const dataDir = tempDir('desk-core-');
    const account = { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name };
    const first = await startTestCore(dataDir, account);
    await callOk(first, 'sync.now');
    const cached = await callOk(first, 'subaccounts.list');
    first.close();
    await api.close();

    const restarted = await startTestCore(dataDir, account);
    open.push(restarted);
    expect(await callOk(restarted, 'subaccounts.list')).toEqual(cached);
    const status = await callOk(restarted, 'sync.now');
    expect(status.state).toBe('offline');
    expect(status.lastError?.code).toBe('API_UNREACHABLE');
    expect(status.nextAttemptAt).not.toBeNull();
    expect(status.lastSyncedAt).toBe(cached[0]?.syncedAt);
    expect(await callOk(restarted, 'subaccounts.list')).toEqual(cached);
  });

  it('reports a refused key as a profile problem, not a crash', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const core = await startTestCore(tempDir('desk-core-'), { url: api.url, sid: parent.sid, apiKey: 'wrong-key', name: parent.name });
    open.push(core);
    const status = await callOk(core, 'sync.now');
    expect(status.state).toBe('error');
    expect(status.lastError).toMatchObject({ code: 'API_AUTH_FAILED' });
    expect(status.lastError?.message).toMatch(/API key/);
  });

  it('never writes the API key into the SQLite store', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const dataDir = tempDir('desk-core-');
    const core = await startTestCore(dataDir, { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    await callOk(core, 'sync.now');
    core.close();
    const keys = [parent.apiKey, ...parent.subaccounts.map((s) => s.apiKey)];
    for (const file of readdirSync(dataDir).filter((f) => f.includes('sqlite'))) {
      const bytes = readFileSync(join(dataDir, file)).toString('latin1');
      for (const key of keys) expect(bytes.includes(key), `${file} contains an API key`).toBe(false);
    }
  });

  it('joins a "Sync now" that arrives during a pull instead of pulling twice', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const core = await startTestCore(tempDir('desk-core-'), { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    const [a, b] = await Promise.all([callOk(core, 'sync.now'), callOk(core, 'sync.now')]);
    expect(a).toEqual(b);
    expect(core.events.filter((e) => e.name === 'subaccounts.changed')).toHaveLength(1);
  });

  it('pulls the account’s own billing for parents and sub-accounts, recording only changes', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const sub = parent.subaccounts.find((s) => s.status === 'active' && s.creditType === 'assigned')!;
    const core = await startTestCore(tempDir('desk-core-'), { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name }, false, [
      { profileId: 'team', url: api.url, sid: sub.sid, apiKey: sub.apiKey, name: sub.name, role: 'subaccount' },
    ]);
    open.push(core);

    await callOk(core, 'sync.now');
    const parentBilling = await callOk(core, 'billing.summary');
    expect(parentBilling).toMatchObject({ profileId: 'sandbox', accountType: 'prepaid', currency: 'INR', creditType: null });
    expect(Number.isInteger(parentBilling?.balanceMinor)).toBe(true);
    await callOk(core, 'sync.now');
    expect(core.events.filter((e) => e.name === 'billing.changed')).toHaveLength(1);

    await callOk(core, 'profiles.activate', { profileId: 'team' });
    const status = await callOk(core, 'sync.now');
    expect(status).toMatchObject({ state: 'online', profileId: 'team' });
    const teamBilling = await callOk(core, 'billing.summary');
    expect(teamBilling).toMatchObject({ profileId: 'team', creditType: 'assigned', currency: 'INR' });
    expect(teamBilling?.balanceMinor).toBe(2_000_00);
  });

  it('adds recipients who answered STOP to the profile’s suppression list on the next sync, once', async () => {
    const api = await sandbox();
    const parent = prepaidParent(api);
    const core = await startTestCore(tempDir('desk-core-'), { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    const reply = async (from: string, body: string) => {
      const answer = await fetch(`${api.url}/__sandbox/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sandbox-admin-token': api.adminToken },
        body: JSON.stringify({ sid: parent.sid, from, body }),
      });
      expect(answer.status).toBe(200);
    };

    await callOk(core, 'sync.now');
    expect(await callOk(core, 'suppressions.list', { limit: 10 })).toMatchObject({ total: 0 });
    await reply('+919810000077', 'STOP');
    await reply('+919810000078', 'Thanks!');
    await callOk(core, 'sync.now');
    await callOk(core, 'sync.now');
    const listed = await callOk(core, 'suppressions.list', { limit: 10 });
    expect(listed.total).toBe(1);
    expect(listed.latest).toEqual([expect.objectContaining({ phoneE164: '+919810000077', reason: 'opt_out' })]);
  });
});
