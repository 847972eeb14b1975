import type { CampaignRecord } from '../store/campaigns-repository';
import type { ProfileRecord } from '../store/profiles-repository';

/**
 * A named gate of the launch: a campaign estimated above its sub-account's approval threshold
 * launches only when a parent manager approved this exact revision (team workspace;
 * `workspace/workspace-approvals-service.ts` answers it). Without a workspace it lets every launch through.
 */
export interface LaunchApprovalGate {
  /** Before the launch reserves anything: brings the pulled approvals up to date when the workspace answers. */
  refresh(profile: ProfileRecord): Promise<void>;
  /** Inside the reserving transaction, with the estimate being reserved: throws APPROVAL_REQUIRED with the reason. */
  assertMayLaunch(profile: ProfileRecord, record: CampaignRecord, estimate: { minor: number; currency: string }): void;
}
