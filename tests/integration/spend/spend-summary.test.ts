import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract';
import type { RunningSandbox } from '../../../sandbox/server';
import {
  callError,
  callOk,
  freshSpendSummary,
  draftCampaign,
  launch,
  parentAccount,
  seedAudience,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  waitUntilSent,
  type Account,
  type TestCore,
} from '../launch/support';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Delivered numbers end in 5; the sandbox fails numbers ending 0000–0004 (refunded). */
const NORTH_PHONES = ['+919812345675', '+919812345685', '+919812345695', '+919812340000', '+919812340003'];
const SOUTH_PHONES = ['+919822345675', '+919822345685', '+919822340001', '+12125550105'];

function ledgerSpend(sandbox: RunningSandbox, sid: string): number {
  // Charges are negative, refunds positive: what the account was charged and kept.
  return -sandbox
    .ledgerEntries(sid)
    .filter((entry) => entry.kind === 'sms_charge' || entry.kind === 'sms_refund')
    .reduce((sum, entry) => sum + entry.amountMinor, 0);
}

function ledgerCharges(sandbox: RunningSandbox, sid: string): number {
  return -sandbox
    .ledgerEntries(sid)
    .filter((entry) => entry.kind === 'sms_charge')
    .reduce((sum, entry) => sum + entry.amountMinor, 0);
}

