import { campaignCalls } from '../../../shared/calls/campaigns';
import { campaignView } from './campaign-drafts';
import { defineHandlers } from '../define-handlers';

export const campaignHandlers = defineHandlers(campaignCalls, (s) => {
  const { drafts, launches, statuses } = s.campaigns;
  const changed = (profileId: string, campaignId: string | null) => s.emit({ name: 'campaigns.changed', payload: { profileId, campaignId } });
  return {
    'campaigns.list': () => drafts.list(s.requireActiveProfile().id),
    'campaigns.get': ({ id }) => campaignView(drafts.get(s.requireActiveProfile().id, id)),
    'campaigns.create': (input) => {
      const profile = s.requireActiveProfile();
      const record = drafts.create(profile.id, input);
      changed(profile.id, record.id);
      s.workspaceSync.syncSoon(profile.id);
      return campaignView(record);
    },
    'campaigns.update': (input) => {
      const profile = s.requireActiveProfile();
      s.sharedCampaigns.assertMayChange(profile.id, input.id, 'edit');
      const record = drafts.update(profile.id, input);
      changed(profile.id, record.id);
      s.workspaceSync.syncSoon(profile.id);
      return campaignView(record);
    },
    'campaigns.delete': ({ id }) => {
      const profile = s.requireActiveProfile();
      s.sharedCampaigns.assertMayChange(profile.id, id, 'edit');
      const deleted = drafts.delete(profile.id, id);
      if (deleted) changed(profile.id, id);
      s.workspaceSync.syncSoon(profile.id);
      return { deleted };
    },
    'campaigns.plan': async ({ id }) => {
      const profile = s.requireActiveProfile();
      const plan = await launches.plan(profile, id);
      s.workspacePlans.planned(profile.id, drafts.get(profile.id, id), plan);
      return plan;
    },
    'campaigns.launch': async (input) => {
      const profile = s.requireActiveProfile();
      s.sharedCampaigns.assertMayChange(profile.id, input.id, 'launch');
      // This desktop's last edits reach the workspace first, so the launch claims the revision that holds them.
      if (s.workspace.membership(profile.id)) await s.workspaceSync.syncNow(profile.id).catch(() => undefined);
      const progress = await launches.launch(profile, input);
      // Teammates see it launched, and by whom.
      s.workspaceSync.syncSoon(profile.id);
      return progress;
    },
    'campaigns.pause': ({ id }) => launches.pause(s.requireActiveProfile(), id),
    'campaigns.resume': ({ id }) => launches.resume(s.requireActiveProfile(), id),
    'campaigns.cancel': ({ id }) => launches.cancel(s.requireActiveProfile(), id),
    'campaigns.progress': ({ id }) => launches.progress(s.requireActiveProfile(), id),
    'campaigns.exportResults': ({ id }) => s.campaigns.monitor.exportResults(s.requireActiveProfile().id, id),
    'campaigns.syncStatuses': () => statuses.pullNow(s.requireActiveProfile().id),
  };
});
