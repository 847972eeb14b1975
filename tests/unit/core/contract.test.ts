import { describe, expect, it } from 'vitest';
import { emptyInput } from '../../../shared/calls/common';
import { callNames, calls, eventNames, events, isCallName } from '../../../shared/contract';

describe('IPC contract', () => {
  it('gives every call an access rule', () => {
    for (const name of callNames) expect(['anyone', 'parent-only'], name).toContain(calls[name].access);
    expect(calls['subaccounts.list'].access).toBe('parent-only');
  });

  it('recognises only its own call names, not inherited object keys', () => {
    expect(isCallName('subaccounts.list')).toBe(true);
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'subaccounts.list ', 42, null]) {
      expect(isCallName(name)).toBe(false);
    }
  });

  it('refuses unknown keys in every input instead of ignoring them', () => {
    for (const name of callNames) {
      const result = calls[name].input.safeParse({ unexpected: true });
      expect(result.success, name).toBe(false);
    }
  });

  it('accepts the minimal valid payload of each call', () => {
    const minimal: Record<string, unknown> = {
      'profiles.activate': { profileId: 'sandbox' },
      'profiles.add': { displayName: 'India team', pod: 'IN', sid: 'HXIN123', apiKey: 'Aabcdefgh123' },
      'profiles.replaceKey': { profileId: 'p-1', apiKey: 'Aabcdefgh123' },
      'profiles.remove': { profileId: 'p-1' },
    };
    for (const [name, payload] of Object.entries(minimal)) {
      expect(isCallName(name) && calls[name].input.safeParse(payload).success, name).toBe(true);
    }
    for (const name of callNames.filter((n) => calls[n].input === emptyInput)) {
      expect(calls[name].input.safeParse({}).success, name).toBe(true);
    }
  });

  it('validates event payloads strictly', () => {
    expect(eventNames).toContain('sync.status');
    expect(events['subaccounts.changed'].safeParse({ profileId: 'sandbox' }).success).toBe(true);
    expect(events['subaccounts.changed'].safeParse({ profileId: 'sandbox', apiKey: 'x' }).success).toBe(false);
  });

  it('bounds the search text a renderer may send', () => {
    expect(calls['subaccounts.list'].input.safeParse({ search: 'a'.repeat(200) }).success).toBe(true);
    expect(calls['subaccounts.list'].input.safeParse({ search: 'a'.repeat(201) }).success).toBe(false);
    expect(calls['subaccounts.list'].input.safeParse({ status: 'archived' }).success).toBe(false);
  });
});
