import { afterEach, describe, expect, it, vi } from 'vitest';
import { CampaignProgressRepository } from '../../../electron/core/store/campaign-progress-repository';
import { migrate, openDatabase, type SqliteDatabase } from '../../../electron/core/store/database';
import { MessageStatusRepository } from '../../../electron/core/store/message-status-repository';
import { migrations } from '../../../electron/core/store/migrations';
import { OutboxRepository } from '../../../electron/core/store/outbox-repository';
import { sqlList } from '../../../electron/core/store/sql-values';
import { replayStatus } from '../../../shared/calls/campaign-replay';
import { smsStatus } from '../../../shared/kaleyra/sms';
import { MESSAGE_STATUSES, MessageStatusGroup, type MessageStatus } from '../../../shared/message-status';
import type * as MessageStatuses from '../../../shared/message-status';
import { campaignStoreOn, launchRunningCampaign, outboxRequest } from '../store/campaign-store-fixture';

const NOW = '2026-03-01T08:00:00.000Z';
const T = Date.parse(NOW);
const ACCOUNT = 'HXIN1IN';

/** The CHECK of campaign_messages.status as SQLite stores it, read back into its values. */
function storedStatusCheck(db: SqliteDatabase): string[] {
  const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'campaign_messages'").get() as { sql: string };
  const list = /status\s+TEXT NOT NULL CHECK \(status IN \(([^)]*)\)\)/.exec(sql)?.[1];
  if (list === undefined) throw new Error('no status CHECK in campaign_messages');
  return [...list.matchAll(/'([^']*)'/g)].map((match) => match[1] ?? '');
}

const sorted = (values: readonly string[]) => [...values].sort();

