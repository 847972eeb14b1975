import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core/core';
import { storeIntegrity } from '../hardening/store-integrity';
import { startFaultProxy } from '../../support/fault-proxy';
import {
  closedAfterEach,
  deliveriesPerRecipient,
  draftCampaign,
  exactlyOnceProblems,
  indianAudience,
  indianMobiles,
  parentAccount,
  seedAudience,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  usNumbers,
  waitFor,
  withCoreDatabase,
} from './support';
import { runChild } from './child/run-child';

const SEND = /^\/v1\/[^/]+\/sms$/;
const RECIPIENTS = 3_000;
/** Enough that writing the launch's requests takes many slices, so a kill can land between two of them. */
const STAGED_RECIPIENTS = 40_000;

function localRequestStates(dataDir: string, campaignId: string): Record<string, number> {
  return withCoreDatabase(dataDir, (db) => {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY state').all(campaignId) as Array<{
      state: string;
      n: number;
    }>;
    return Object.fromEntries(rows.map((row) => [row.state, row.n]));
  });
}

const open = closedAfterEach();

describe('SIGKILL during a launch', () => {
  it('resumes on restart with no duplicate and no lost message, whatever moment the process died', { timeout: 120_000 }, async () => {
    const sandbox = await startLaunchSandbox();
    open.push(sandbox);
    const proxy = await startFaultProxy(sandbox.url);
    open.push(proxy);
    // Every send takes a little while, so kills land in the middle of the launch.
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-delay', ms: 25 }, times: Number.MAX_SAFE_INTEGER });
    const account = parentAccount(sandbox, 'prepaid', proxy.url);
    const dataDir = tempDir('launch-crash-');

    const setup = await startLaunchCore(dataDir, account);
    const audienceId = indianAudience(dataDir, RECIPIENTS);
    const campaign = await draftCampaign(setup, audienceId);
    setup.close();
    const config = { dataDir, account: { ...account, role: 'parent' as const }, campaignId: campaign.id, maxInFlight: 2 };

    // 1. Killed while the launch transaction may be running.
    const first = runChild(config);
    await first.until((event) => event['event'] === 'launching');
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 30)));
    await first.kill();
    expectIntact(dataDir);

    // 2. Killed after about a third has been accepted.
    const second = runChild(config);
    await second.until((event) => event['event'] === 'progress' && Number(event['accepted']) >= RECIPIENTS / 3);
    await second.kill();
    expectIntact(dataDir);

    // 3. Killed after the API accepted a request but before the answer reached the process.
    const third = runChild(config);
    const held = new Promise<void>((resolve) => proxy.onHeld(() => resolve()));
    await third.until((event) => event['event'] === 'started');
    proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-delay', ms: 5_000 }, times: 1 });
    await held;
    await third.kill();
    expectIntact(dataDir);
    const acceptedBySandbox = new Set([...(await deliveriesPerRecipient(sandbox, account, campaign.id)).keys()]).size;
    const acceptedLocally = (localRequestStates(dataDir, campaign.id)['accepted'] ?? 0) * 100;
    expect(acceptedBySandbox).toBeGreaterThan(acceptedLocally);

    // 4. Killed at a random moment.
    const fourth = runChild(config);
    await fourth.until((event) => event['event'] === 'started');
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(Math.random() * 300)));
    await fourth.kill();
    expectIntact(dataDir);

    // 5. Left to finish.
    const last = runChild(config);
    const done = await last.until((event) => event['event'] === 'done');
    expect(await last.exited).toBe(0);
    expect(done).toMatchObject({ accepted: RECIPIENTS / 100, failed: 0 });

    const counts = await deliveriesPerRecipient(sandbox, account, campaign.id);
    expect(exactlyOnceProblems(indianMobiles(RECIPIENTS), counts)).toEqual([]);
    expect(localRequestStates(dataDir, campaign.id)).toEqual({ accepted: RECIPIENTS / 100 });
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
    expectIntact(dataDir);
  });
});

/**
 * BEGIN IMMEDIATE, tried again without pause until it succeeds: the launch yields the lock for a moment
 * between two slices, and SQLite's own busy handler sleeps longer and longer between its tries, so on a
 * loaded machine it could miss every gap until the launch had written its last slice.
 */
function takeWriteLockAtOnce(db: Database.Database): void {
  db.pragma('busy_timeout = 0');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if (!(error instanceof Database.SqliteError && error.code === 'SQLITE_BUSY') || Date.now() > deadline) throw error;
    }
  }
}

