import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { z } from 'zod';
import type { CallName, DeskEvent } from '../../../shared/contract';
import { smsLogEntry } from '../../../shared/kaleyra/sms';
import { DATABASE_FILE, type Core } from '../../../electron/core/core';
import type { CampaignOptions } from '../../../electron/core/campaigns/campaign-services';
import type { Logger } from '../../../electron/core/log';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { AudiencesRepository, type RecipientRecord } from '../../../electron/core/store/audiences-repository';
import { openDatabase } from '../../../electron/core/store/database';
import { startSandbox, type RateLimit, type RunningSandbox, type SeededAccount } from '../../../sandbox/server';
import type { AudienceCsvStats } from '../../bench/gen/audience-csv';
import { startFaultProxy, type FaultProxy } from '../../support/fault-proxy';
import { callOk, closedAfter, closedAfterAll, dayEitherSideOfNow, freshSpendSummary, startTestCore, tempDir, type Closable } from '../app/support';

export { callOk, closedAfterAll, dayEitherSideOfNow, freshSpendSummary, tempDir };

export interface Account {
  url: string;
  sid: string;
  apiKey: string;
  name: string;
  role?: 'parent' | 'subaccount';
  /** The sandbox's documented-only listener, where the profile's switch sends it. */
  documentedOnlyUrl?: string;
}

export async function startLaunchSandbox(options: { dataDir?: string; rateLimit?: RateLimit | 'off' } = {}): Promise<RunningSandbox> {
  return startSandbox({ dataDir: options.dataDir ?? tempDir('launch-sandbox-'), port: 0, deliveryTickMs: 0, rateLimit: options.rateLimit ?? 'off' });
}

export function parentAccount(sandbox: RunningSandbox, billing: 'prepaid' | 'postpaid', url = sandbox.url): Account & { seeded: SeededAccount } {
  const seeded = sandbox.accounts.find((account) => account.billing === billing);
  if (!seeded) throw new Error(`the sandbox seeded no ${billing} parent`);
  return { url, sid: seeded.sid, apiKey: seeded.apiKey, name: seeded.name, role: 'parent', seeded };
}

/** The regional team: AcmeNorth, a sub-account of the sandbox's prepaid parent. */
export function regionalTeamAccount(sandbox: RunningSandbox, url = sandbox.url): Account {
  const north = sandbox.accounts.find((account) => account.billing === 'prepaid')?.subaccounts.find((sub) => sub.name === 'AcmeNorth');
  if (!north) throw new Error('the sandbox seeded no AcmeNorth');
  return { url, sid: north.sid, apiKey: north.apiKey, name: north.name, role: 'subaccount' };
}

/**
 * A sandbox that also listens as the documented-only API (the same accounts and money, every
 * [ours] route unknown); it is closed after the test.
 */
export async function startDocumentedOnlySandbox(open: Closable[], dataDir = tempDir('sandbox-documented-only-')) {
  const sandbox = await startSandbox({ dataDir, port: 0, deliveryTickMs: 0, rateLimit: 'off', documentedOnlyListener: true });
  open.push(sandbox);
  if (!sandbox.documentedOnlyUrl) throw new Error('the sandbox opened no documented-only listener');
  return { sandbox, documentedOnlyUrl: sandbox.documentedOnlyUrl };
}

/** Tests want failures fast and retries short. */
export const FAST_CAMPAIGN_OPTIONS: CampaignOptions = {
  requestTimeoutMs: 2_000,
  sender: { maxInFlight: 8, rate: 'unlimited', retry: { backoff: { baseMs: 20, capMs: 200 }, maxServerAttempts: 50 } },
  statusPullIntervalMs: 60_000,
};

export type TestCore = Core & { events: DeskEvent[]; dataDir: string };

