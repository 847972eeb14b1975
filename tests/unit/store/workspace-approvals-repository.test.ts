import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money';
import { openDatabase } from '../../../electron/core/store/database';
import { migrations } from '../../../electron/core/store/migrations';
import { WorkspaceApprovalsRepository, type PulledApproval } from '../../../electron/core/store/workspace-approvals-repository';
import { approvalStateOf, type ApprovalFacts } from '../../../electron/core/workspace/approval-state';

const CAMPAIGN = '3f0c1f5e-8a4d-4c56-9a43-2f7b1d1c9e01';
const requestedAt = Date.parse('2026-11-30T09:15:00Z');

const approval = (overrides: Partial<PulledApproval> = {}): PulledApproval => ({
  campaignId: CAMPAIGN,
  revision: 3,
  accountSid: 'ACME_NORTH01',
  accountName: 'AcmeNorth',
  campaignName: 'Diwali offers',
  campaignRevision: 3,
  estimateMinor: 12_500_00,
  currency: 'INR',
  status: 'requested',
  requestedBy: 'nils_north',
  requestedByName: 'Nils Åberg',
  requestedAtMs: requestedAt,
  decidedBy: null,
  decidedByName: null,
  decidedAtMs: null,
  note: '',
  ...overrides,
});

function storeWithProfile() {
  const db = openDatabase(':memory:');
  db.exec(
    `INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms)
     VALUES ('team', 'AcmeNorth', 'sandbox', 'http://127.0.0.1:1', 'ACME_NORTH01', 'subaccount', 1793491200000)`,
  );
  return { db, repository: new WorkspaceApprovalsRepository(db) };
}

