import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from './support';

const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

/** Two sandboxes: one plays the embedded default, the other a "real" account added by hand. */
async function setup() {
  const embedded: RunningSandbox = await startTestSandbox();
  const remote: RunningSandbox = await startTestSandbox();
  open.push(embedded, remote);
  const parent = prepaidParent(embedded);
  const dataDir = tempDir('desk-profiles-');
  const core = await startTestCore(dataDir, { url: embedded.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
  open.push(core);
  return { core, remote, dataDir };
}

describe('profiles', () => {
  it('adds a parent profile after checking its key, and detects a sub-account key', async () => {
    const { core, remote } = await setup();
    const remoteParent = prepaidParent(remote);
    const added = await callOk(core, 'profiles.add', { displayName: 'India HQ', baseUrl: remote.url, sid: remoteParent.sid, apiKey: remoteParent.apiKey });
    expect(added).toMatchObject({ kind: 'kaleyra', role: 'parent', sid: remoteParent.sid, isActive: false });

    const sub = remoteParent.subaccounts.find((s) => s.status === 'active')!;
    const team = await callOk(core, 'profiles.add', { displayName: 'North team', baseUrl: remote.url, sid: sub.sid, apiKey: sub.apiKey });
    expect(team.role).toBe('subaccount');
    expect((await callOk(core, 'profiles.list')).map((p) => p.displayName)).toEqual(expect.arrayContaining(['India HQ', 'North team']));
  });

  it('refuses a wrong key or an unreachable region with a message on the right field, and saves nothing', async () => {
    const { core, remote } = await setup();
    const remoteParent = prepaidParent(remote);
    const wrongKey = await core.call('profiles.add', { displayName: 'X', baseUrl: remote.url, sid: remoteParent.sid, apiKey: 'not-the-right-key' });
    expect(wrongKey).toMatchObject({ ok: false, error: { code: 'API_AUTH_FAILED', field: 'apiKey' } });
    const unreachable = await core.call('profiles.add', {
      displayName: 'X',
      baseUrl: 'http://127.0.0.1:9',
      sid: remoteParent.sid,
      apiKey: remoteParent.apiKey,
    });
    expect(unreachable).toMatchObject({ ok: false, error: { code: 'API_UNREACHABLE', field: 'pod' } });
    const plainHttp = await core.call('profiles.add', { displayName: 'X', baseUrl: 'http://api.example.com', sid: 'HX1', apiKey: remoteParent.apiKey });
    expect(plainHttp).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await callOk(core, 'profiles.list')).toHaveLength(1);
  });

  it('switches profiles with separate data, and a sub-account profile is refused parent-only calls', async () => {
    const { core, remote } = await setup();
    await callOk(core, 'sync.now');
    const sandboxRows = await callOk(core, 'subaccounts.list');
    const remoteParent = prepaidParent(remote);
    const sub = remoteParent.subaccounts.find((s) => s.status === 'active')!;
    const team = await callOk(core, 'profiles.add', { displayName: 'North team', baseUrl: remote.url, sid: sub.sid, apiKey: sub.apiKey });

    await callOk(core, 'profiles.activate', { profileId: team.id });
    expect(await core.call('subaccounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    expect(core.events.some((e) => e.name === 'profiles.changed' && e.payload.activeProfileId === team.id)).toBe(true);

    await callOk(core, 'profiles.activate', { profileId: 'sandbox' });
    expect(await callOk(core, 'subaccounts.list')).toEqual(sandboxRows);
  });

  it('replaces a revoked key only with a working key of the same role, and removes profiles with their secrets', async () => {
    const { core, remote, dataDir } = await setup();
    const remoteParent = prepaidParent(remote);
    const added = await callOk(core, 'profiles.add', { displayName: 'India HQ', baseUrl: remote.url, sid: remoteParent.sid, apiKey: remoteParent.apiKey });
    expect(await core.call('profiles.replaceKey', { profileId: added.id, apiKey: 'revoked-or-wrong' })).toMatchObject({
      ok: false,
      error: { code: 'API_AUTH_FAILED' },
    });
    expect(await callOk(core, 'profiles.replaceKey', { profileId: added.id, apiKey: remoteParent.apiKey })).toMatchObject({ id: added.id });

    expect(await callOk(core, 'profiles.remove', { profileId: added.id })).toEqual({ removed: true });
    expect((await callOk(core, 'profiles.list')).map((p) => p.id)).toEqual(['sandbox']);
    expect(JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).secrets).not.toHaveProperty(added.id);
    expect(await core.call('profiles.remove', { profileId: 'sandbox' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });
});
