import { openDatabase, type SqliteDatabase } from '../../../electron/core/store/database';
import { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import { MessageStatusRepository } from '../../../electron/core/store/message-status-repository';
import { OutboxRepository, type NewOutboxEntry } from '../../../electron/core/store/outbox-repository';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';

type NewCampaign = Parameters<CampaignsRepository['create']>[0];

/** The profile every campaign, request and message of the campaign-store tests belongs to. */
export const PROFILE_ID = 'p1';

/**
 * The store on `db` with one sandbox parent profile, `p1`, for the account `sid`. Benchmarks pass a
 * database file; the unit tests open an in-memory one through openCampaignStore().
 */
export function campaignStoreOn(db: SqliteDatabase, { sid, createdAt, displayName = 'Acme' }: { sid: string; createdAt: string; displayName?: string }) {
  new ProfilesRepository(db).save({ id: PROFILE_ID, displayName, kind: 'sandbox', baseUrl: 'http://127.0.0.1:1', sid, role: 'parent', createdAt });
  return { db, campaigns: new CampaignsRepository(db), outbox: new OutboxRepository(db), statuses: new MessageStatusRepository(db) };
}

/** A fresh in-memory store holding one sandbox parent profile, `p1`, for the account `sid`. */
export function openCampaignStore(options: { sid: string; createdAt: string }) {
  return campaignStoreOn(openDatabase(':memory:'), options);
}

/**
 * A campaign of `p1` sent now, without audience, quiet hours, budget, throttle or frequency cap: the
 * plainest one a store test can launch. `fields` sets what the test is about.
 */
export function plainCampaign(id: string, fields: Partial<NewCampaign> = {}): NewCampaign {
  return {
    id,
    profileId: PROFILE_ID,
    name: id,
    audienceId: null,
    senderId: 'ACME',
    routeType: 'promotional',
    schedule: { kind: 'now' },
    whenPassed: null,
    windowEnd: null,
    quietHours: { mode: 'off' },
    fallbackZone: null,
    budgetMinor: null,
    variants: [],
    throttlePerMinute: null,
    frequencyCapHours: null,
    ...fields,
  };
}

/**
 * Creates plainCampaign(id, fields) at `at` and launches it running on `accountSid` in INR, as the
 * launch does after its checks; returns whether the launch froze it.
 */
export function launchRunningCampaign(
  campaigns: CampaignsRepository,
  { id, accountSid, at, fields }: { id: string; accountSid: string; at: string; fields?: Partial<NewCampaign> },
): boolean {
  campaigns.create(plainCampaign(id, fields), at);
  return campaigns.markLaunched(id, 1, { status: 'running', accountSid, currency: 'INR' }, Date.parse(at));
}

/**
 * One wave-1 request of `p1` in INR from the sender ACME, due and sent at `atMs` in India;
 * `request` gives what tells requests apart (campaign, account, reference, recipients, cost) and
 * anything else the test is about.
 */
export function outboxRequest(
  request: Pick<NewOutboxEntry, 'campaignId' | 'accountSid' | 'reference' | 'recipients' | 'estimatedCostMinor'> & Partial<NewOutboxEntry>,
  atMs: number,
): NewOutboxEntry {
  return {
    waveNo: 1,
    profileId: PROFILE_ID,
    senderId: 'ACME',
    smsType: 'MKT',
    body: 'Hello',
    sendAtMs: atMs,
    zone: 'Asia/Kolkata',
    currency: 'INR',
    nextAttemptMs: atMs,
    ...request,
  };
}
