import { describe, expect, it } from 'vitest';
import { callNames, calls, type ProfileRole } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import { createDispatcher, type CallHandlers } from '../../../electron/core/dispatch';
import { silentLogger } from '../../../electron/core/log';

const syncStatus = { profileId: 'p1', state: 'online' as const, lastSyncedAt: null, nextAttemptAt: null, lastError: null };

function handlers(overrides: Partial<CallHandlers> = {}): CallHandlers {
  const notUsedHere = () => {
    throw new Error('not used in this test');
  };
  return {
    ...(Object.fromEntries(callNames.map((name) => [name, notUsedHere])) as unknown as CallHandlers),
    'app.info': () => ({ version: '1.0.0', host: 'browser' }),
    'profiles.list': () => [],
    'profiles.activate': () => {
      throw new DeskError('PROFILE_NOT_FOUND', 'gone');
    },
    'subaccounts.list': () => [],
    'sync.status': () => syncStatus,
    'sync.now': () => syncStatus,
    ...overrides,
  };
}

describe('dispatcher', () => {
  const asParent = (): ProfileRole => 'parent';

  it('answers a valid call', async () => {
    const call = createDispatcher(handlers(), asParent, silentLogger);
    expect(await call('app.info', {})).toEqual({ ok: true, value: { version: '1.0.0', host: 'browser' } });
  });

  it('refuses names outside the contract', async () => {
    const call = createDispatcher(handlers(), asParent, silentLogger);
    for (const name of ['__proto__', 'constructor', 'shell.open', 7]) {
      const result = await call(name, {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_CALL');
    }
  });

  it('refuses malformed payloads and names the field', async () => {
    const call = createDispatcher(handlers(), asParent, silentLogger);
    const result = await call('subaccounts.list', { status: 42 });
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field: 'status' } });
    expect(await call('subaccounts.list', 'not an object')).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await call('profiles.activate', { profileId: '../etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses parent-only calls for a sub-account profile, before any handler runs', async () => {
    let ran = false;
    const call = createDispatcher(handlers({ 'subaccounts.list': () => ((ran = true), []) }), () => 'subaccount', silentLogger);
    expect(await call('subaccounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
    expect(ran).toBe(false);
  });

  it('passes DeskErrors through with their code and message', async () => {
    const call = createDispatcher(handlers(), asParent, silentLogger);
    expect(await call('profiles.activate', { profileId: 'p2' })).toEqual({ ok: false, error: { code: 'PROFILE_NOT_FOUND', message: 'gone' } });
  });

  it('never lets an undeclared field out, and hides internal errors', async () => {
    const leaky = handlers({ 'app.info': () => ({ version: '1', host: 'browser', apiKey: 'secret' }) as never });
    const call = createDispatcher(leaky, asParent, silentLogger);
    const result = await call('app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('secret');
  });

  it('refuses every parent-only call of the contract for a sub-account profile, whatever the payload, before any handler runs', async () => {
    const ran: string[] = [];
    const tracking = Object.fromEntries(callNames.map((name) => [name, () => ran.push(name)])) as unknown as CallHandlers;
    const call = createDispatcher(tracking, () => 'subaccount', silentLogger);
    const parentOnly = callNames.filter((name) => calls[name].access === 'parent-only');
    expect(parentOnly.length).toBeGreaterThan(10);
    for (const name of parentOnly) {
      for (const payload of [{}, undefined, { anything: 1 }]) {
        expect(await call(name, payload), name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_ROLE' } });
      }
    }
    expect(ran).toEqual([]);
  });
});
