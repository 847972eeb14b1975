import { z } from 'zod';
import { campaignId, campaignView, type CampaignStatus } from './campaigns';
import { emptyInput, isoInstant } from './common';
import { defineCall, defineFeature } from './define';
import { assertNever } from '../assert-never';

/** A campaign's status as the team workspace records it (the CHECK of `desk.campaigns.status`). */
export const workspaceCampaignStatus = z.enum(['draft', 'launching', 'launched', 'finished', 'cancelled']);
export type WorkspaceCampaignStatus = z.infer<typeof workspaceCampaignStatus>;

/** What teammates see of a local campaign's status: a launch on this desktop is "launched" for everyone else. */
export function workspaceStatusOf(status: CampaignStatus): WorkspaceCampaignStatus {
  switch (status) {
    case 'draft':
      return 'draft';
    case 'scheduled':
    case 'running':
    case 'paused':
      return 'launched';
    case 'completed':
      return 'finished';
    case 'cancelled':
      return 'cancelled';
    default:
      return assertNever(status);
  }
}

/**
 * The draft settings shared beside the name, variants and budget, kept in `desk.campaigns.schedule`
 * (jsonb): when and how it sends. A row written before its draft was pushed (`ensureCampaignShared`)
 * holds `{}`, so every field may be missing and reads as a new draft's.
 */
export const sharedCampaignSettings = campaignView
  .pick({
    audienceId: true,
    senderId: true,
    routeType: true,
    schedule: true,
    whenPassed: true,
    windowEnd: true,
    quietHours: true,
    fallbackZone: true,
    throttlePerMinute: true,
    frequencyCapHours: true,
  })
  .partial();
export type SharedCampaignSettings = z.infer<typeof sharedCampaignSettings>;

/** One version of a shared draft: what the workspace holds (theirs) or what this desktop has (mine). */
export const sharedDraftVersion = z.strictObject({
  name: z.string(),
  variants: campaignView.shape.variants,
  settings: sharedCampaignSettings,
  budgetMinor: z.number().int().nullable(),
  currency: z.string().nullable(),
  status: workspaceCampaignStatus,
  /** The workspace revision: theirs as the workspace holds it, mine the one it was edited from (null: never pushed). */
  revision: z.number().int().nullable(),
  updatedByName: z.string(),
  updatedAt: isoInstant,
});
export type SharedDraftVersion = z.infer<typeof sharedDraftVersion>;

/** How a campaign of the active profile stands in the team workspace. */
export const sharedCampaignState = z.strictObject({
  campaignId,
  /** The sub-account the campaign belongs to (a parent manager sees every sub-account's). */
  accountSid: z.string(),
  accountName: z.string().nullable(),
  /** Another account's campaign (a parent manager's view of a sub-account's draft): shown, never changed here. */
  readOnly: z.boolean(),
  status: workspaceCampaignStatus,
  updatedByName: z.string().nullable(),
  updatedAt: isoInstant.nullable(),
  launchedByName: z.string().nullable(),
  launchedAt: isoInstant.nullable(),
  /** Changed on this desktop since the last push (offline, or not synced yet). */
  pendingPush: z.boolean(),
  conflict: z.boolean(),
});
export type SharedCampaignState = z.infer<typeof sharedCampaignState>;

export const campaignConflict = z.strictObject({ campaignId, mine: sharedDraftVersion, theirs: sharedDraftVersion, detectedAt: isoInstant });
export type CampaignConflict = z.infer<typeof campaignConflict>;

export const conflictChoice = z.enum(['keep-mine', 'take-theirs']);
export type ConflictChoice = z.infer<typeof conflictChoice>;

export const workspaceCampaignCalls = {
  /** The shared state of every campaign of the active profile that is in its workspace (empty without one). */
  'workspaceCampaigns.list': defineCall({ input: emptyInput, output: z.array(sharedCampaignState), access: 'anyone' }),
  /** One campaign's shared state and, when a push met someone else's newer revision, both versions. */
  'workspaceCampaigns.get': defineCall({
    input: z.strictObject({ id: campaignId }),
    output: z.strictObject({ state: sharedCampaignState.nullable(), conflict: campaignConflict.nullable() }),
    access: 'anyone',
  }),
  /**
   * Settles a conflict: `keep-mine` pushes this desktop's version on top of theirs (at the next sync,
   * started at once), `take-theirs` replaces the local draft with the workspace's version.
   */
  'workspaceCampaigns.resolve': defineCall({
    input: z.strictObject({ id: campaignId, choice: conflictChoice }),
    output: z.strictObject({ state: sharedCampaignState.nullable() }),
    access: 'anyone',
  }),
};

// A sync that brought teammates' drafts or a conflict emits `campaigns.changed`: the list and an open editor read again.
export const workspaceCampaignsFeature = defineFeature({ calls: workspaceCampaignCalls });
