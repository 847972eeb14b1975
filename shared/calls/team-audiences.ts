import { z } from 'zod';
import { audienceId } from './audiences';
import { emptyInput, profileId } from './common';
import { defineCall, defineFeature } from './define';

/** Which way an audience's rows are moving: up to the team workspace, or down into this desktop's store. */
export const audienceTransferDirection = z.enum(['upload', 'download']);
export type AudienceTransferDirection = z.infer<typeof audienceTransferDirection>;

export const audienceTransferState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type AudienceTransferState = z.infer<typeof audienceTransferState>;

/** Where an audience's rows are on their way (also the progress event's payload). */
export const audienceTransfer = z.strictObject({
  profileId,
  /** The audience's id in the workspace (for an upload, the local audience's id). */
  workspaceAudienceId: audienceId,
  direction: audienceTransferDirection,
  state: audienceTransferState,
  rowsDone: z.number().int().min(0),
  rowsTotal: z.number().int().min(0),
  /** What went wrong and what to do, when `failed`. */
  problem: z.string().nullable(),
});
export type AudienceTransfer = z.infer<typeof audienceTransfer>;

export const teamAudienceView = z.strictObject({
  workspaceAudienceId: audienceId,
  name: z.string(),
  /** The sub-account (or the parent) it belongs to. */
  accountSid: z.string(),
  /** Valid recipients, and every row moved (recipients and the rows its import left out). */
  recipients: z.number().int(),
  rowCount: z.number().int(),
  sharedBy: z.string(),
  /** Epoch ms; null until the workspace has it. */
  sharedAtMs: z.number().int().nullable(),
  /** Shared from this desktop (the local audience of the same id). */
  sharedHere: z.boolean(),
  /** Every row is in the workspace: teammates can use it. */
  rowsComplete: z.boolean(),
  /** The local audience holding its rows on this desktop, once shared from or downloaded to it. */
  localAudienceId: audienceId.nullable(),
  transfer: audienceTransfer.nullable(),
});
export type TeamAudienceView = z.infer<typeof teamAudienceView>;

export const teamAudienceCalls = {
  /** The active profile's audiences in the team workspace: its own shares and its teammates'. Empty when it has not joined one. */
  'teamAudiences.list': defineCall({
    input: emptyInput,
    output: z.strictObject({ joined: z.boolean(), audiences: z.array(teamAudienceView) }),
    access: 'anyone',
  }),
  /**
   * Shares a ready audience with the team: its metadata, then its rows in chunks (progress in
   * `teamAudiences.transfer` events). Sharing an audience whose upload was cut resumes it.
   */
  'teamAudiences.share': defineCall({ input: z.strictObject({ audienceId }), output: audienceTransfer, access: 'anyone' }),
  /** Pulls a teammate's audience into this desktop's audiences, in chunks with progress. */
  'teamAudiences.download': defineCall({ input: z.strictObject({ workspaceAudienceId: audienceId }), output: audienceTransfer, access: 'anyone' }),
  /** Stops a transfer: an upload is withdrawn from the workspace, a download leaves nothing behind. */
  'teamAudiences.cancel': defineCall({
    input: z.strictObject({ workspaceAudienceId: audienceId }),
    output: z.strictObject({ cancelled: z.boolean() }),
    access: 'anyone',
  }),
};

export const teamAudienceEvents = {
  /** A transfer's progress: rows done only grow, and a finished upload or download ends at its total. */
  'teamAudiences.transfer': audienceTransfer,
  /** The list changed (a pull brought teammates' audiences, a share or download finished). */
  'teamAudiences.changed': z.strictObject({ profileId }),
};

export const teamAudiencesFeature = defineFeature({ calls: teamAudienceCalls, events: teamAudienceEvents });