/** A real core on a real SQLite file; `account` is its active profile `sandbox`. */
export async function startLaunchCore(
  dataDir: string,
  account: Account,
  campaigns: CampaignOptions = FAST_CAMPAIGN_OPTIONS,
  clock?: () => number,
  log?: Logger,
): Promise<TestCore> {
  const { url, sid, apiKey, name, documentedOnlyUrl } = account;
  const profile = { url, sid, apiKey, name, role: account.role ?? 'parent', ...(documentedOnlyUrl ? { documentedOnlyUrl } : {}) };
  const core = await startTestCore(dataDir, profile, false, [], { campaigns, ...(clock ? { clock } : {}), ...(log ? { log } : {}) });
  return Object.assign(core, { dataDir });
}

export type { Closable };

/** What a test starts, closed after each test (see closedAfter). */
export const closedAfterEach = () => closedAfter(afterEach);

/** Closes something mid-test (to restart on the same data folder) and takes it off the list, so it is not closed twice. */
export function closeNow(open: Closable[], thing: Closable): void {
  thing.close();
  open.splice(open.indexOf(thing), 1);
}

export interface LaunchRigOptions {
  /** Prefix of the core's temporary data folder, so a leftover folder says which test made it. */
  dataDirPrefix: string;
  billing?: 'prepaid' | 'postpaid';
  campaigns?: CampaignOptions;
  clock?: () => number;
  /** Pull the account (balance, rate card, sender IDs) before the test starts, as a user's first sync would. */
  synced?: boolean;
}

export interface LaunchRig {
  sandbox: RunningSandbox;
  account: Account & { seeded: SeededAccount };
  dataDir: string;
  core: TestCore;
}

/** A fresh sandbox and a core on a fresh data folder whose profile is the sandbox's parent account; both closed after the test. */
export async function startLaunchRig(open: Closable[], options: LaunchRigOptions): Promise<LaunchRig> {
  const sandbox = await startLaunchSandbox();
  open.push(sandbox);
  const account = parentAccount(sandbox, options.billing ?? 'prepaid');
  return { sandbox, account, ...(await startRigCore(open, account, options)) };
}

/**
 * As startLaunchRig, but the core reaches the sandbox through a fault proxy, which records every request
 * and can fail them. `beforeCore` injects faults that must already be in place when the core starts.
 */
export async function startLaunchRigBehindFaultProxy(
  open: Closable[],
  options: LaunchRigOptions,
  beforeCore?: (proxy: FaultProxy) => void,
): Promise<LaunchRig & { proxy: FaultProxy }> {
  const sandbox = await startLaunchSandbox();
  open.push(sandbox);
  const proxy = await startFaultProxy(sandbox.url);
  open.push(proxy);
  beforeCore?.(proxy);
  const account = parentAccount(sandbox, options.billing ?? 'prepaid', proxy.url);
  return { sandbox, proxy, account, ...(await startRigCore(open, account, options)) };
}

async function startRigCore(open: Closable[], account: Account, options: LaunchRigOptions): Promise<{ dataDir: string; core: TestCore }> {
  const dataDir = tempDir(options.dataDirPrefix);
  const core = await startLaunchCore(dataDir, account, options.campaigns, options.clock);
  open.push(core);
  if (options.synced) await callOk(core, 'sync.now');
  return { dataDir, core };
}

/** The requests that carried messages to the API, as the fault proxy saw them, in arrival order. */
export function apiSends(proxy: FaultProxy): FaultProxy['timeline'] {
  return proxy.timeline.filter((entry) => entry.key.startsWith('POST /v1/'));
}

/** Kaleyra's `time` field of each send request (undefined when the request was sent to go at once). */
export function apiSendTimes(proxy: FaultProxy): Array<string | undefined> {
  return apiSends(proxy).map((entry) => (JSON.parse(entry.body) as { time?: string }).time);
}

