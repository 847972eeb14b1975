import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import { startFaultProxy } from '../../support/fault-proxy';
import {
  callOk,
  closedAfterEach,
  deliveriesPerRecipient,
  draftCampaign,
  exactlyOnceProblems,
  FAST_CAMPAIGN_OPTIONS,
  indianAudience,
  indianMobiles,
  launch,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  type Account,
  type TestCore,
  waitFor,
  waitUntilAccepted,
  waitUntilSent,
} from './support';

const open = closedAfterEach();

const SEND = /^\/v1\/[^/]+\/sms$/;
const RECIPIENTS = 2_000;
const SLOW_SENDER = { ...FAST_CAMPAIGN_OPTIONS, sender: { ...FAST_CAMPAIGN_OPTIONS.sender, maxInFlight: 2 } };

/** The AcmeNorth sub-account as the desktop's profile, behind a proxy that makes each send take a moment. */
async function subaccountSetup() {
  const sandboxDir = tempDir('launch-sub-sandbox-');
  const sandbox = await startLaunchSandbox({ dataDir: sandboxDir });
  open.push(sandbox);
  const proxy = await startFaultProxy(sandbox.url);
  open.push(proxy);
  proxy.inject({ method: 'POST', path: SEND, fault: { kind: 'forward-then-delay', ms: 40 }, times: Number.MAX_SAFE_INTEGER });
  const parent = sandbox.accounts.find((account) => account.billing === 'prepaid');
  const seeded = parent?.subaccounts.find((sub) => sub.name === 'AcmeNorth');
  if (!parent || !seeded) throw new Error('the sandbox seeded no AcmeNorth');
  const account: Account = { url: proxy.url, sid: seeded.sid, apiKey: seeded.apiKey, name: seeded.name, role: 'subaccount' };
  const dataDir = tempDir('launch-sub-core-');
  const core = await startLaunchCore(dataDir, account, SLOW_SENDER);
  open.push(core);
  return { sandbox, sandboxDir, parent, account, core, dataDir };
}

async function launchAndStopPartWay(core: TestCore, dataDir: string, problem: () => Promise<void>) {
  const audienceId = indianAudience(dataDir, RECIPIENTS);
  const campaign = await draftCampaign(core, audienceId);
  const spare = await callOk(core, 'campaigns.create', { name: 'Next month' });
  await launch(core, campaign.id);
  await waitUntilAccepted(core, campaign.id, { requests: 4, what: 'a few requests accepted', timeoutMs: 30_000, everyMs: 10 });
  await problem();
  const blocked = await waitFor('the campaign to stop', async () => {
    const progress = await callOk(core, 'campaigns.progress', { id: campaign.id });
    return progress.blockedReason !== null && core.events.some((e) => e.name === 'campaigns.changed') ? progress : undefined;
  });
  return { campaign, spare, blocked };
}

function exactlyOnce(sandbox: RunningSandbox, account: Account, campaignId: string) {
  return deliveriesPerRecipient(sandbox, account, campaignId).then((counts) => exactlyOnceProblems(indianMobiles(RECIPIENTS), counts));
}

describe('account problems during a launch', () => {
  it('a key revoked mid-launch stops the campaign with a clear reason; a new key and resume finish it exactly once', async () => {
    const { sandbox, sandboxDir, account, core, dataDir } = await subaccountSetup();
    const newKey = 'Arotated0000000000000000000000001';
    const { campaign, blocked } = await launchAndStopPartWay(core, dataDir, async () => {
      // The sandbox has no key-rotation API: rotate the key in its store, as the console would.
      const db = new Database(join(sandboxDir, 'sandbox.sqlite'));
      db.prepare('UPDATE accounts SET api_key = ? WHERE sid = ?').run(newKey, account.sid);
      db.close();
    });
    expect(blocked.status).toBe('paused');
    expect(blocked.blockedReason).toMatchObject({ code: 'API_AUTH_FAILED' });
    expect(blocked.blockedReason?.message).toMatch(/API key/);
    expect(blocked.requests.pending).toBeGreaterThan(0);
    expect(blocked.requests.failed).toBe(0);

    // Resuming with the old key stops again, with the same reason; nothing is lost.
    await callOk(core, 'campaigns.resume', { id: campaign.id });
    await waitFor(
      'blocked again',
      async () => (await callOk(core, 'campaigns.progress', { id: campaign.id })).blockedReason?.code === 'API_AUTH_FAILED' || undefined,
    );

    await callOk(core, 'profiles.replaceKey', { profileId: 'sandbox', apiKey: newKey });
    await callOk(core, 'campaigns.resume', { id: campaign.id });
    const sent = await waitUntilSent(core, campaign.id);
    expect(sent).toMatchObject({ blockedReason: null, requests: { accepted: RECIPIENTS / 100, failed: 0 } });
    expect(await exactlyOnce(sandbox, { ...account, apiKey: newKey }, campaign.id)).toEqual([]);
  });

  it('a sub-account suspended remotely stops its campaigns; drafts stay readable; after reactivation it finishes exactly once', async () => {
    const { sandbox, parent, account, core, dataDir } = await subaccountSetup();
    const toggle = (action: 'suspend' | 'activate') =>
      fetch(`${sandbox.url}/api/v1/${parent.sid}/subaccounts/${account.sid}/${action}`, { method: 'POST', headers: { 'api-key': parent.apiKey } }).then(
        (response) => {
          if (!response.ok) throw new Error(`${action} failed: ${response.status}`);
        },
      );
    const { campaign, spare, blocked } = await launchAndStopPartWay(core, dataDir, () => toggle('suspend'));
    expect(blocked.status).toBe('paused');
    expect(blocked.blockedReason).toMatchObject({ code: 'API_FORBIDDEN', apiCode: 'SBX-ACCOUNT-NOT-ACTIVE' });
    expect(blocked.requests.failed).toBe(0);

    // Drafts (and the stopped campaign) stay readable and editable.
    const list = await callOk(core, 'campaigns.list');
    expect(list.map((c) => [c.name, c.status, c.blocked]).sort()).toEqual([
      ['Next month', 'draft', false],
      ['Spring sale', 'paused', true],
    ]);
    const draft = await callOk(core, 'campaigns.get', { id: spare.id });
    expect(await callOk(core, 'campaigns.update', { id: spare.id, revision: draft.revision, senderId: 'ACME' })).toMatchObject({
      status: 'draft',
      senderId: 'ACME',
    });

    await toggle('activate');
    await callOk(core, 'campaigns.resume', { id: campaign.id });
    const sent = await waitUntilSent(core, campaign.id);
    expect(sent).toMatchObject({ blockedReason: null, requests: { accepted: RECIPIENTS / 100, failed: 0 } });
    expect(await exactlyOnce(sandbox, account, campaign.id)).toEqual([]);
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });
});
