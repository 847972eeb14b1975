import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CampaignProgressRepository } from '../../../electron/core/store/campaign-progress-repository';
import type { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import type { SqliteDatabase } from '../../../electron/core/store/database';
import { MessageStatusRepository, type StatusChange } from '../../../electron/core/store/message-status-repository';
import type { OutboxRepository } from '../../../electron/core/store/outbox-repository';
import { launchRunningCampaign, openCampaignStore, outboxRequest } from './campaign-store-fixture';
import type { SmsStatus } from '../../../shared/kaleyra/sms';

const NOW = '2026-03-01T08:00:00.000Z';
const T = Date.parse(NOW);
const ACCOUNT = 'HXIN1IN';
const CAMPAIGNS = ['spring', 'summer'] as const;
const REQUESTS_PER_CAMPAIGN = 6;
const RECIPIENTS_PER_REQUEST = 4;
/** Trace reasons as the sandbox gives them, including the cancellation one the monitor tells apart. */
const DETAILS = ['DELIVERED', 'ABSENT_SUBSCRIBER', 'DND', 'CANCELLED', ''];
const STATUSES: SmsStatus[] = ['Scheduled', 'Sent', 'Delivered', 'UnDelivered', 'NotSent', 'Failed'];

/** Everything that writes campaign_messages, as the sender, the status pull and the user do it. */
type Operation =
  | { kind: 'accept'; request: number; charged: number | null }
  | { kind: 'fail'; request: number }
  | { kind: 'requeue'; campaign: number }
  | { kind: 'cancel'; campaign: number }
  | {
      kind: 'statuses';
      changes: Array<{ request: number; position: number; status: SmsStatus; details: number; charged: number | null; seq: number; orphanReference: boolean }>;
    }
  | { kind: 'delete'; campaign: number };

const requestIndex = fc.integer({ min: 0, max: CAMPAIGNS.length * REQUESTS_PER_CAMPAIGN - 1 });
const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), request: requestIndex, charged: fc.option(fc.integer({ min: 0, max: 400 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail' as const), request: requestIndex }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('requeue' as const), campaign: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), campaign: fc.integer({ min: 0, max: 1 }) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('statuses' as const),
      changes: fc.array(
        fc.record({
          request: requestIndex,
          position: fc.integer({ min: 0, max: RECIPIENTS_PER_REQUEST - 1 }),
          status: fc.constantFrom(...STATUSES),
          details: fc.integer({ min: 0, max: DETAILS.length - 1 }),
          charged: fc.option(fc.integer({ min: 0, max: 120 })),
          seq: fc.integer({ min: 1, max: 60 }),
          orphanReference: fc.boolean(),
        }),
        { maxLength: 12 },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), campaign: fc.integer({ min: 0, max: 1 }) }) },
);

interface Store {
  db: SqliteDatabase;
  campaigns: CampaignsRepository;
  outbox: OutboxRepository;
  statuses: MessageStatusRepository;
  progress: CampaignProgressRepository;
  /** Outbox id of each request, by index (campaign-major). */
  requestIds: number[];
}

const messageId = (request: number, position: number) => `m${request}-${position}`;
const referenceOf = (request: number) => `cd:${CAMPAIGNS[Math.floor(request / REQUESTS_PER_CAMPAIGN)]}:r${request}`;

function buildStore(): Store {
  const { db, campaigns, outbox } = openCampaignStore({ sid: ACCOUNT, createdAt: NOW });
  const requestIds: number[] = [];
  CAMPAIGNS.forEach((id, c) => {
    launchRunningCampaign(campaigns, { id, accountSid: ACCOUNT, at: NOW });
    for (let r = 0; r < REQUESTS_PER_CAMPAIGN; r++) {
      const request = c * REQUESTS_PER_CAMPAIGN + r;
      requestIds.push(
        outbox.insert(
          outboxRequest(
            {
              campaignId: id,
              // Three waves, so counters of one wave never leak into another.
              waveNo: (r % 3) + 1,
              accountSid: ACCOUNT,
              reference: referenceOf(request),
              recipients: Array.from({ length: RECIPIENTS_PER_REQUEST }, (_, p) => ({
                phone: `+9198${String(request * 100 + p).padStart(8, '0')}`,
                rowNumber: request * 100 + p + 1,
              })),
              estimatedCostMinor: 25 * RECIPIENTS_PER_REQUEST,
            },
            T,
          ),
          T,
        ),
      );
    }
  });
  return { db, campaigns, outbox, statuses: new MessageStatusRepository(db), progress: new CampaignProgressRepository(db), requestIds };
}