/** Opens the core's own SQLite file for a test to read or tamper with, and always closes it again. */
export function withCoreDatabase<T>(dataDir: string, use: (db: ReturnType<typeof openDatabase>) => T): T {
  const db = openDatabase(join(dataDir, DATABASE_FILE));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * Moves the sandbox clock past the moment it reports final statuses (5 s of its time after accepting)
 * and has the core pull them; returns what the pull applied.
 */
export async function pullFinalStatuses(core: Core, sandbox: RunningSandbox) {
  sandbox.advanceClock(10_000);
  return callOk(core, 'campaigns.syncStatuses');
}

export async function callError(core: Core, name: CallName, payload: unknown = {}) {
  const result = await core.call(name, payload);
  if (result.ok) throw new Error(`${name} succeeded but a failure was expected`);
  return result.error;
}

/** Distinct Indian mobiles (+91 98…); none ends in 0000–0004, so every one is delivered. */
export function indianMobiles(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, index) => `+9198${String(10_000_000 + (offset + index) * 10 + 5).slice(-8)}`);
}

/** Distinct US numbers, all delivered. */
export function usNumbers(count: number, offset = 0): string[] {
  return Array.from({ length: count }, (_, index) => {
    const n = offset + index;
    return `+1212${String(2_000_000 + Math.floor(n / 4_000) * 10_000 + (n % 4_000) * 2 + 5).slice(-7)}`;
  });
}

export interface SeedRecipient {
  phone: string;
  country: string;
  zone: string | null;
  language?: string | null;
  name?: string | null;
  fields?: Record<string, string> | null;
}

/** Writes a ready audience straight into the core's store, as a finished import would. */
export function seedAudience(dataDir: string, recipients: readonly SeedRecipient[], profileId = SANDBOX_PROFILE_ID): string {
  return withCoreDatabase(dataDir, (db) => {
    const audiences = new AudiencesRepository(db);
    const id = randomUUID();
    const now = new Date().toISOString();
    audiences.create({ id, profileId, name: `Audience ${id.slice(0, 8)}`, sourceName: null, customFields: ['first_name'] }, now);
    const batch = 10_000;
    for (let start = 0; start < recipients.length; start += batch) {
      const rows: RecipientRecord[] = recipients.slice(start, start + batch).map((recipient, index) => ({
        rowNumber: start + index + 1,
        phoneE164: recipient.phone,
        country: recipient.country,
        zone: recipient.zone,
        zoneSource: recipient.zone === null ? 'unknown' : 'column',
        zoneCandidates: null,
        language: recipient.language ?? null,
        name: recipient.name ?? null,
        fields: recipient.fields ?? null,
      }));
      const done = Math.min(recipients.length, start + batch);
      audiences.appendBatch(id, rows, [], { totalRows: done, validRows: done, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 }, now);
    }
    audiences.setStatus(id, 'ready', now);
    return id;
  });
}

/** An audience of Indian numbers all in Kolkata's zone; `language` picks each recipient's language by position (none by default). */
export function kolkataAudience(dataDir: string, phones: readonly string[], language: (index: number) => string | null = () => null): string {
  return seedAudience(
    dataDir,
    phones.map((phone, index) => ({ phone, country: 'IN', zone: 'Asia/Kolkata', language: language(index) })),
  );
}

export function indianAudience(dataDir: string, count: number, offset = 0): string {
  return kolkataAudience(dataDir, indianMobiles(count, offset));
}

/** Two variants, English (the default) and Hindi, for tests that check which one each recipient got. */
export const ENGLISH_AND_HINDI_VARIANTS = [
  { language: 'en', body: 'Spring sale: 20% off. Reply STOP to opt out.', isDefault: true },
  { language: 'hi', body: 'Vasant sale: 20% chhoot. STOP bhejein.', isDefault: false },
];

/** A complete transactional draft (only those may lift quiet hours) that sends now, quiet hours off, one English variant. */
export async function draftCampaign(core: Core, audienceId: string, overrides: Record<string, unknown> = {}) {
  return callOk(core, 'campaigns.create', {
    name: 'Spring sale',
    audienceId,
    senderId: 'ACME',
    routeType: 'transactional',
    schedule: { kind: 'now' },
    quietHours: { mode: 'off' },
    variants: [{ language: 'en', body: 'Spring sale: 20% off everything this weekend. Reply STOP to opt out.', isDefault: true }],
    ...overrides,
  });
}

