import { beforeEach, describe, expect, it } from 'vitest';
import { CampaignProgressRepository } from '../../../electron/core/store/campaign-progress-repository';
import type { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import type { SqliteDatabase } from '../../../electron/core/store/database';
import type { MessageStatusRepository, StatusChange } from '../../../electron/core/store/message-status-repository';
import type { NewOutboxEntry, OutboxRepository } from '../../../electron/core/store/outbox-repository';
import { launchRunningCampaign, openCampaignStore, outboxRequest, plainCampaign } from './campaign-store-fixture';

const NOW = '2026-03-01T08:00:00.000Z';
const T = Date.parse(NOW);
const ACCOUNT = 'HXIN1IN';

let db: SqliteDatabase;
let campaigns: CampaignsRepository;
let outbox: OutboxRepository;
let statuses: MessageStatusRepository;

function campaign(id: string, status: 'running' | 'paused' = 'running'): void {
  expect(launchRunningCampaign(campaigns, { id, accountSid: ACCOUNT, at: NOW })).toBe(true);
  if (status === 'paused') campaigns.setStatus(id, 'paused', null, NOW);
}

function entry(campaignId: string, n: number, overrides: Partial<NewOutboxEntry> = {}): number {
  const recipients = [
    { phone: `+91981000${n}01`, rowNumber: n * 10 + 1 },
    { phone: `+91981000${n}02`, rowNumber: n * 10 + 2 },
  ];
  return outbox.insert(
    outboxRequest({ campaignId, accountSid: ACCOUNT, reference: `cd:${campaignId}:w1:r${n}`, recipients, estimatedCostMinor: 50, ...overrides }, T),
    T,
  );
}

const change = (messageId: string, status: StatusChange['status'], seq: number, reference: string | null = null): StatusChange => ({
  messageId,
  status,
  details: status.toUpperCase(),
  chargedMinor: status === 'NotSent' ? 0 : 25,
  seq,
  reference,
});

function messages(outboxId: number) {
  return db.prepare('SELECT position, message_id, status, charged_minor FROM campaign_messages WHERE outbox_id = ? ORDER BY position').all(outboxId);
}

beforeEach(() => {
  ({ db, campaigns, outbox, statuses } = openCampaignStore({ sid: ACCOUNT, createdAt: NOW }));
});

describe('outbox repository', () => {
  it('claims only due requests of campaigns that may send, and puts in-flight ones back after a crash', () => {
    campaign('live');
    campaign('held', 'paused');
    const due = entry('live', 1);
    entry('live', 2, { nextAttemptMs: T + 60_000 });
    entry('held', 3);
    expect(outbox.claimDue(T, 10, []).map((claimed) => [claimed.id, claimed.state, claimed.attempts])).toEqual([[due, 'in_flight', 1]]);
    expect(outbox.claimDue(T, 10, [])).toEqual([]);
    expect(outbox.nextDueAt([])).toBe(T + 60_000);
    expect(outbox.resetInFlight()).toBe(1);
    expect(outbox.claimDue(T, 10, [ACCOUNT])).toEqual([]);
    expect(outbox.claimDue(T, 10, []).map((claimed) => claimed.attempts)).toEqual([2]);
  });

  it('reserves each request’s estimate until it is charged or cancelled, and keeps counting releases after a balance read began', () => {
    campaign('c');
    const charged = entry('c', 1);
    const scheduled = entry('c', 2);
    const refused = entry('c', 3);
    expect(outbox.reservedAgainst(ACCOUNT, T)).toBe(150);

    // Charged at acceptance (the API said so): released.
    outbox.accept(charged, { apiSendId: 's1', messageIds: ['s1:0', 's1:1'], chargedMinor: 50, scheduledAtApi: false }, T + 10);
    // Scheduled at the API without a charge figure: still reserved.
    outbox.accept(scheduled, { apiSendId: 's2', messageIds: ['s2:0', 's2:1'], chargedMinor: null, scheduledAtApi: true }, T + 20);
    outbox.fail(refused, { code: 'API_REJECTED', message: 'no', apiCode: 'X' }, T + 30);
    expect(outbox.reservedAgainst(ACCOUNT, T + 31)).toBe(50);
    // A balance read that began before those releases may not show the charges yet: they still count.
    expect(outbox.reservedAgainst(ACCOUNT, T + 5)).toBe(150);
    expect(outbox.reservedAgainst(ACCOUNT, T + 25)).toBe(100);

    expect(messages(charged)).toEqual([
      { position: 0, message_id: 's1:0', status: 'queued', charged_minor: 0 },
      { position: 1, message_id: 's1:1', status: 'queued', charged_minor: 0 },
    ]);
    expect(messages(refused).map((row) => (row as { status: string }).status)).toEqual(['rejected', 'rejected']);

    // The pull sees the scheduled messages go out: their reservation is released.
    expect(outbox.releaseSettled(['s2:0'], T + 40)).toBe(0);
    statuses.applyBatch('p1', ACCOUNT, [change('s2:0', 'Sent', 7)], { mode: 'logs', value: '7' }, () => true, Date.parse(NOW));
    expect(outbox.releaseSettled(['s2:0'], T + 40)).toBe(1);
    expect(outbox.reservedAgainst(ACCOUNT, T + 41)).toBe(0);
    outbox.forgetReleasedBefore(T + 1_000);
    expect(outbox.reservedAgainst(ACCOUNT, 0)).toBe(0);
  });

  it('cancels queued requests at once and marks those scheduled at the API for cancellation there', () => {
    campaign('c');
    const queued = entry('c', 1);
    const atApi = entry('c', 2, { sendAtMs: T + 86_400_000 });
    outbox.accept(atApi, { apiSendId: 's2', messageIds: ['s2:0', 's2:1'], chargedMinor: 50, scheduledAtApi: true }, T);
    campaigns.setStatus('c', 'cancelled', null, NOW);
    expect(outbox.cancelCampaign('c', T)).toEqual({ cancelled: 1, atApi: 1 });
    expect(outbox.reservedAgainst(ACCOUNT, T + 1)).toBe(0);
    expect(messages(queued).map((row) => (row as { status: string }).status)).toEqual(['cancelled', 'cancelled']);
    expect(outbox.cancelsDue(T, 10).map((due) => due.id)).toEqual([atApi]);
    outbox.settleCancel(atApi, 'cancelled', null);
    expect(outbox.cancelsDue(T, 10)).toEqual([]);
  });

  it('a request that fails after its campaign was cancelled is cancelled, not retried', () => {
    campaign('c');
    const id = entry('c', 1);
    outbox.claimDue(T, 1, []);
    campaigns.setStatus('c', 'cancelled', null, NOW);
    outbox.retryLater(id, T + 1_000, { code: 'API_SERVER_ERROR', message: 'x' }, T);
    expect(outbox.get(id)?.state).toBe('cancelled');
    expect(outbox.reservedAgainst(ACCOUNT, T + 1)).toBe(0);
  });
});

describe('message statuses', () => {
  it('apply once, never move back to an older change, and keep what is not ours out', () => {
    campaign('c');
    const id = entry('c', 1);
    outbox.accept(id, { apiSendId: 's1', messageIds: ['s1:0', 's1:1'], chargedMinor: 50, scheduledAtApi: false }, T);
    const isOurs = (reference: string) => reference.startsWith('cd:');
    const batch = [change('s1:0', 'Sent', 10), change('s1:0', 'Delivered', 12), change('other:0', 'Sent', 13, 'someone-else')];
    expect(statuses.applyBatch('p1', ACCOUNT, batch, { mode: 'logs', value: '13' }, isOurs, Date.parse(NOW))).toEqual({ applied: 2, parked: 0 });
    // The same page again (a crash before the next one): nothing changes.
    expect(statuses.applyBatch('p1', ACCOUNT, batch, { mode: 'logs', value: '13' }, isOurs, Date.parse(NOW))).toEqual({ applied: 0, parked: 0 });
    expect(statuses.applyBatch('p1', ACCOUNT, [change('s1:0', 'Sent', 11)], { mode: 'logs', value: '13' }, isOurs, Date.parse(NOW)).applied).toBe(0);
    expect(messages(id)).toEqual([
      { position: 0, message_id: 's1:0', status: 'Delivered', charged_minor: 25 },
      { position: 1, message_id: 's1:1', status: 'queued', charged_minor: 0 },
    ]);
    expect(statuses.pullState('p1', ACCOUNT)).toEqual({ mode: 'logs', cursor: '13', lastPulledAtMs: Date.parse(NOW) });
  });

  it('park changes of our messages pulled before their request was recorded, and apply them on acceptance', () => {
    campaign('c');
    const id = entry('c', 1);
    const reference = 'cd:c:w1:r1';
    const early = [change('s9:0', 'Sent', 20, reference), change('s9:1', 'NotSent', 21, reference), change('s9:0', 'Delivered', 22, reference)];
    expect(statuses.applyBatch('p1', ACCOUNT, early, { mode: 'logs', value: '22' }, () => true, Date.parse(NOW))).toEqual({ applied: 0, parked: 3 });
    db.transaction(() => {
      outbox.accept(id, { apiSendId: 's9', messageIds: ['s9:0', 's9:1'], chargedMinor: 50, scheduledAtApi: false }, T);
      expect(statuses.adoptParked('p1', reference)).toBe(2);
    })();
    expect(messages(id)).toEqual([
      { position: 0, message_id: 's9:0', status: 'Delivered', charged_minor: 25 },
      { position: 1, message_id: 's9:1', status: 'NotSent', charged_minor: 0 },
    ]);
    expect(statuses.adoptParked('p1', reference)).toBe(0);
  });
});

describe('campaign drafts', () => {
  it('save only at the revision they were read at, and only while a draft', () => {
    campaigns.create(plainCampaign('d', { name: 'Draft', senderId: '', schedule: null, quietHours: { mode: 'presets' } }), NOW);
    const draft = campaigns.get('p1', 'd');
    if (!draft) throw new Error('missing');
    const edit = { ...draft, name: 'Renamed', variants: [{ language: 'en', body: 'Hi', isDefault: true }] };
    expect(campaigns.save('p1', 'd', 1, edit, NOW)).toBe('saved');
    expect(campaigns.save('p1', 'd', 1, edit, NOW)).toBe('stale');
    expect(campaigns.save('p2', 'd', 2, edit, NOW)).toBe('missing');
    expect(campaigns.get('p1', 'd')).toMatchObject({ name: 'Renamed', revision: 2, variants: [{ language: 'en', body: 'Hi', isDefault: true }] });
    expect(campaigns.markLaunched('d', 2, { status: 'scheduled', accountSid: ACCOUNT, currency: 'INR' }, Date.parse(NOW))).toBe(true);
    expect(campaigns.save('p1', 'd', 3, edit, NOW)).toBe('not-draft');
    expect(campaigns.delete('p1', 'd')).toBe(false);
  });
});

describe('outbox turns and send-time rules', () => {
  it('gives every campaign its turn: a big backlog never holds back another campaign’s due request', () => {
    campaign('big');
    campaign('small');
    for (let n = 1; n <= 30; n++) entry('big', n, { nextAttemptMs: T - 60_000 });
    const smallId = entry('small', 1);
    const first = outbox.claimDue(T, 2, []);
    const second = outbox.claimDue(T, 2, []);
    expect([...first, ...second].some((claimed) => claimed.id === smallId)).toBe(true);
    expect(first.map((claimed) => claimed.campaignId).sort()).toEqual(['big', 'small']);
    expect(second.every((claimed) => claimed.campaignId === 'big')).toBe(true);
  });

  it('a held request waits with its reason and new time; a skipped one releases its money and counts as skipped, not as cancelled by the user', () => {
    campaign('c');
    const held = entry('c', 1);
    const skipped = entry('c', 2);
    outbox.claimDue(T, 10, []);
    outbox.hold(held, T + 3_600_000, 'legal');
    outbox.skip(skipped, 'quiet-hours', T);
    expect(outbox.get(held)).toMatchObject({ state: 'pending', sendAtMs: T + 3_600_000, attempts: 0 });
    expect(outbox.get(skipped)).toMatchObject({ state: 'cancelled' });
    expect(messages(skipped).map((message) => (message as { status: string }).status)).toEqual(['cancelled', 'cancelled']);
    expect(outbox.reservedAgainst(ACCOUNT, T + 1)).toBe(50);
    expect(outbox.nextDueAt([])).toBe(T + 3_600_000);
    expect(new CampaignProgressRepository(db).sendRules('c')).toEqual(
      expect.arrayContaining([
        { reason: 'legal', outcome: 'held', requests: 1, recipients: 2, untilUtc: new Date(T + 3_600_000).toISOString() },
        { reason: 'quiet-hours', outcome: 'skipped', requests: 1, recipients: 2, untilUtc: null },
      ]),
    );
    // A user's cancel of the rest is a cancel, not a skip.
    outbox.cancelCampaign('c', T);
    expect(new CampaignProgressRepository(db).sendRules('c')).toEqual([
      { reason: 'quiet-hours', outcome: 'skipped', requests: 1, recipients: 2, untilUtc: null },
    ]);
  });
});
