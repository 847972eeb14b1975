import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeyFileCipher } from '../../../electron/core/secrets/key-file-cipher';
import { SecretStore } from '../../../electron/core/secrets/secret-store';
import { DeskError } from '../../../shared/errors';

const API_KEY = 'A1b2C3d4E5f6G7h8I9j0-very-secret-key';

describe('SecretStore with the key-file cipher', () => {
  it('round-trips a key and never writes it in the clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-secrets-'));
    const store = new SecretStore(join(dir, 'secrets.json'), createKeyFileCipher(join(dir, 'keys', 'secret.key')));
    await store.put('p1', API_KEY);
    expect(await store.get('p1')).toBe(API_KEY);
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain(API_KEY);
    expect(statSync(join(dir, 'keys', 'secret.key')).mode & 0o777).toBe(0o600);

    const reopened = new SecretStore(join(dir, 'secrets.json'), createKeyFileCipher(join(dir, 'keys', 'secret.key')));
    expect(await reopened.get('p1')).toBe(API_KEY);
  });

  it('says what to do when the key cannot be unlocked or is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-secrets-'));
    const store = new SecretStore(join(dir, 'secrets.json'), createKeyFileCipher(join(dir, 'a.key')));
    await store.put('p1', API_KEY);
    const otherMachine = new SecretStore(join(dir, 'secrets.json'), createKeyFileCipher(join(dir, 'b.key')));
    await expect(otherMachine.get('p1')).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' });
    await expect(store.get('nobody')).rejects.toBeInstanceOf(DeskError);
  });
});