export async function launch(core: Core, campaignId: string, extra: Record<string, unknown> = {}) {
  const campaign = await callOk(core, 'campaigns.get', { id: campaignId });
  return callOk(core, 'campaigns.launch', { id: campaignId, revision: campaign.revision, ...extra });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Starts importing the file at `path` the way a user accepts the preview: the suggested mapping, and
 * India for numbers written without a country code. Resolves once the import has started.
 */
/** The audience once its import has ended (ready, or failed), polled every `everyMs`. */
export async function importEnded(core: Core, audienceId: string, timeoutMs = 240_000, everyMs = 500) {
  return waitFor(
    'the import to finish',
    async () => {
      const audience = await callOk(core, 'audiences.get', { audienceId });
      return audience.status === 'importing' ? undefined : audience;
    },
    timeoutMs,
    everyMs,
  );
}

/** What the import of a generated CSV must report: ready, with exactly the invalid and duplicate rows written and every other row valid. */
export function importedExactly(generated: AudienceCsvStats) {
  return {
    status: 'ready',
    totalRows: generated.rows,
    invalidRows: generated.invalid,
    duplicateRows: generated.duplicates,
    validRows: generated.rows - generated.invalid - generated.duplicates,
  } as const;
}

export async function startImportAsSuggested(core: Core, path: string, name = 'CRM export') {
  const { id: uploadId } = await core.uploads.register(path);
  const preview = await callOk(core, 'audiences.preview', { uploadId });
  const { audienceId } = await callOk(core, 'audiences.import', { uploadId, name, mapping: preview.suggestedMapping, defaultCountry: 'IN' });
  return { audienceId, preview };
}

/** Waits until the API has accepted at least `requests` of the campaign's requests (`what` names the wait in a timeout). */
export async function waitUntilAccepted(core: Core, campaignId: string, { requests, what, timeoutMs, everyMs }: AcceptedWait): Promise<void> {
  await waitFor(
    what,
    async () => ((await callOk(core, 'campaigns.progress', { id: campaignId })).requests.accepted >= requests ? true : undefined),
    timeoutMs,
    everyMs,
  );
}

interface AcceptedWait {
  requests: number;
  what: string;
  timeoutMs?: number;
  everyMs?: number;
}

/**
 * A shipping notice to `recipients` US customers, each body personalised (so one request each): the
 * large campaign a throttled one competes with.
 */
export async function draftPersonalisedUsCampaign(core: Core, dataDir: string, recipients: number) {
  const audienceId = seedAudience(
    dataDir,
    usNumbers(recipients).map((phone, index) => ({ phone, country: 'US', zone: 'America/New_York', fields: { first_name: `Customer${index}` } })),
  );
  return draftCampaign(core, audienceId, {
    senderId: 'GLOBEX',
    variants: [{ language: 'en', body: 'Hi {{first_name|there}}, your order has shipped.', isDefault: true }],
  });
}

/** Waits until no request of the campaign is waiting to go (all accepted, failed or cancelled). */
export async function waitUntilSent(core: Core, campaignId: string, timeoutMs = 60_000, everyMs = 200) {
  return waitFor(
    'every request to settle',
    async () => {
      const progress = await callOk(core, 'campaigns.progress', { id: campaignId });
      return progress.requests.pending === 0 ? progress : undefined;
    },
    timeoutMs,
    // Progress counts every message: polling it flat out would slow the very launch it watches.
    everyMs,
  );
}

const logsPage = z.object({ data: z.array(smsLogEntry), next_cursor: z.string(), has_more: z.boolean() });

/**
 * The sandbox's own record of what it accepted, read through its message log over HTTP:
 * one entry per message (its first event), with recipient and reference.
 */
export async function sandboxMessages(
  sandbox: RunningSandbox,
  account: { sid: string; apiKey: string },
): Promise<Map<string, { recipient: string; reference: string; status: string }>> {
  const messages = new Map<string, { recipient: string; reference: string; status: string }>();
  for (let since = ''; ;) {
    const response = await fetch(`${sandbox.url}/v1/${account.sid}/sms/logs?limit=1000${since ? `&since=${since}` : ''}`, {
      headers: { 'api-key': account.apiKey },
    });
    const page = logsPage.parse(await response.json());
    // The log has one line per change; the message's latest status is its last line.
    for (const entry of page.data) messages.set(entry.message_id, { recipient: entry.recipient, reference: entry.ref_custom[0] ?? '', status: entry.status });
    since = page.next_cursor;
    if (!page.has_more) return messages;
  }
}

/** One message of a campaign as the sandbox recorded it: when it first logged it (its acceptance), by the sandbox's clock. */
export interface SandboxAcceptance {
  recipient: string;
  reference: string;
  acceptedAtMs: number;
}

/** The sandbox's own acceptance time of every message of the campaign: the truth for "when did it leave". */
export async function sandboxAcceptances(sandbox: RunningSandbox, account: { sid: string; apiKey: string }, campaignId: string): Promise<SandboxAcceptance[]> {
  const first = new Map<string, SandboxAcceptance>();
  for (let since = ''; ;) {
    const response = await fetch(`${sandbox.url}/v1/${account.sid}/sms/logs?limit=1000${since ? `&since=${since}` : ''}`, {
      headers: { 'api-key': account.apiKey },
    });
    const page = logsPage.parse(await response.json());
    for (const entry of page.data) {
      const reference = entry.ref_custom[0] ?? '';
      if (!reference.includes(campaignId) || first.has(entry.message_id)) continue;
      first.set(entry.message_id, { recipient: entry.recipient, reference, acceptedAtMs: Date.parse(entry.at) });
    }
    since = page.next_cursor;
    if (!page.has_more) return [...first.values()];
  }
}

/** Per recipient, how many messages the sandbox accepted for this campaign. */
export async function deliveriesPerRecipient(
  sandbox: RunningSandbox,
  account: { sid: string; apiKey: string },
  campaignId: string,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const message of (await sandboxMessages(sandbox, account)).values()) {
    if (!message.reference.includes(campaignId)) continue;
    counts.set(message.recipient, (counts.get(message.recipient) ?? 0) + 1);
  }
  return counts;
}

