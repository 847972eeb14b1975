import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../../../shared/errors';
import type { SecretCipher } from './secret-cipher';

const sealedFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

/**
 * API keys by profile id, sealed by the cipher and kept in their own file (not the SQLite store,
 * which is plain on disk and may be copied around for support).
 */
export class SecretStore {
  private readonly sealed: Map<string, string>;

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {
    this.sealed = new Map(existsSync(file) ? Object.entries(sealedFile.parse(JSON.parse(readFileSync(file, 'utf8'))).secrets) : []);
  }

  async put(profileId: string, secret: string): Promise<void> {
    this.sealed.set(profileId, await this.cipher.encrypt(secret));
    this.persist();
  }

  async get(profileId: string): Promise<string> {
    const sealed = this.sealed.get(profileId);
    if (sealed === undefined) {
      throw new DeskError('SECRET_UNAVAILABLE', 'This profile has no API key saved. Enter the key again in the profile settings.');
    }
    try {
      return await this.cipher.decrypt(sealed);
    } catch {
      throw new DeskError('SECRET_UNAVAILABLE', 'The saved API key could not be unlocked on this computer. Enter the key again.');
    }
  }

  async delete(profileId: string): Promise<void> {
    if (this.sealed.delete(profileId)) this.persist();
  }

  has(profileId: string): boolean {
    return this.sealed.has(profileId);
  }

  private persist(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify({ version: 1, secrets: Object.fromEntries(this.sealed) }), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