describe('message statuses, defined once', () => {
  it('are ours then every Kaleyra status, and each group is a subset with its complement', () => {
    expect(MESSAGE_STATUSES).toEqual(['queued', 'rejected', 'cancelled', ...smsStatus.options]);
    const all = sorted(MESSAGE_STATUSES);
    for (const group of Object.values(MessageStatusGroup)) for (const status of group) expect(all).toContain(status);
    const complements: Array<[readonly MessageStatus[], readonly MessageStatus[]]> = [
      [MessageStatusGroup.inFlight, MessageStatusGroup.final],
      [MessageStatusGroup.notLeft, MessageStatusGroup.replayable],
      [MessageStatusGroup.neverReachesRecipient, MessageStatusGroup.countsAgainstFrequencyCap],
    ];
    for (const [group, rest] of complements) {
      expect(sorted([...group, ...rest])).toEqual(all);
      expect(group.filter((status) => rest.includes(status))).toEqual([]);
    }
    // The replay's choices are the group, and the wire schema refuses the others.
    expect(replayStatus.options).toEqual(MessageStatusGroup.replayable);
    expect(replayStatus.safeParse('queued').success).toBe(false);
  });

  it('render as SQL lists that read back to the same values', () => {
    for (const group of Object.values(MessageStatusGroup)) {
      expect([...sqlList(group).matchAll(/'([^']*)'/g)].map((match) => match[1])).toEqual([...group]);
    }
    expect(sqlList(["it's"])).toBe("'it''s'");
    expect(() => sqlList([])).toThrow();
  });

  it('make the CHECK of a new database: every status is accepted, anything else refused', () => {
    const db = openDatabase(':memory:');
    expect(storedStatusCheck(db)).toEqual(MESSAGE_STATUSES);
    const store = launchOneMessagePerStatus(db);
    expect(() => db.prepare("UPDATE campaign_messages SET status = 'Archived' WHERE outbox_id = ?").run(store.ids[0])).toThrow(/CHECK/);
    db.close();
  });

  it('are the statuses every database already holds in its CHECK (a new one needs a migration widening it)', () => {
    // The schema shipped with these nine. Adding a status to shared/message-status.ts changes the
    // CHECK of new databases only: list it here once a migration gives older databases the same.
    const shipped = ['queued', 'rejected', 'cancelled', 'Scheduled', 'Sent', 'Delivered', 'UnDelivered', 'NotSent', 'Failed'];
    expect(MESSAGE_STATUSES).toEqual(shipped);
    // A database upgraded from before the messages table holds the same CHECK as a new one.
    const upgraded = openDatabase(':memory:', migrations.slice(0, 3));
    migrate(upgraded);
    expect(storedStatusCheck(upgraded)).toEqual(shipped);
    upgraded.close();
  });

  it('drive every repository list: the cap, the status pull, open messages, settled reservations and the timeline', () => {
    const db = openDatabase(':memory:');
    const { ids, phoneOf, messageIdOf } = launchOneMessagePerStatus(db);
    const outbox = new OutboxRepository(db);
    const progress = new CampaignProgressRepository(db);
    const statuses = new MessageStatusRepository(db);
    const expected = (group: readonly MessageStatus[]) => sorted(group.map((status) => phoneOf(status)));

    expect(sorted([...outbox.recentlyMessaged('p1', T - 1, T + 1)])).toEqual(expected(MessageStatusGroup.countsAgainstFrequencyCap));
    expect(sorted(statuses.awaitingStatus('p1', ACCOUNT, '', 100).map((row) => phoneOf(row.status as MessageStatus)))).toEqual(
      expected(MessageStatusGroup.inFlight),
    );
    expect(progress.openMessages('c1')).toBe(MessageStatusGroup.inFlight.length);
    const timeline = progress.timeline({ campaignId: 'c1', waveNo: null, nowMs: T + 60_000 }, 60_000).filter((tally) => tally.kind !== 'sent');
    expect(timeline.reduce((sum, tally) => sum + tally.messages, 0)).toBe(MessageStatusGroup.deliveryOutcome.length);
    // Reservations are settled by messages that left (or never will), not by those still here or scheduled.
    expect(outbox.releaseSettled(MESSAGE_STATUSES.map(messageIdOf), T)).toBe(ids.length - MessageStatusGroup.notLeft.length);
    db.close();
  });
});

describe('a status added to shared/', () => {
  afterEach(() => {
    vi.doUnmock('../../../shared/message-status');
    vi.resetModules();
  });

  it('reaches the CHECK of a new database', async () => {
    vi.resetModules();
    vi.doMock('../../../shared/message-status', async (importOriginal) => {
      const original = await importOriginal<typeof MessageStatuses>();
      const local = [...original.LOCAL_MESSAGE_STATUSES, 'archived'];
      return { ...original, LOCAL_MESSAGE_STATUSES: local, MESSAGE_STATUSES: [...local, ...original.KALEYRA_MESSAGE_STATUSES] };
    });
    const widened = (await import('../../../electron/core/store/migrations')).migrations;
    const db = openDatabase(':memory:', widened);
    expect(storedStatusCheck(db)).toEqual(['queued', 'rejected', 'cancelled', 'archived', ...smsStatus.options]);
    db.close();
  });
});

/** One accepted single-recipient request per status, its message moved to that status (with a status time). */
function launchOneMessagePerStatus(db: SqliteDatabase) {
  const { campaigns, outbox } = campaignStoreOn(db, { sid: ACCOUNT, createdAt: NOW });
  launchRunningCampaign(campaigns, { id: 'c1', accountSid: ACCOUNT, at: NOW, fields: { name: 'Spring' } });
  const phoneOf = (status: MessageStatus) => `+91981000000${MESSAGE_STATUSES.indexOf(status)}`;
  const messageIdOf = (status: MessageStatus) => `m-${status}`;
  const ids = MESSAGE_STATUSES.map((status, index) => {
    const recipients = [{ phone: phoneOf(status), rowNumber: index + 1 }];
    const id = outbox.insert(outboxRequest({ campaignId: 'c1', accountSid: ACCOUNT, reference: `cd:c1:r${index}`, recipients, estimatedCostMinor: 25 }, T), T);
    db.prepare("UPDATE outbox SET state = 'in_flight' WHERE id = ?").run(id);
    // Scheduled at the API without a charge figure: the reservation waits for the statuses.
    outbox.accept(id, { apiSendId: `s${index}`, messageIds: [messageIdOf(status)], chargedMinor: null, scheduledAtApi: true }, T);
    db.prepare('UPDATE campaign_messages SET status = ?, status_details = ?, status_at_ms = ? WHERE outbox_id = ?').run(status, 'ABSENT-SUB', T + 1_000, id);
    return id;
  });
  return { ids, phoneOf, messageIdOf };
}
