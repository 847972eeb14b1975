import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/store/migrations';
import { WorkspacePlanSummariesRepository, type PulledPlanSummary } from '../../../electron/core/store/workspace-plan-summaries-repository';
import { openCampaignStore, plainCampaign } from './campaign-store-fixture';

const NORTH = 'HXNORTH01';
const SOUTH = 'HXSOUTH01';
const PULLED_AT = '2026-12-02T07:45:00.000Z';

function summary(campaignId: string, revision: number, accountSid: string, estimateMinor: number): PulledPlanSummary {
  return {
    campaignId,
    revision,
    accountSid,
    recipients: 10,
    leftOut: 1,
    estimateMinor,
    currency: 'INR',
    waves: [{ zone: 'Asia/Kolkata', localDate: '2026-12-03', localTime: '10:00', recipients: 10, costMinor: estimateMinor }],
    plannedBy: 'nils_north',
    plannedByName: 'Nils Åberg',
    plannedAtMs: Date.UTC(2026, 11, 2, 6, 0) + revision,
  };
}

function store() {
  const { db, campaigns } = openCampaignStore({ sid: 'HX1', createdAt: '2026-12-02T06:00:00.000Z' });
  return { db, campaigns, repository: new WorkspacePlanSummariesRepository(db) };
}

describe('workspace plan summaries in the local store', () => {
  it('has its migration, found by name', () => {
    expect(migrations.some((migration) => migration.name.startsWith('team workspace plan summaries'))).toBe(true);
  });

  it('keeps the newest revision of each campaign, whatever order windows arrive in, and moves the cursor with the rows', () => {
    const { repository } = store();
    repository.applyPulledSummaries('p1', [summary('c1', 3, NORTH, 900)], '120', '2026-12-02T06:00:00Z');
    repository.applyPulledSummaries('p1', [summary('c1', 2, NORTH, 500), summary('c2', 1, SOUTH, 70)], '130', '2026-12-02T06:01:00Z');
    const planned = repository.planned('p1').sort((a, b) => a.campaignId.localeCompare(b.campaignId));
    expect(planned.map((plan) => [plan.campaignId, plan.revision, plan.estimateMinor])).toEqual([
      ['c1', 3, 900],
      ['c2', 1, 70],
    ]);
    expect(repository.planned('p1', SOUTH).map((plan) => plan.campaignId)).toEqual(['c2']);
    expect(repository.watermark('p1', 'plan_summaries')).toBe('130');
  });

  it('a campaign launched or cancelled in the workspace (or launched on this desktop) is no longer planned', () => {
    const { campaigns, repository } = store();
    repository.applyPulledSummaries('p1', [summary('c1', 1, NORTH, 100), summary('c2', 1, NORTH, 200), summary('c3', 1, SOUTH, 300)], '10', PULLED_AT);
    repository.applyPulledCampaignStates(
      'p1',
      [
        { campaignId: 'c1', accountSid: NORTH, name: 'Monsoon', status: 'launched', revision: 2 },
        { campaignId: 'c2', accountSid: NORTH, name: 'Diwali', status: 'draft', revision: 1 },
      ],
      '11',
      PULLED_AT,
    );
    // c3 was launched on this desktop (its workspace row not pulled yet).
    const now = '2026-12-02T06:00:00.000Z';
    campaigns.create(plainCampaign('c3', { name: 'Local' }), now);
    campaigns.markLaunched('c3', 1, { status: 'running', accountSid: SOUTH, currency: 'INR' }, Date.parse(now));
    expect(repository.planned('p1').map((plan) => [plan.campaignId, plan.name])).toEqual([['c2', 'Diwali']]);
    repository.applyPulledCampaignStates('p1', [{ campaignId: 'c2', accountSid: NORTH, name: 'Diwali', status: 'cancelled', revision: 2 }], '12', PULLED_AT);
    expect(repository.planned('p1')).toEqual([]);
  });

  it('a plan made again replaces the queued one; a push leaves the queue only for the plan it pushed', () => {
    const { repository } = store();
    const base = { campaignId: 'c1', campaignName: 'Monsoon', budgetMinor: null, recipients: 5, leftOut: 0, currency: 'INR', waves: [] };
    repository.queue('p1', { ...base, revision: 1, estimateMinor: 100, plannedAtMs: 1 });
    const pushing = repository.unpushed('p1')[0]!;
    repository.queue('p1', { ...base, revision: 2, estimateMinor: 80, plannedAtMs: 2 });
    repository.recordPushed('p1', pushing);
    expect(repository.unpushed('p1')).toEqual([{ ...base, revision: 2, estimateMinor: 80, plannedAtMs: 2 }]);
    repository.recordPushed('p1', { campaignId: 'c1', revision: 2, plannedAtMs: 2 });
    expect(repository.unpushed('p1')).toEqual([]);
  });
});
