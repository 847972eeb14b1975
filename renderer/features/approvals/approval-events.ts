import { defineFeatureEvents } from '../../lib/feature-events';
import { useProfilesStore } from '../profiles/profiles-store';
import { showApprovalNotice } from './approval-notifications';
import { useApprovalsStore } from './approvals-store';

const activeProfile = () => useProfilesStore.getState().profiles.find((profile) => profile.isActive) ?? null;
const readAgain = () => useApprovalsStore.getState().onChanged({ parentProfile: activeProfile()?.role === 'parent' });

export const approvalEvents = defineFeatureEvents({
  on: {
    'approvals.changed': ({ profileId }) => {
      if (activeProfile()?.id === profileId) readAgain();
    },
    // Not filtered by the renderer's active profile: right after a switch the core's round can bring the
    // new profile's notice before this window has heard of the switch, and a request must not be lost.
    'approvals.notice': (notice) => void showApprovalNotice(notice),
  },
  onConnected: readAgain,
});
