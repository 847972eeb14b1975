import type pg from 'pg';
import type { Logger } from '../log';
import type { WorkspaceAudiencesRepository } from '../store/workspace-audiences-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import { INITIAL_WATERMARK } from './change-window';
import { pullAudiences, withdrawAudience } from './workspace-audiences';

/**
 * The sync round's part for audiences: metadata only (rows move when someone shares or downloads
 * one). Pushes the withdrawal of audiences this desktop shared and then deleted, with a revision
 * check, then pulls the next window of audience metadata. Returns how many rows moved and whether
 * the list a person sees changed.
 */
export async function syncAudienceMetadata(
  client: pg.ClientBase,
  membership: WorkspaceMembership,
  shares: WorkspaceAudiencesRepository,
  options: { now: string; log: Logger },
): Promise<{ pushed: number; pulled: number; changed: number }> {
  const profileId = membership.profileId;
  let pushed = 0;
  for (const share of shares.deletedShares(profileId)) {
    const outcome = share.revision === 0 ? { kind: 'not-found' as const } : await withdrawAudience(client, share.workspaceId, share.revision);
    // Someone changed it since (another desktop of this account resumed the upload): theirs stays, this desktop forgets its share.
    if (outcome.kind === 'conflict') options.log.warn('shared audience changed before its withdrawal', { profileId, audienceId: share.workspaceId });
    if (outcome.kind === 'applied') pushed += 1;
    shares.forget(profileId, share.workspaceId);
  }
  const watermark = shares.watermark(profileId) ?? INITIAL_WATERMARK;
  const window = await pullAudiences(client, watermark);
  const changed = shares.applyPulled(profileId, window.rows, window.watermark, options.now);
  return { pushed, pulled: window.rows.length, changed };
}