/**
 * Asserts the sandbox accepted exactly one message of the campaign per expected recipient and none for anyone else;
 * returns the per-recipient counts for further checks.
 */
export async function expectEachSentOnce(
  sandbox: RunningSandbox,
  account: { sid: string; apiKey: string },
  campaignId: string,
  expected: readonly string[],
): Promise<Map<string, number>> {
  const counts = await deliveriesPerRecipient(sandbox, account, campaignId);
  expect(exactlyOnceProblems(expected, counts)).toEqual([]);
  return counts;
}

/** Asserts exactly one message per expected recipient (no duplicate, none lost); returns a description of any problem. */
export function exactlyOnceProblems(expected: readonly string[], counts: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  const wanted = new Set(expected);
  for (const phone of expected) {
    const n = counts.get(phone) ?? 0;
    if (n !== 1) problems.push(`${phone}: ${n} messages`);
  }
  for (const phone of counts.keys()) if (!wanted.has(phone)) problems.push(`${phone}: not in the audience`);
  return problems.slice(0, 10);
}

/** Waits until every request of the campaign was cancelled at the API (after `campaigns.cancel` of scheduled waves). */
export async function waitUntilCancelledAtApi(core: Core, campaignId: string) {
  for (let tries = 0; tries < 200; tries++) {
    const progress = await callOk(core, 'campaigns.progress', { id: campaignId });
    if (progress.requests.accepted === 0 && progress.requests.cancelled === progress.requests.total) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the scheduled sends were not cancelled at the API');
}
