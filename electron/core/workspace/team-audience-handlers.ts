import { teamAudienceCalls } from '../../../shared/calls/team-audiences';
import { defineHandlers } from '../define-handlers';

export const teamAudienceHandlers = defineHandlers(teamAudienceCalls, (s) => ({
  'teamAudiences.list': () => s.audienceSharing.list(s.requireActiveProfile().id),
  'teamAudiences.share': ({ audienceId }) => s.audienceSharing.share(s.requireActiveProfile().id, audienceId),
  'teamAudiences.download': ({ workspaceAudienceId }) => s.audienceSharing.download(s.requireActiveProfile().id, workspaceAudienceId),
  'teamAudiences.cancel': ({ workspaceAudienceId }) => ({ cancelled: s.audienceSharing.cancel(s.requireActiveProfile().id, workspaceAudienceId) }),
}));
