import type { CampaignPlan } from '../../../shared/calls/campaigns';
import type { Logger } from '../log';
import type { CampaignRecord } from '../store/campaigns-repository';
import type { WorkspacePlanSummariesRepository } from '../store/workspace-plan-summaries-repository';
import type { Clock } from '../time';
import { planSummaryOf } from './workspace-plan-summaries';

export interface WorkspacePlanRecorderDeps {
  repository: WorkspacePlanSummariesRepository;
  /** Whether the profile has joined a team workspace (without one, nothing is kept). */
  isMember(profileId: string): boolean;
  /** Starts a workspace sync round for the profile in the background. */
  syncSoon(profileId: string): Promise<unknown>;
  clock: Clock;
  log: Logger;
}

/**
 * Keeps the plan a person sees before launch (for the campaign's current revision) so the
 * workspace sync pushes its summary, and asks for a round at once: other desktops, the parent
 * manager's above all, see the planned spend without waiting for the next pull.
 */
export class WorkspacePlanRecorder {
  constructor(private readonly deps: WorkspacePlanRecorderDeps) {}

  planned(profileId: string, campaign: CampaignRecord | undefined, plan: CampaignPlan): void {
    if (!campaign || campaign.status !== 'draft' || !this.deps.isMember(profileId)) return;
    const summary = planSummaryOf(campaign, plan, this.deps.clock());
    if (summary === null) return;
    this.deps.repository.queue(profileId, summary);
    this.deps.syncSoon(profileId).catch((error: unknown) => {
      // Offline: the summary stays queued and goes with the next round that reaches the workspace.
      this.deps.log.warn('workspace sync after a plan failed', { profileId, error: error instanceof Error ? error.message : String(error) });
    });
  }
}
