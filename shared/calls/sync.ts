import { z } from 'zod';
import { deskErrorShape } from '../errors';
import { emptyInput, isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';

export const syncState = z.enum(['idle', 'syncing', 'online', 'offline', 'error']);
export const syncStatus = z.strictObject({
  profileId: profileId.nullable(),
  state: syncState,
  lastSyncedAt: isoInstant.nullable(),
  nextAttemptAt: isoInstant.nullable(),
  lastError: deskErrorShape.nullable(),
});
export type SyncStatus = z.infer<typeof syncStatus>;

export const syncCalls = {
  'sync.status': defineCall({ input: emptyInput, output: syncStatus, access: 'anyone' }),
  'sync.now': defineCall({ input: emptyInput, output: syncStatus, access: 'anyone' }),
};

export const syncEvents = {
  'sync.status': syncStatus,
};

export const syncFeature = defineFeature({ calls: syncCalls, events: syncEvents });
