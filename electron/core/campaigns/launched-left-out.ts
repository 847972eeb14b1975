import { leftOutList, type LeftOutCount, type LeftOutReason } from '../../../shared/left-out';
import type { AudienceIssueKind, AudiencesRepository } from '../store/audiences-repository';
import type { CampaignRecord } from '../store/campaigns-repository';
import type { LeftOutRepository } from '../store/left-out-repository';

/** Who a launched campaign did not message, with why: the import's rejected rows plus what the launch left out. */
export interface LaunchedLeftOut {
  counts(record: CampaignRecord): LeftOutCount[];
  rows(record: CampaignRecord): Array<{ rowNumber: number; phone: string | null; reason: LeftOutReason }>;
}

const IMPORT_REASONS: ReadonlyArray<[AudienceIssueKind, LeftOutReason]> = [
  ['invalid', 'invalid'],
  ['duplicate', 'duplicate'],
  ['opted_out', 'suppressed'],
];

export function launchedLeftOut(audiences: AudiencesRepository, leftOut: LeftOutRepository): LaunchedLeftOut {
  const audienceOf = (record: CampaignRecord) => (record.audienceId === null ? undefined : audiences.get(record.profileId, record.audienceId));
  return {
    counts(record) {
      if (record.launchedAtMs === null) return [];
      const counts = leftOut.counts(record.id);
      const audience = audienceOf(record);
      if (audience) {
        counts.invalid = (counts.invalid ?? 0) + audience.invalidRows;
        counts.duplicate = (counts.duplicate ?? 0) + audience.duplicateRows;
        counts.suppressed = (counts.suppressed ?? 0) + audience.optedOutRows;
      }
      return leftOutList(counts);
    },
    rows(record) {
      if (record.launchedAtMs === null) return [];
      const rows: Array<{ rowNumber: number; phone: string | null; reason: LeftOutReason }> = leftOut.rows(record.id);
      const audience = audienceOf(record);
      if (audience) {
        const reasonOf = new Map(IMPORT_REASONS);
        for (const issue of audiences.iterateIssues(
          audience.id,
          IMPORT_REASONS.map(([kind]) => kind),
        )) {
          const reason = reasonOf.get(issue.kind);
          if (reason !== undefined) rows.push({ rowNumber: issue.rowNumber, phone: issue.value, reason });
        }
      }
      return rows.sort((a, b) => a.rowNumber - b.rowNumber);
    },
  };
}
