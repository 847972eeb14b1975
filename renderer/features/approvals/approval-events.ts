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
    'approvals.notice': (notice) => {
      if (activeProfile()?.id === notice.profileId) void showApprovalNotice(notice);
    },
  },
  onConnected: readAgain,
});
