import { workspaceCalls } from '../../../shared/calls/workspace';
import { defineHandlers } from '../define-handlers';

export const workspaceHandlers = defineHandlers(workspaceCalls, (s) => ({
  'workspace.status': async ({ profileId, check }) => {
    const status = await s.workspace.status(profileId, { check });
    return status.joined ? { ...status, ...s.workspaceSync.state(profileId) } : status;
  },
  'workspace.join': async ({ profileId, url, user, password }) => {
    const status = await s.workspace.join(profileId, { url, user, password });
    if (s.profiles.active()?.id === profileId) void s.workspaceSync.follow(profileId);
    return status.joined ? { ...status, ...s.workspaceSync.state(profileId) } : status;
  },
  'workspace.syncNow': ({ profileId }) => s.workspaceSync.syncNow(profileId),
  'workspace.leave': async ({ profileId }) => {
    if (s.profiles.active()?.id === profileId) await s.workspaceSync.follow(null);
    return { left: await s.workspace.leave(profileId) };
  },
}));
