import { create } from 'zustand';
import type { CampaignPlan } from '../../../shared/calls/campaigns';
import { call } from '../../lib/desk';
import { errorMessage, fieldOfError } from '../../lib/error-message';

export interface PlanProblem {
  message: string;
  field: string | null;
}

interface PlanState {
  /** The campaign these figures belong to; an answer for any other is dropped. */
  campaignId: string | null;
  plan: CampaignPlan | null;
  /** The plan before the current one (same campaign), for "What changed". */
  previousPlan: CampaignPlan | null;
  planProblem: PlanProblem | null;
  planning: boolean;
}

interface PlanSlice extends PlanState {
  /** Plans the campaign again (waves, budget, left-out recipients) from what is saved. */
  replan(campaignId: string): Promise<void>;
  /** Forgets the figures: another campaign (or none) is open. */
  reset(campaignId: string | null): void;
}

export const emptyPlan = (campaignId: string | null = null): PlanState => ({ campaignId, plan: null, previousPlan: null, planProblem: null, planning: false });

export const useCampaignPlanStore = create<PlanSlice>((set, get) => ({
  ...emptyPlan(),

  async replan(campaignId) {
    if (get().campaignId !== campaignId) set(emptyPlan(campaignId));
    set({ planning: true });
    try {
      const plan = await call('campaigns.plan', { id: campaignId });
      if (get().campaignId !== campaignId) return;
      // The last plan shown (even before a failed replan) is what "What changed" compares with.
      const last = get().plan ?? get().previousPlan;
      set({ plan, previousPlan: last && last.campaignId === plan.campaignId ? last : null, planProblem: null, planning: false });
    } catch (failure) {
      if (get().campaignId === campaignId) set({ plan: null, planProblem: { message: errorMessage(failure), field: fieldOfError(failure) }, planning: false });
    }
  },

  reset(campaignId) {
    set(emptyPlan(campaignId));
  },
}));
