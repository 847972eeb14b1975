/**
 * Encrypts API keys at rest. In Electron the main process answers with `safeStorage` (the OS
 * keychain); elsewhere (browser host, tests) a local AES key kept apart from the database does.
 */
export interface SecretCipher {
  readonly kind: 'os-keychain' | 'local-key-file';
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}
