import { randomBytes, randomInt } from 'node:crypto';

/** Kaleyra-looking SIDs: `HX<cc><10 digits><cc>`; sub-accounts append `_<n>`. */
export function newParentSid(country: string): string {
  return `HX${country}${String(randomInt(1e9, 1e10))}${country}`;
}

export function newApiKey(): string {
  return `A${randomBytes(16).toString('hex')}`;
}

export function newSendId(): string {
  return randomBytes(12).toString('hex');
}

export function newAdminToken(): string {
  return randomBytes(24).toString('base64url');
}