describe('spend.summary against the sandbox', () => {
  let sandbox: RunningSandbox;
  let parent: Account & { seeded: { subaccounts: Array<{ sid: string; apiKey: string; name: string; status: string }> } };
  let parentCore: TestCore;
  const cores: TestCore[] = [];
  let summary: CallOutput<'spend.summary'>;
  const campaignIds = new Map<string, string>();
  let draftEstimate = 0;
  const period = () => ({ from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + 2 * DAY_MS).toISOString(), zone: 'Asia/Kolkata' });

  async function runCampaignAs(sub: { sid: string; apiKey: string; name: string }, phones: readonly string[]): Promise<TestCore> {
    const dataDir = tempDir('spend-sub-');
    const core = await startLaunchCore(dataDir, { url: sandbox.url, sid: sub.sid, apiKey: sub.apiKey, name: sub.name, role: 'subaccount' });
    cores.push(core);
    const audienceId = seedAudience(
      dataDir,
      phones.map((phone) => ({ phone, country: phone.startsWith('+1') ? 'US' : 'IN', zone: phone.startsWith('+1') ? 'America/New_York' : 'Asia/Kolkata' })),
    );
    const campaign = await draftCampaign(core, audienceId, { name: `Sale ${sub.name}` });
    await launch(core, campaign.id);
    await waitUntilSent(core, campaign.id);
    campaignIds.set(sub.sid, campaign.id);
    return core;
  }

  beforeAll(async () => {
    sandbox = await startLaunchSandbox();
    parent = parentAccount(sandbox, 'prepaid');
    const [north, south] = parent.seeded.subaccounts.filter((sub) => sub.status === 'active');
    if (!north || !south) throw new Error('the sandbox seeded fewer than two active sub-accounts');
    await runCampaignAs(north, NORTH_PHONES);
    await runCampaignAs(south, SOUTH_PHONES);
    // Final statuses (and refunds for the undelivered) come 5 s of sandbox time later.
    sandbox.advanceClock(10_000);

    const parentDir = tempDir('spend-parent-');
    parentCore = await startLaunchCore(parentDir, parent);
    const draftAudience = seedAudience(parentDir, [
      { phone: '+919832345675', country: 'IN', zone: 'Asia/Kolkata' },
      { phone: '+919832345685', country: 'IN', zone: 'Asia/Kolkata' },
    ]);
    const draft = await draftCampaign(parentCore, draftAudience, { name: 'Parent draft' });
    draftEstimate = (await callOk(parentCore, 'campaigns.plan', { id: draft.id })).estimate.totalMinor;
    summary = await freshSpendSummary(parentCore, period());
  }, 120_000);

  afterAll(async () => {
    for (const core of [...cores, parentCore]) core?.close();
    await sandbox?.close();
  });

  it("reports each sub-account's actual spend equal to the sandbox ledger to the unit", () => {
    const subs = summary.accounts.filter((row) => campaignIds.has(row.sid));
    expect(subs).toHaveLength(2);
    for (const row of subs) {
      expect(row.problem).toBeNull();
      expect(row.actualMinor).toBeGreaterThan(0);
      expect(row.actualMinor).toBe(ledgerSpend(sandbox, row.sid));
      expect(row.actualMinor + row.refundedMinor).toBe(ledgerCharges(sandbox, row.sid));
    }
    expect(sandbox.ledgerDiscrepancies()).toEqual([]);
  });

  it('counts deliveries and refunds per sub-account', () => {
    const [north, south] = [...campaignIds.keys()].map((sid) => summary.accounts.find((row) => row.sid === sid));
    expect(north).toMatchObject({ messages: 5, delivered: 3, undelivered: 2, pending: 0, scheduledMinor: 0 });
    expect(north?.refundedMinor).toBeGreaterThan(0);
    expect(south).toMatchObject({ messages: 4, delivered: 3, undelivered: 1 });
    expect(summary.totals.actualMinor).toBe(summary.accounts.reduce((sum, row) => sum + row.actualMinor, 0));
  });

  it('splits actual spend by campaign, country and day consistently', () => {
    for (const [sid, campaignId] of campaignIds) {
      const row = summary.campaigns.find((campaign) => campaign.campaignId === campaignId);
      expect(row?.sid).toBe(sid);
      expect(row?.actualMinor).toBe(ledgerSpend(sandbox, sid));
    }
    const byCountry = Object.fromEntries(summary.countries.map((country) => [country.country, country.actualMinor]));
    expect(Object.keys(byCountry).sort()).toEqual(['IN', 'US']);
    expect(summary.countries.reduce((sum, country) => sum + country.actualMinor, 0)).toBe(summary.totals.actualMinor);
    expect(summary.days.reduce((sum, day) => sum + day.actualMinor, 0)).toBe(summary.totals.actualMinor);
    expect(summary.days.length).toBeGreaterThanOrEqual(3);
  });

  it("shows the parent's balance, the drafts as planned and budget per assigned sub-account", () => {
    expect(summary.parent).toMatchObject({ billing: 'prepaid', currency: 'INR' });
    expect(summary.parent?.balanceMinor).toBe(sandbox.ledgerEntries(parent.sid).reduce((sum, entry) => sum + entry.amountMinor, 0));
    const parentRow = summary.accounts.find((row) => row.kind === 'parent');
    expect(draftEstimate).toBeGreaterThan(0);
    expect(parentRow).toMatchObject({ sid: parent.sid, plannedMinor: draftEstimate, unestimatedDrafts: 0, actualMinor: 0 });
    for (const sid of campaignIds.keys()) {
      const row = summary.accounts.find((account) => account.sid === sid);
      expect(row?.budgetMinor).toBe((row?.balanceMinor ?? 0) + (row?.actualMinor ?? 0));
    }
  });

  it('drills down from a sub-account to its campaigns and from a campaign to its waves', async () => {
    const [sid, campaignId] = [...campaignIds][0] ?? ['', ''];
    const campaigns = await callOk(parentCore, 'spend.campaigns', { sid, period: period() });
    expect(campaigns.map((row) => row.campaignId)).toEqual([campaignId]);
    const waves = await callOk(parentCore, 'spend.waves', { sid, campaignId, period: period() });
    expect(waves.length).toBeGreaterThan(0);
    expect(waves.reduce((sum, wave) => sum + wave.actualMinor, 0)).toBe(ledgerSpend(sandbox, sid));
    expect((await callError(parentCore, 'spend.campaigns', { sid: 'HXNOTOURS_9', period: period() })).code).toBe('VALIDATION_FAILED');
  });

  it('a period before the sends shows nothing spent', async () => {
    const past = await freshSpendSummary(parentCore, { from: '2020-01-01T00:00:00.000Z', to: '2020-01-08T00:00:00.000Z', zone: 'UTC' });
    expect(past.totals.actualMinor).toBe(0);
    expect(past.days).toHaveLength(7);
  });

  it('refuses a period that ends before it starts or names no real time zone', async () => {
    const bad = [
      { from: '2026-02-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z', zone: 'UTC' },
      { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', zone: 'Mars/Olympus' },
    ];
    for (const period of bad) expect((await callError(parentCore, 'spend.summary', period)).code).toBe('VALIDATION_FAILED');
  });

  it('a sub-account profile is refused by the main process', async () => {
    const subCore = cores[0];
    if (!subCore) throw new Error('no sub-account core');
    for (const name of ['spend.summary', 'spend.campaigns', 'spend.waves'] as const) {
      const input = name === 'spend.summary' ? period() : { sid: parent.sid, campaignId: null, period: period() };
      const payload = name === 'spend.campaigns' ? { sid: parent.sid, period: period() } : input;
      expect((await callError(subCore, name, payload)).code).toBe('FORBIDDEN_ROLE');
    }
  });
});
