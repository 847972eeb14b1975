import { z } from 'zod';
import { emptyInput, profileId } from './common';
import { defineCall, defineFeature } from './define';

export const profileRole = z.enum(['parent', 'subaccount']);
export type ProfileRole = z.infer<typeof profileRole>;

/** Kaleyra's regional hosts ("pods"), from its developer docs. */
export const KALEYRA_PODS = {
  IN: 'https://api.in.kaleyra.io',
  SG: 'https://api.kaleyra.io',
  EU: 'https://api.eu.kaleyra.io',
  NA: 'https://api.na.kaleyra.ai',
} as const;
export const kaleyraPod = z.enum(['IN', 'SG', 'EU', 'NA']);
export type KaleyraPod = z.infer<typeof kaleyraPod>;

export const profileView = z.strictObject({
  id: profileId,
  displayName: z.string(),
  kind: z.enum(['sandbox', 'kaleyra']),
  baseUrl: z.string(),
  sid: z.string(),
  role: profileRole,
  isActive: z.boolean(),
  /** Sandbox profiles: served only what Kaleyra documents (every [ours] route unknown). */
  documentedOnly: z.boolean(),
});
export type ProfileView = z.infer<typeof profileView>;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** HTTPS anywhere; plain HTTP only on this machine (a standalone sandbox). */
export const apiBaseUrl = z
  .string()
  .max(200)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    } catch {
      return false;
    }
  }, 'Use an https:// address (plain http only for a sandbox on this computer)');

const sid = z
  .string()
  .trim()
  .min(3, 'Enter the account SID')
  .max(64)
  .regex(/^[A-Za-z0-9_]+$/, 'A SID has only letters, digits and _');
const apiKey = z
  .string()
  .trim()
  .min(8, 'Enter the API key')
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'An API key has no spaces');

export const profileCalls = {
  'profiles.list': defineCall({ input: emptyInput, output: z.array(profileView), access: 'anyone' }),
  'profiles.activate': defineCall({ input: z.strictObject({ profileId }), output: profileView, access: 'anyone' }),
  /** Checks the key against the API, detects the role (a sub-account key cannot list sub-accounts), then saves. */
  'profiles.add': defineCall({
    input: z
      .strictObject({
        displayName: z.string().trim().min(1, 'Give the profile a name').max(80),
        pod: kaleyraPod.optional(),
        baseUrl: apiBaseUrl.optional(),
        sid,
        apiKey,
      })
      .refine((input) => (input.pod === undefined) !== (input.baseUrl === undefined), { message: 'Choose a region or enter a base URL', path: ['pod'] }),
    output: profileView,
    access: 'anyone',
  }),
  'profiles.replaceKey': defineCall({ input: z.strictObject({ profileId, apiKey }), output: profileView, access: 'anyone' }),
  /** A sandbox profile talks to the full sandbox or to its documented-only listener. */
  'profiles.setDocumentedOnly': defineCall({
    input: z.strictObject({ profileId, documentedOnly: z.boolean() }),
    output: profileView,
    access: 'anyone',
  }),
  'profiles.remove': defineCall({ input: z.strictObject({ profileId }), output: z.strictObject({ removed: z.boolean() }), access: 'anyone' }),
};

export const profileEvents = {
  'profiles.changed': z.strictObject({ activeProfileId: profileId.nullable() }),
};

export const profilesFeature = defineFeature({ calls: profileCalls, events: profileEvents });