function run(store: Store, op: Operation, step: number): void {
  const nowMs = T + step * 1_000;
  switch (op.kind) {
    case 'accept': {
      const id = store.requestIds[op.request] ?? 0;
      store.db.transaction(() => {
        // The sender marks a request in flight before it leaves; only then can it be accepted.
        store.db.prepare("UPDATE outbox SET state = 'in_flight' WHERE id = ? AND state = 'pending'").run(id);
        const accepted = store.outbox.accept(
          id,
          {
            apiSendId: `s${op.request}`,
            messageIds: Array.from({ length: RECIPIENTS_PER_REQUEST }, (_, p) => messageId(op.request, p)),
            chargedMinor: op.charged,
            scheduledAtApi: false,
          },
          nowMs,
        );
        if (accepted) store.statuses.adoptParked('p1', referenceOf(op.request), nowMs);
      })();
      return;
    }
    case 'fail':
      store.db.prepare("UPDATE outbox SET state = 'in_flight' WHERE id = ? AND state = 'pending'").run(store.requestIds[op.request] ?? 0);
      store.outbox.fail(store.requestIds[op.request] ?? 0, { code: 'API_REJECTED', message: 'Refused.', apiCode: 'E_TEST' }, nowMs);
      return;
    case 'requeue':
      store.outbox.requeueFailures(CAMPAIGNS[op.campaign] ?? 'spring', ['API_REJECTED'], nowMs);
      return;
    case 'cancel':
      store.outbox.cancelCampaign(CAMPAIGNS[op.campaign] ?? 'spring', nowMs);
      return;
    case 'statuses': {
      const changes: StatusChange[] = op.changes.map((c) => ({
        messageId: messageId(c.request, c.position),
        status: c.status,
        details: DETAILS[c.details] ?? '',
        chargedMinor: c.charged,
        seq: c.seq,
        reference: c.orphanReference ? referenceOf(c.request) : null,
        atMs: nowMs,
      }));
      store.db.transaction(() =>
        store.statuses.applyBatch('p1', ACCOUNT, changes, { mode: 'logs', value: String(step) }, (reference) => reference.startsWith('cd:'), Date.parse(NOW)),
      )();
      return;
    }
    case 'delete': {
      const id = CAMPAIGNS[op.campaign] ?? 'spring';
      store.campaigns.setStatus(id, 'completed', null, NOW);
      store.campaigns.delete('p1', id);
      return;
    }
  }
}

