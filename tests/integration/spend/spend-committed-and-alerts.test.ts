import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../../sandbox/server';
import {
  callOk,
  freshSpendSummary,
  draftCampaign,
  indianAudience,
  launch,
  parentAccount,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  waitUntilSent,
  type TestCore,
} from '../launch/support';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('spend.summary: scheduled sends and alerts', () => {
  let sandbox: RunningSandbox;
  let parentCore: TestCore;
  let subCore: TestCore;
  let southSid = '';
  let campaignId = '';

  beforeAll(async () => {
    sandbox = await startLaunchSandbox();
    const parent = parentAccount(sandbox, 'prepaid');
    const south = parent.seeded.subaccounts.find((sub) => sub.name === 'AcmeSouth');
    if (!south) throw new Error('the sandbox seeded no AcmeSouth');
    southSid = south.sid;

    const subDir = tempDir('spend-sched-sub-');
    subCore = await startLaunchCore(subDir, { url: sandbox.url, sid: south.sid, apiKey: south.apiKey, name: south.name, role: 'subaccount' });
    const campaign = await draftCampaign(subCore, indianAudience(subDir, 4), {
      name: 'Tomorrow',
      schedule: { kind: 'instant', utc: new Date(Date.now() + DAY_MS).toISOString() },
    });
    campaignId = campaign.id;
    await launch(subCore, campaign.id);
    await waitUntilSent(subCore, campaign.id);

    parentCore = await startLaunchCore(tempDir('spend-sched-parent-'), parent);
    // ₹500 − ₹450 leaves AcmeSouth below its ₹100 low-balance threshold.
    await callOk(parentCore, 'subaccounts.withdraw', { sid: south.sid, amountMinor: 45_000 });
  }, 120_000);

  afterAll(async () => {
    subCore?.close();
    parentCore?.close();
    await sandbox?.close();
  });

  const period = () => ({ from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + 2 * DAY_MS).toISOString(), zone: 'UTC' });

  it('counts what the API charged for scheduled messages as committed, not actual', async () => {
    const summary = await freshSpendSummary(parentCore, period());
    const south = summary.accounts.find((row) => row.sid === southSid);
    const charged = -sandbox
      .ledgerEntries(southSid)
      .filter((entry) => entry.kind === 'sms_charge')
      .reduce((sum, entry) => sum + entry.amountMinor, 0);
    expect(charged).toBeGreaterThan(0);
    expect(south).toMatchObject({ actualMinor: 0, scheduledMinor: charged, committedMinor: charged, pending: 4, messages: 4, scheduledMessages: 4 });
    // Per country, scheduled messages are counted apart from sent ones (none sent yet).
    const southCountries = summary.countries.reduce((sum, row) => sum + row.scheduledMessages, 0);
    expect(southCountries).toBeGreaterThanOrEqual(4);
    const campaign = summary.campaigns.find((row) => row.campaignId === campaignId);
    expect(campaign).toMatchObject({ name: null, scheduledMinor: charged });
    expect(summary.totals.committedMinor).toBe(charged);
  });

  it('lists the low-balance alert of a sub-account with the amounts the API reported', async () => {
    const summary = await freshSpendSummary(parentCore, period());
    expect(summary.alertsProblem).toBeNull();
    const alert = summary.alerts.find((entry) => entry.sid === southSid);
    expect(alert).toMatchObject({ kind: 'low_balance', accountName: 'AcmeSouth', currency: 'INR', thresholdMinor: 10_000 });
    expect(alert?.amountMinor).toBeLessThan(10_000);
    const before = await freshSpendSummary(parentCore, { from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z', zone: 'UTC' });
    expect(before.alerts).toEqual([]);
  });

  it('keeps showing what it read of a sub-account deleted since, and says so', async () => {
    await callOk(parentCore, 'subaccounts.delete', { sid: southSid, confirmName: 'AcmeSouth' });
    const summary = await freshSpendSummary(parentCore, period());
    const south = summary.accounts.find((row) => row.sid === southSid);
    expect(south?.status).toBe('deleted');
    expect(south?.problem).toMatch(/^Deleted: .* Showing what this desktop read earlier\.$/);
    expect(south?.messages).toBe(4);
  });
});
