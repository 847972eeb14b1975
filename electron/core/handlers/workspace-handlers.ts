import type { workspaceCalls } from '../../../shared/calls/workspace';
import type { CallHandlers } from '../dispatch';
import type { CoreServices } from '../services/core-services';

export const workspaceHandlers = (s: CoreServices): Pick<CallHandlers, keyof typeof workspaceCalls> => ({
  'workspace.status': ({ profileId, check }) => s.workspace.status(profileId, { check }),
  'workspace.join': ({ profileId, url, user, password }) => s.workspace.join(profileId, { url, user, password }),
  'workspace.leave': async ({ profileId }) => ({ left: await s.workspace.leave(profileId) }),
});