describe('SIGKILL while a launch writes its requests in slices', () => {
  it(
    'undoes the part-written launch once on restart, holding its whole estimate until then; launched again, it goes out exactly once',
    { timeout: 240_000 },
    async () => {
      const sandbox = await startLaunchSandbox();
      open.push(sandbox);
      const account = parentAccount(sandbox, 'postpaid');
      const dataDir = tempDir('staged-launch-crash-');
      const phones = usNumbers(STAGED_RECIPIENTS);
      const setup = await startLaunchCore(dataDir, account);
      const audienceId = seedAudience(
        dataDir,
        phones.map((phone) => ({ phone, country: 'US', zone: 'America/New_York' })),
      );
      const campaign = await draftCampaign(setup, audienceId);
      setup.close();
      const config = { dataDir, account: { ...account, role: 'parent' as const }, campaignId: campaign.id, maxInFlight: 8 };

      // Another connection watches the store until some of the launch's requests are written, then
      // takes the write lock (as an import's writer does) so the next slice cannot commit, and the
      // process is killed while it waits: between two slices, for certain.
      const child = runChild(config);
      await child.until((event) => event['event'] === 'launching');
      const watcher = new Database(join(dataDir, DATABASE_FILE));
      let midStage: StageRow | undefined;
      try {
        watcher.pragma('busy_timeout = 5000');
        const stageOf = watcher.prepare<[string], StageRow>(
          'SELECT requests_written, requests_total, estimate_minor, written_minor FROM launch_stages WHERE campaign_id = ?',
        );
        await waitFor(
          'the launch to have written some of its requests',
          () => ((stageOf.get(campaign.id)?.requests_written ?? 0) > 0 ? true : undefined),
          120_000,
          2,
        );
        takeWriteLockAtOnce(watcher);
        midStage = stageOf.get(campaign.id);
        // The money: the requests written reserve their own part, the stage the rest of the estimate.
        const reservedByRequests = watcher
          .prepare<[string], { reserved: number | null }>('SELECT SUM(amount_minor) AS reserved FROM reservations WHERE campaign_id = ?')
          .get(campaign.id);
        expect(reservedByRequests?.reserved ?? 0).toBe(midStage?.written_minor);
        await child.kill();
        watcher.exec('ROLLBACK');
      } finally {
        watcher.close();
      }
      expect(midStage).toBeDefined();
      expect(midStage?.requests_written).toBeGreaterThan(0);
      expect(midStage?.requests_written).toBeLessThan(midStage?.requests_total ?? 0);
      expect(midStage?.estimate_minor).toBe(STAGED_RECIPIENTS);
      expectIntact(dataDir);
      // Nothing of a launch still being written leaves the desktop.
      expect((await deliveriesPerRecipient(sandbox, account, campaign.id)).size).toBe(0);

      // The next start undoes it: the draft is back as it was, nothing of it stays written or reserved.
      const restarted = await startLaunchCore(dataDir, account);
      await waitFor('the interrupted launch to be undone', () => (stagedRows(dataDir, campaign.id).stages === 0 ? true : undefined), 60_000, 50);
      expect((await restarted.call('campaigns.get', { id: campaign.id })).ok).toBe(true);
      expect(stagedRows(dataDir, campaign.id)).toEqual({ stages: 0, requests: 0, messages: 0, reservations: 0, waves: 0, leftOut: 0, status: 'draft' });
      restarted.close();

      // Launched again, it goes out once to everyone, and all its money is settled.
      const last = runChild(config);
      const done = await last.until((event) => event['event'] === 'done');
      expect(await last.exited).toBe(0);
      expect(done).toMatchObject({ accepted: STAGED_RECIPIENTS / 100, failed: 0 });
      const counts = await deliveriesPerRecipient(sandbox, account, campaign.id);
      expect(exactlyOnceProblems(phones, counts)).toEqual([]);
      expect(localRequestStates(dataDir, campaign.id)).toEqual({ accepted: STAGED_RECIPIENTS / 100 });
      expect(withCoreDatabase(dataDir, (db) => db.prepare('SELECT COUNT(*) AS held FROM reservations WHERE released_at_ms IS NULL').get())).toEqual({
        held: 0,
      });
      expect(stagedRows(dataDir, campaign.id).stages).toBe(0);
      expect(sandbox.ledgerDiscrepancies()).toEqual([]);
      expectIntact(dataDir);
    },
  );
});

interface StageRow {
  requests_written: number;
  requests_total: number;
  estimate_minor: number;
  written_minor: number;
}

/** What a campaign's launch has in the store, row counts by table, and the campaign's status. */
function stagedRows(dataDir: string, campaignId: string) {
  return withCoreDatabase(dataDir, (db) => {
    const count = (sql: string) => (db.prepare(sql).get(campaignId) as { n: number }).n;
    return {
      stages: count('SELECT COUNT(*) AS n FROM launch_stages WHERE campaign_id = ?'),
      requests: count('SELECT COUNT(*) AS n FROM outbox WHERE campaign_id = ?'),
      messages: count('SELECT COUNT(*) AS n FROM campaign_messages WHERE campaign_id = ?'),
      reservations: count('SELECT COUNT(*) AS n FROM reservations WHERE campaign_id = ?'),
      waves: count('SELECT COUNT(*) AS n FROM campaign_waves WHERE campaign_id = ?'),
      leftOut: count('SELECT COUNT(*) AS n FROM campaign_left_out WHERE campaign_id = ?'),
      status: (db.prepare('SELECT status FROM campaigns WHERE id = ?').get(campaignId) as { status: string }).status,
    };
  });
}

/** After a SIGKILL the store must still be a sound SQLite file (WAL recovery included). */
function expectIntact(dataDir: string): void {
  expect(storeIntegrity(dataDir)).toBe('ok');
}
