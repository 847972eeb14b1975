import type { DltCheckReport } from '../../../shared/dlt/compliance';
import { DeskError } from '../../../shared/errors';
import { ScheduleError } from '../../../shared/math-local-time';
import type { AudiencesRepository } from '../store/audiences-repository';
import type { CampaignsRepository } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import type { ProfileRecord } from '../store/profiles-repository';
import type { SuppressionsRepository } from '../store/suppressions-repository';
import { isoAt, type Clock } from '../time';
import { readAudienceSnapshotInSlices } from './audience-snapshot';
import { notFound } from './campaign-drafts';
import { planCampaign } from './campaign-planner';
import { dltMessagesOfPlanning, dltMessagesOfSnapshot, dltReport } from './dlt-launch-check';
import { scheduleSettingsOf } from './schedule-settings';

export interface DltCheckServiceDeps {
  db: SqliteDatabase;
  campaigns: CampaignsRepository;
  audiences: AudiencesRepository;
  suppressions: Pick<SuppressionsRepository, 'numbers'>;
  clock: Clock;
}

/**
 * The message step's live DLT check, over the whole audience in the core: the texts as the launch
 * would send them (with their departure times once the campaign has a schedule that plans), so
 * what the check passes the launch passes too.
 */
export class DltCheckService {
  constructor(private readonly deps: DltCheckServiceDeps) {}

  async check(profile: ProfileRecord, id: string): Promise<DltCheckReport> {
    const record = this.deps.campaigns.get(profile.id, id);
    if (!record) throw notFound();
    const audience = record.audienceId === null ? undefined : this.deps.audiences.get(profile.id, record.audienceId);
    if (!audience || audience.status !== 'ready' || record.variants.length === 0) return dltReport(this.deps.db, profile.id, record, []);
    const suppressed = new Set(this.deps.suppressions.numbers(profile.id));
    const snapshot = await readAudienceSnapshotInSlices(this.deps.audiences, audience.id, record.variants, { suppressed, recentlyMessaged: new Set() });
    const settings = scheduleSettingsOf(record);
    if (settings !== null) {
      try {
        const planning = planCampaign(snapshot, settings, null, isoAt(this.deps.clock()));
        return dltReport(this.deps.db, profile.id, record, dltMessagesOfPlanning(planning));
      } catch (error) {
        // A schedule that does not plan yet is the schedule step's to explain; the texts are still checked.
        if (!(error instanceof DeskError) && !(error instanceof ScheduleError)) throw error;
      }
    }
    return dltReport(this.deps.db, profile.id, record, dltMessagesOfSnapshot(snapshot));
  }
}
