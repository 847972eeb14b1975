import { randomUUID } from 'node:crypto';
import { REPLAY_STATUS_LABELS, replayStatus, type ReplayInfo, type ReplayStatus } from '../../../shared/calls/campaign-replay';
import type { ParsedCallInput } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { AudiencesRepository } from '../store/audiences-repository';
import type { CampaignsRepository } from '../store/campaigns-repository';
import type { SqliteDatabase } from '../store/database';
import { isoAt, type Clock } from '../time';
import { deleteAudience } from '../audiences/delete-audience';
import { notFound } from './campaign-drafts';
import { copyReplayAudience } from './replay-audience';

export interface ReplayServiceDeps {
  db: SqliteDatabase;
  campaigns: CampaignsRepository;
  audiences: AudiencesRepository;
  clock: Clock;
}

const NAME_MAX = 120;

/**
 * Replaying a finished campaign, as Kaleyra's replay does: the recipients whose message ended in
 * the chosen statuses become a new audience, and a new draft sends them the campaign's message
 * again (edited in the normal editor, launched through the normal plan, budget and confirmation).
 * The copy runs in slices (replay-audience.ts); the audience and the draft appear together at the end.
 */
export class ReplayService {
  constructor(private readonly deps: ReplayServiceDeps) {}

  async replay(profileId: string, input: ParsedCallInput<'campaigns.replay'>): Promise<{ id: string; name: string; audienceId: string; recipients: number }> {
    const { db, campaigns, audiences } = this.deps;
    const source = campaigns.get(profileId, input.id);
    if (!source) throw notFound();
    if (source.status !== 'completed' && source.status !== 'cancelled') {
      throw new DeskError('CAMPAIGN_CONFLICT', `"${source.name}" is ${source.status}. A campaign can be replayed once it has completed or been cancelled.`);
    }
    const sourceAudienceId = source.audienceId;
    if (sourceAudienceId === null || !audiences.get(profileId, sourceAudienceId)) {
      throw new DeskError(
        'AUDIENCE_NOT_FOUND',
        `The audience "${source.name}" was sent to has been deleted, so its recipients' details are gone. ` +
          'Import the list again and create a new campaign from it.',
        { field: 'audienceId' },
      );
    }
    const statuses = input.statuses;
    const name = (input.name ?? `${source.name} — replay (${statuses.map((status) => REPLAY_STATUS_LABELS[status]).join(', ')})`).slice(0, NAME_MAX);
    const now = isoAt(this.deps.clock());
    const id = randomUUID();
    const audienceId = randomUUID();

    audiences.createCopy({ id: audienceId, profileId, name }, sourceAudienceId, now);
    let copy: Awaited<ReturnType<typeof copyReplayAudience>>;
    try {
      copy = await copyReplayAudience(db, audiences, audienceId, { audienceId: sourceAudienceId, campaignId: source.id, statuses });
    } catch (error) {
      await deleteAudience(audiences, profileId, audienceId, () => isoAt(this.deps.clock()));
      throw error;
    }
    if (copy.recipients === 0) {
      audiences.delete(profileId, audienceId);
      throw new DeskError(
        'VALIDATION_FAILED',
        `No recipient of "${source.name}" has the status ${statuses.map((status) => REPLAY_STATUS_LABELS[status]).join(' or ')}: there is nobody to replay to.`,
        { field: 'statuses' },
      );
    }
    const recipients = copy.recipients;
    // The audience becomes ready together with the draft that replays to it.
    db.transaction(() => {
      audiences.completeCopy(audienceId, recipients, copy.report, now);
      campaigns.create(
        {
          id,
          profileId,
          name,
          audienceId,
          senderId: source.senderId,
          routeType: source.routeType,
          schedule: { kind: 'now' },
          whenPassed: null,
          windowEnd: null,
          quietHours: source.quietHours,
          fallbackZone: source.fallbackZone,
          budgetMinor: source.budgetMinor,
          throttlePerMinute: source.throttlePerMinute,
          // A replay is aimed at people the source just messaged: its cap would leave them all out.
          frequencyCapHours: null,
          variants: source.variants,
        },
        now,
      );
      campaigns.setReplayOf(id, source.id, statuses);
    }).immediate();
    return { id, name, audienceId, recipients };
  }

  info(profileId: string, id: string): ReplayInfo {
    const { campaigns, audiences } = this.deps;
    const campaign = campaigns.get(profileId, id);
    if (!campaign) throw notFound();
    const replay = campaigns.replayOf(profileId, id);
    if (!replay) return { replayOf: null, statuses: [], recipients: null };
    const source = campaigns.get(profileId, replay.campaignId);
    // The replay's audience holds only recipients: its count of valid rows, not a count of every row.
    const recipients = campaign.audienceId === null ? 0 : (audiences.get(profileId, campaign.audienceId)?.validRows ?? 0);
    return {
      replayOf: { id: replay.campaignId, name: source?.name ?? 'a campaign since deleted' },
      statuses: replay.statuses.filter((status): status is ReplayStatus => replayStatus.safeParse(status).success),
      recipients,
    };
  }
}
