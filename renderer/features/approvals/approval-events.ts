import { defineFeatureEvents } from '../../lib/feature-events';
import { useProfilesStore } from '../profiles/profiles-store';
import { showApprovalNotice } from './approval-notifications';
import { useApprovalsStore } from './approvals-store';

const isActive = (profileId: string) => useProfilesStore.getState().profiles.some((profile) => profile.id === profileId && profile.isActive);

export const approvalEvents = defineFeatureEvents({
  on: {
    'approvals.changed': ({ profileId }) => {
      if (isActive(profileId)) useApprovalsStore.getState().onChanged();
    },
    'approvals.notice': (notice) => {
      if (isActive(notice.profileId)) void showApprovalNotice(notice);
    },
  },
  onConnected: () => useApprovalsStore.getState().onChanged(),
});
