import { z } from 'zod';
import { isoInstant, profileId } from './common';
import { defineCall, defineFeature } from './define';

/** A workspace login is either a parent manager of the organisation or a member of one of its sub-accounts. */
export const workspaceMemberKind = z.enum(['parent_manager', 'subaccount_member']);
export type WorkspaceMemberKind = z.infer<typeof workspaceMemberKind>;

/** Whether the workspace answered just now; `problem` says what to fix when it did not. */
export const workspaceConnection = z.enum(['online', 'unreachable', 'refused', 'not-checked']);

export const workspaceStatus = z.discriminatedUnion('joined', [
  z.strictObject({ joined: z.literal(false), profileId }),
  z.strictObject({
    joined: z.literal(true),
    profileId,
    /** The address without credentials: host, port and database. */
    server: z.string(),
    database: z.string(),
    tls: z.boolean(),
    roleName: z.string(),
    displayName: z.string(),
    memberKind: workspaceMemberKind,
    organisationId: z.string(),
    organisationName: z.string(),
    accountSid: z.string(),
    joinedAt: isoInstant,
    connection: workspaceConnection,
    problem: z.string().optional(),
    /** The last sync of this launch that finished, and why the last one failed if it did. */
    lastSyncedAt: isoInstant.nullable(),
    syncProblem: z.string().nullable(),
    /** Pushes refused because someone changed the row first, kept with both versions. */
    conflicts: z.number().int(),
  }),
]);
export type WorkspaceStatus = z.infer<typeof workspaceStatus>;

export const workspaceCalls = {
  /** The profile's workspace, checked against the server (a short connection) unless `check` is false. */
  'workspace.status': defineCall({ input: z.strictObject({ profileId, check: z.boolean().default(true) }), output: workspaceStatus, access: 'anyone' }),
  /**
   * Joins the profile to a workspace: the address (postgresql://host:port/database?sslmode=…) and
   * the person's own login. TLS is required unless the server is on this computer. The login is
   * checked against the server and must belong to this profile's account before anything is saved;
   * the password is sealed like an API key.
   */
  'workspace.join': defineCall({
    input: z.strictObject({
      profileId,
      url: z.string().trim().min(1, 'Enter the workspace address').max(500),
      user: z.string().trim().min(1, 'Enter your workspace login').max(63),
      password: z.string().min(1, 'Enter your workspace password').max(200),
    }),
    output: workspaceStatus,
    access: 'anyone',
  }),
  /** Pushes this desktop's suppression changes, then pulls everyone else's (the active profile also syncs by itself when woken). */
  'workspace.syncNow': defineCall({
    input: z.strictObject({ profileId }),
    output: z.strictObject({ pushed: z.number().int(), pulled: z.number().int(), locallyChanged: z.number().int(), conflicts: z.number().int() }),
    access: 'anyone',
  }),
  /** Leaves the workspace on this desktop: forgets the address and the password; nothing in the workspace is touched. */
  'workspace.leave': defineCall({ input: z.strictObject({ profileId }), output: z.strictObject({ left: z.boolean() }), access: 'anyone' }),
};

export const workspaceFeature = defineFeature({ calls: workspaceCalls });
