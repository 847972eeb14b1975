import { describe, expect, it } from 'vitest';
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
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  withCoreDatabase,
} from './support';
import { runChild } from './child/run-child';

const SEND = /^\/v1\/[^/]+\/sms$/;
const RECIPIENTS = 3_000;

function localRequestStates(dataDir: string, campaignId: string): Record<string, number> {
  return withCoreDatabase(dataDir, (db) => {
    const rows = db.prepare('SELECT state, COUNT(*) AS n FROM outbox WHERE campaign_id = ? GROUP BY state').all(campaignId) as Array<{ state: string; n: number }>;
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

/** After a SIGKILL the store must still be a sound SQLite file (WAL recovery included). */
function expectIntact(dataDir: string): void {
  expect(storeIntegrity(dataDir)).toBe('ok');
}