describe('the approvals store migration and repository', () => {
  it('is the last migration, found by name, and its tables go with their profile', () => {
    const at = migrations.findIndex((migration) => migration.name.startsWith('team workspace approvals'));
    expect(at).toBeGreaterThan(0);
    const { db, repository } = storeWithProfile();
    repository.applyPull('team', {
      accounts: [
        { accountSid: 'ACME_NORTH01', accountName: 'AcmeNorth', thresholdMinor: 10_000_00, currency: 'INR', setBy: 'Priya Raman', setAtMs: requestedAt },
      ],
      approvals: [approval()],
      campaignRevisions: new Map(),
      watermark: '812',
    });
    repository.recordLink('team', { campaignId: CAMPAIGN, revision: 3, localRevision: 7 }, requestedAt);
    db.exec("DELETE FROM profiles WHERE id = 'team'");
    for (const table of ['workspace_approval_accounts', 'workspace_approvals', 'workspace_approval_links', 'workspace_approval_cursors']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
  });

  it('replaces the accounts and rules whole (a removed rule disappears), upserts requests and moves the cursor with them', () => {
    const { repository } = storeWithProfile();
    const north = {
      accountSid: 'ACME_NORTH01',
      accountName: 'AcmeNorth',
      thresholdMinor: 10_000_00,
      currency: 'INR',
      setBy: 'Priya Raman',
      setAtMs: requestedAt,
    };
    const first = repository.applyPull('team', { accounts: [north], approvals: [approval()], campaignRevisions: new Map(), watermark: '812' });
    expect(first).toMatchObject({ accountsChanged: true });
    expect(first.before.size).toBe(0);
    expect(repository.ruleOf('team', 'ACME_NORTH01')).toMatchObject({ thresholdMinor: 10_000_00, currency: 'INR' });
    expect(repository.watermark('team')).toBe('812');
    expect(repository.pending('team').map((row) => row.campaignName)).toEqual(['Diwali offers']);

    // The decision arrives; the rule was removed meanwhile (no row in the pull).
    const decided = approval({
      status: 'rejected',
      decidedBy: 'priya_parent',
      decidedByName: 'Priya Raman',
      decidedAtMs: requestedAt + 60_000,
      note: 'Split it',
    });
    const second = repository.applyPull('team', {
      accounts: [{ ...north, thresholdMinor: null, currency: null, setBy: null, setAtMs: null }],
      approvals: [decided],
      campaignRevisions: new Map([[CAMPAIGN, 4]]),
      watermark: '830',
    });
    expect(second.before.get(`${CAMPAIGN}:3`)?.status).toBe('requested');
    expect(repository.ruleOf('team', 'ACME_NORTH01')).toBeUndefined();
    expect(repository.pending('team')).toEqual([]);
    expect(repository.decided('team', 10)).toEqual([{ ...decided, campaignRevision: 4 }]);
    // A campaign's revision only ever moves forward, whatever order pulls bring it in.
    repository.applyPull('team', { accounts: [], approvals: [], campaignRevisions: new Map([[CAMPAIGN, 2]]), watermark: '840' });
    expect(repository.latestFor('team', CAMPAIGN)?.campaignRevision).toBe(4);
    expect(repository.watermark('team')).toBe('840');
  });
});

describe('where a campaign stands with its approval rule', () => {
  const rule = { thresholdMinor: 10_000_00, currency: 'INR' };
  const facts = (overrides: Partial<ApprovalFacts> = {}): ApprovalFacts => ({
    campaignId: CAMPAIGN,
    localRevision: 7,
    rule,
    estimate: { minor: 12_500_00, currency: 'INR' },
    latest: null,
    link: null,
    ...overrides,
  });
  const inr = (minor: number) => formatMoney(minor, 'INR');

  it('needs no approval without a rule, or at or below the threshold', () => {
    expect(approvalStateOf(facts({ rule: null }))).toMatchObject({ state: 'not-needed', reason: null });
    expect(approvalStateOf(facts({ estimate: { minor: 10_000_00, currency: 'INR' } }))).toMatchObject({ state: 'not-needed', reason: null });
    expect(approvalStateOf(facts({ estimate: { minor: 10_000_01, currency: 'INR' } })).state).toBe('needs-request');
  });

  it('says why the launch waits, and whether a request can be made', () => {
    const needs = approvalStateOf(facts());
    expect(needs).toMatchObject({ state: 'needs-request', canRequest: true });
    expect(needs.reason).toBe(`Needs a parent manager's approval: estimated ${inr(12_500_00)}, above ${inr(10_000_00)}. Request approval.`);
    // An estimate in another currency cannot be compared: it needs approval too, and says why.
    expect(approvalStateOf(facts({ estimate: { minor: 1_000, currency: 'USD' } })).reason).toContain('the rule is set in INR');
    expect(approvalStateOf(facts({ estimate: null }))).toMatchObject({ state: 'needs-request', canRequest: false });
  });

  it('follows the request of this exact revision: pending, approved, rejected with its note', () => {
    const link = { campaignId: CAMPAIGN, revision: 3, localRevision: 7 };
    expect(approvalStateOf(facts({ latest: approval(), link }))).toMatchObject({ state: 'pending', canRequest: false });
    expect(approvalStateOf(facts({ latest: approval({ status: 'approved', decidedByName: 'Priya Raman' }), link }))).toMatchObject({
      state: 'approved',
      reason: null,
    });
    const rejected = approvalStateOf(facts({ latest: approval({ status: 'rejected', decidedByName: 'Priya Raman', note: 'Split it by region' }), link }));
    expect(rejected).toMatchObject({ state: 'rejected', canRequest: false });
    expect(rejected.reason).toContain('Rejected by Priya Raman "Split it by region"');
  });

  it('voids an approval once the campaign moved on: a local edit (pushed or not) or a newer workspace revision', () => {
    const approved = approval({ status: 'approved', decidedByName: 'Priya Raman' });
    const editedHere = approvalStateOf(facts({ latest: approved, link: { campaignId: CAMPAIGN, revision: 3, localRevision: 6 } }));
    expect(editedHere).toMatchObject({ state: 'voided', canRequest: true });
    expect(editedHere.reason).toContain('The approval was for an earlier version: the campaign was edited on this desktop since.');
    const editedElsewhere = approvalStateOf(facts({ latest: { ...approved, campaignRevision: 4 }, link: null }));
    expect(editedElsewhere.state).toBe('voided');
    expect(editedElsewhere.reason).toContain('edited in the team workspace since');
  });
});
