import { randomUUID } from 'node:crypto';
import { draftFieldsOf, type CampaignSummary, type CampaignView } from '../../../shared/calls/campaigns';
import type { ParsedCallInput } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { CampaignDraft, CampaignRecord, CampaignsRepository } from '../store/campaigns-repository';
import { isoAt, type Clock } from '../time';
import { assertNever } from '../../../shared/assert-never';

/** A new draft's fields before the person fills any in (also what a shared draft's missing settings read as). */
export const NEW_DRAFT: Omit<CampaignDraft, 'name'> = {
  audienceId: null,
  senderId: '',
  routeType: 'promotional',
  schedule: null,
  whenPassed: null,
  windowEnd: null,
  quietHours: { mode: 'presets' },
  fallbackZone: null,
  budgetMinor: null,
  variants: [],
  throttlePerMinute: null,
  frequencyCapHours: null,
  noPriceChoices: {},
};

/**
 * Drafting a campaign: everything here works offline and touches only the local store. A pull
 * never writes to a draft; only these calls (and a launch, which freezes it) do.
 */
export class CampaignDrafts {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly clock: Clock,
  ) {}

  create(profileId: string, input: ParsedCallInput<'campaigns.create'>): CampaignRecord {
    const id = randomUUID();
    const draft: CampaignDraft = { ...NEW_DRAFT, ...definedFields(input), name: input.name };
    this.campaigns.create({ id, profileId, ...draft }, isoAt(this.clock()));
    return this.require(profileId, id);
  }

  update(profileId: string, input: ParsedCallInput<'campaigns.update'>): CampaignRecord {
    const { id, revision, ...changes } = input;
    const current = this.require(profileId, id);
    const draft: CampaignDraft = { ...draftFieldsOf(current), ...definedFields(changes) };
    const outcome = this.campaigns.save(profileId, id, revision, draft, isoAt(this.clock()));
    switch (outcome) {
      case 'saved':
        return this.require(profileId, id);
      case 'missing':
        throw notFound();
      case 'not-draft':
        throw new DeskError('CAMPAIGN_CONFLICT', `"${current.name}" has been launched and can no longer be edited. Duplicate it to change it.`);
      case 'stale':
        throw new DeskError('CAMPAIGN_CONFLICT', `"${current.name}" was changed elsewhere meanwhile. Reload it, then make your change again.`, {
          field: 'revision',
        });
      default:
        return assertNever(outcome);
    }
  }

  delete(profileId: string, id: string): boolean {
    const current = this.campaigns.get(profileId, id);
    if (!current) return false;
    if (!this.campaigns.delete(profileId, id)) {
      throw new DeskError('CAMPAIGN_CONFLICT', `"${current.name}" is still sending. Cancel it first, then delete it.`);
    }
    return true;
  }

  get(profileId: string, id: string): CampaignRecord {
    return this.require(profileId, id);
  }

  list(profileId: string): CampaignSummary[] {
    return this.campaigns.list(profileId).map((record) => ({
      id: record.id,
      name: record.name,
      status: record.status,
      audienceId: record.audienceId,
      revision: record.revision,
      recipients: record.recipients,
      blocked: record.blockedReason !== null,
      updatedAt: record.updatedAt,
      launchedAt: record.launchedAtMs === null ? null : isoAt(record.launchedAtMs),
    }));
  }

  private require(profileId: string, id: string): CampaignRecord {
    const record = this.campaigns.get(profileId, id);
    if (!record) throw notFound();
    return record;
  }
}

export function campaignView(record: CampaignRecord): CampaignView {
  return {
    id: record.id,
    profileId: record.profileId,
    name: record.name,
    audienceId: record.audienceId,
    senderId: record.senderId,
    routeType: record.routeType,
    schedule: record.schedule,
    whenPassed: record.whenPassed,
    windowEnd: record.windowEnd,
    quietHours: record.quietHours,
    fallbackZone: record.fallbackZone,
    budgetMinor: record.budgetMinor,
    variants: record.variants,
    throttlePerMinute: record.throttlePerMinute,
    frequencyCapHours: record.frequencyCapHours,
    noPriceChoices: record.noPriceChoices,
    status: record.status,
    revision: record.revision,
    blockedReason: record.blockedReason,
    currency: record.currency,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    launchedAt: record.launchedAtMs === null ? null : isoAt(record.launchedAtMs),
  };
}

export function notFound(): DeskError {
  return new DeskError('CAMPAIGN_NOT_FOUND', 'That campaign no longer exists on this desktop (it may have been deleted).', { field: 'id' });
}

/** Only the fields the caller sent: an absent key leaves the draft's value, null clears it. */
function definedFields<T extends object>(input: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
