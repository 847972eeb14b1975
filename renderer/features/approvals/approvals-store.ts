import { create } from 'zustand';
import type { ApprovalDecision, ApprovalList, ApprovalNotice, ApprovalRules, CampaignApproval } from '../../../shared/calls/approvals';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';

/** In-app notices kept at most (the oldest go first). */
const MAX_NOTICES = 5;

interface ApprovalsState {
  /** The open campaign's approval state (team desktops), and the campaign it belongs to. */
  campaignId: string | null;
  campaign: CampaignApproval | null;
  requesting: boolean;
  requestError: string | null;
  /** The parent manager's Approvals screen. */
  list: ApprovalList | null;
  rules: ApprovalRules | null;
  listError: string | null;
  /** Requests and decisions shown inside the window (when no desktop notification could be). */
  notices: ApprovalNotice[];
}

interface ApprovalsSlice extends ApprovalsState {
  loadCampaign(campaignId: string | null): Promise<void>;
  request(campaignId: string, revision: number): Promise<void>;
  loadScreen(): Promise<void>;
  decide(input: { campaignId: string; revision: number; decision: ApprovalDecision; note: string }): Promise<void>;
  setRule(accountSid: string, thresholdMinor: number): Promise<void>;
  removeRule(accountSid: string): Promise<void>;
  /** Pulled approvals changed: read again what is on screen (the parent's screen only on a parent profile). */
  onChanged(options: { parentProfile: boolean }): void;
  addNotice(notice: ApprovalNotice): void;
  dismissNotice(notice: ApprovalNotice): void;
}

export const useApprovalsStore = create<ApprovalsSlice>((set, get) => ({
  campaignId: null,
  campaign: null,
  requesting: false,
  requestError: null,
  list: null,
  rules: null,
  listError: null,
  notices: [],

  async loadCampaign(campaignId) {
    if (get().campaignId !== campaignId) set({ campaignId, campaign: null, requestError: null });
    if (campaignId === null) return;
    try {
      const campaign = await call('approvals.campaign', { campaignId });
      if (get().campaignId === campaignId) set({ campaign });
    } catch {
      // The campaign closed or went away meanwhile; the launch gate in the core decides anyway.
      if (get().campaignId === campaignId) set({ campaign: null });
    }
  },

  async request(campaignId, revision) {
    set({ requesting: true, requestError: null });
    try {
      const campaign = await call('approvals.request', { campaignId, revision });
      if (get().campaignId === campaignId) set({ campaign });
    } catch (error) {
      set({ requestError: errorMessage(error) });
    } finally {
      set({ requesting: false });
    }
  },

  async loadScreen() {
    try {
      const [list, rules] = await Promise.all([call('approvals.list', {}), call('approvals.rules', {})]);
      set({ list, rules, listError: null });
    } catch (error) {
      set({ listError: errorMessage(error) });
    }
  },

  // Decisions and rules throw to the dialog that asked, which shows the refusal where the person is.
  async decide(input) {
    set({ list: await call('approvals.decide', input) });
  },

  async setRule(accountSid, thresholdMinor) {
    set({ rules: await call('approvals.setRule', { accountSid, thresholdMinor }) });
  },

  async removeRule(accountSid) {
    set({ rules: await call('approvals.removeRule', { accountSid }) });
  },

  onChanged({ parentProfile }) {
    const { campaignId, list, rules } = get();
    if (campaignId !== null) void get().loadCampaign(campaignId);
    if (parentProfile && (list !== null || rules !== null)) void get().loadScreen();
  },

  addNotice(notice) {
    set({ notices: [...get().notices, notice].slice(-MAX_NOTICES) });
  },

  dismissNotice(notice) {
    set({ notices: get().notices.filter((kept) => kept !== notice) });
  },
}));