/** The counters as stored (zero rows left out) and as a full recount of every message makes them (queued ones are not counted). */
function countersAndRecount(db: SqliteDatabase) {
  const stored = db
    .prepare(
      'SELECT campaign_id, wave_no, status, reason, messages, charged_minor FROM campaign_message_counts ' +
        'WHERE messages <> 0 OR charged_minor <> 0 ORDER BY 1, 2, 3, 4',
    )
    .all();
  const recount = db
    .prepare(
      `SELECT campaign_id, wave_no, status, CASE WHEN status IN ('UnDelivered', 'NotSent') THEN COALESCE(status_details, '') ELSE '' END AS reason,
        COUNT(*) AS messages, SUM(charged_minor) AS charged_minor
      FROM campaign_messages WHERE status <> 'queued' GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
  return { stored, recount };
}

/** What the monitor read before the counters: an aggregate over every message row. */
function openByRecount(db: SqliteDatabase, campaignId: string): number {
  return (
    db.prepare("SELECT COUNT(*) AS n FROM campaign_messages WHERE campaign_id = ? AND status IN ('queued', 'Scheduled', 'Sent')").get(campaignId) as {
      n: number;
    }
  ).n;
}

function tallyByRecount(db: SqliteDatabase, campaignId: string) {
  const rows = db
    .prepare(
      `SELECT wave_no AS waveNo, status, status = 'NotSent' AND COALESCE(status_details, '') = 'CANCELLED' AS cancelled,
        COUNT(*) AS messages, SUM(charged_minor) AS charged
      FROM campaign_messages WHERE campaign_id = ? GROUP BY 1, 2, 3`,
    )
    .all(campaignId) as Array<{ waveNo: number; status: string; cancelled: number; messages: number; charged: number }>;
  return rows.map((row) => ({
    waveNo: row.waveNo,
    status: row.status,
    cancelledAtApi: row.cancelled === 1,
    messages: row.messages,
    chargedMinor: row.charged,
  }));
}

function reasonsByRecount(db: SqliteDatabase, campaignId: string) {
  return db
    .prepare(
      `SELECT wave_no AS waveNo, COALESCE(NULLIF(status_details, ''), status) AS reason, COUNT(*) AS messages FROM campaign_messages
      WHERE campaign_id = ? AND (status = 'UnDelivered' OR (status = 'NotSent' AND COALESCE(status_details, '') <> 'CANCELLED'))
      GROUP BY wave_no, reason`,
    )
    .all(campaignId);
}

const sortTallies = <T extends { waveNo: number }>(tallies: T[]) => [...tallies].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('campaign progress counters', () => {
  it('equal a full recount of the messages after any sequence of acceptances, refusals, cancels, status pages and deletes', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 1, maxLength: 40 }), (operations) => {
        const store = buildStore();
        try {
          operations.forEach((op, step) => run(store, op, step));
          const { stored, recount } = countersAndRecount(store.db);
          expect(stored).toEqual(recount);
          expect(store.db.prepare('SELECT COUNT(*) AS n FROM campaign_message_counts WHERE messages < 0').get()).toEqual({ n: 0 });
          for (const campaignId of CAMPAIGNS) {
            expect(store.progress.openMessages(campaignId)).toBe(openByRecount(store.db, campaignId));
            expect(sortTallies(store.progress.undeliveredReasons(campaignId))).toEqual(
              sortTallies(reasonsByRecount(store.db, campaignId) as Array<{ waveNo: number }>),
            );
            expect(sortTallies(store.progress.messages(campaignId))).toEqual(sortTallies(tallyByRecount(store.db, campaignId)));
          }
        } finally {
          store.db.close();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('tell scheduled messages cancelled at the API apart from other not-sent ones, per wave', () => {
    const store = buildStore();
    run(store, { kind: 'accept', request: 0, charged: 100 }, 1);
    run(
      store,
      {
        kind: 'statuses',
        changes: [
          { request: 0, position: 0, status: 'NotSent', details: DETAILS.indexOf('CANCELLED'), charged: 0, seq: 5, orphanReference: false },
          { request: 0, position: 1, status: 'NotSent', details: DETAILS.indexOf('DND'), charged: 0, seq: 5, orphanReference: false },
          { request: 0, position: 2, status: 'Delivered', details: 0, charged: 25, seq: 5, orphanReference: false },
        ],
      },
      2,
    );
    // Wave 1 also holds request 3, still queued.
    const tallies = store.progress.messages('spring').filter((tally) => tally.waveNo === 1);
    expect(sortTallies(tallies)).toEqual(
      sortTallies([
        { waveNo: 1, status: 'NotSent', cancelledAtApi: true, messages: 1, chargedMinor: 0 },
        { waveNo: 1, status: 'NotSent', cancelledAtApi: false, messages: 1, chargedMinor: 0 },
        { waveNo: 1, status: 'Delivered', cancelledAtApi: false, messages: 1, chargedMinor: 25 },
        { waveNo: 1, status: 'queued', cancelledAtApi: false, messages: 1 + RECIPIENTS_PER_REQUEST, chargedMinor: 0 },
      ]),
    );
    expect(store.progress.undeliveredReasons('spring')).toEqual([{ waveNo: 1, reason: 'DND', messages: 1 }]);
    store.db.close();
  });
});
