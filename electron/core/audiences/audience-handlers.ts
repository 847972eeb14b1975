import { audienceCalls, type AudienceView } from '../../../shared/calls/audiences';
import { DeskError } from '../../../shared/errors';
import { deleteAudience } from './delete-audience';
import { issuesCsv } from './issues-csv';
import { defineHandlers } from '../define-handlers';
import type { AudienceRecord } from '../store/audiences-repository';
import { isoAt } from '../time';

const toView = ({ profileId: _profileId, report: _report, ...view }: AudienceRecord): AudienceView => view;

export const audienceHandlers = defineHandlers(audienceCalls, (s) => {
  const audienceOf = (audienceId: string) => {
    const audience = s.audiences.get(s.requireActiveProfile().id, audienceId);
    if (!audience) throw new DeskError('AUDIENCE_NOT_FOUND', 'This audience no longer exists in this profile.', { field: 'audienceId' });
    return audience;
  };
  return {
    'audiences.preview': async ({ uploadId }) => {
      s.requireActiveProfile();
      const { upload, file, rows, columnCount, suggestedMapping, estimatedRows, rowsExact } = await s.audienceImports.preview(uploadId);
      return {
        uploadId,
        fileName: upload.fileName,
        sizeBytes: upload.sizeBytes,
        format: file.format,
        encoding: file.format === 'delimited' ? file.encoding : null,
        delimiter: file.format === 'delimited' ? file.delimiter : null,
        sheetName: file.format === 'xlsx' ? file.sheetName : null,
        rows,
        columnCount,
        suggestedMapping: { ...suggestedMapping, customFields: [...suggestedMapping.customFields] },
        estimatedRows,
        rowsExact,
      };
    },
    'audiences.import': async (input) => ({ audienceId: await s.audienceImports.start(s.requireActiveProfile().id, input) }),
    'audiences.cancelImport': async ({ audienceId }) => ({ cancelled: await s.audienceImports.cancel(s.requireActiveProfile().id, audienceId) }),
    'audiences.list': () => s.audiences.list(s.requireActiveProfile().id).map(toView),
    'audiences.get': ({ audienceId }) => {
      const audience = audienceOf(audienceId);
      return {
        ...toView(audience),
        report: audience.report && { ...audience.report, recipientsByCountrySource: audience.report.recipientsByCountrySource ?? null },
      };
    },
    'audiences.delete': async ({ audienceId }) => {
      // Another profile's audience (or its running import) is not this profile's to delete or cancel.
      const profileId = audienceOf(audienceId).profileId;
      if (s.audienceImports.isRunning(audienceId)) return { deleted: await s.audienceImports.cancel(profileId, audienceId) };
      const deleted = await deleteAudience(s.audiences, profileId, audienceId, () => isoAt(s.clock()));
      if (deleted) s.emit({ name: 'audiences.changed', payload: { profileId, audienceId } });
      return { deleted };
    },
    'audiences.issues': ({ audienceId, kind, afterRow, limit }) => {
      audienceOf(audienceId);
      return { issues: s.audiences.findIssues(audienceId, kind, afterRow, limit), total: s.audiences.countIssues(audienceId, kind) };
    },
    'audiences.exportIssues': ({ audienceId, kinds }) => {
      const audience = audienceOf(audienceId);
      const { csv, rows } = issuesCsv(s.audiences.iterateIssues(audienceId, kinds));
      const base =
        audience.name
          .replace(/[^\p{L}\p{N} _-]+/gu, '')
          .trim()
          .replace(/\s+/g, '-') || 'audience';
      return { fileName: `${base}-${kinds.length === 1 ? kinds[0] : 'rejected'}-rows.csv`, csv, rows };
    },
    'audiences.recipients': ({ audienceId, afterRow, offset, limit, search, country, zone, withTotal }) => {
      audienceOf(audienceId);
      const query = { audienceId, search, country, zone };
      return {
        recipients: s.audiences
          .findRecipients(query, { afterRow, offset, limit })
          .map((recipient) => ({ ...recipient, countrySource: recipient.countrySource ?? null })),
        total: withTotal ? s.audiences.countRecipients(query) : null,
      };
    },
  };
});
