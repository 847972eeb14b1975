import { z } from 'zod';
import { emptyInput, profileId } from './common';
import { defineCall } from './define';

export const profileRole = z.enum(['parent', 'subaccount']);
export type ProfileRole = z.infer<typeof profileRole>;

export const profileView = z.strictObject({
  id: profileId,
  displayName: z.string(),
  kind: z.enum(['sandbox', 'kaleyra']),
  baseUrl: z.string(),
  sid: z.string(),
  role: profileRole,
  isActive: z.boolean(),
});
export type ProfileView = z.infer<typeof profileView>;

export const profileCalls = {
  'profiles.list': defineCall({ input: emptyInput, output: z.array(profileView), access: 'anyone' }),
  'profiles.activate': defineCall({ input: z.strictObject({ profileId }), output: profileView, access: 'anyone' }),
};

export const profileEvents = {
  'profiles.changed': z.strictObject({ activeProfileId: profileId.nullable() }),
};
