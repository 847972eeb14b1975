/**
 * The parent's Spend view counts every desktop's planned spend. Two regional teams (AcmeNorth and
 * AcmeSouth) plan drafts on their own desktops; the parent manager's desktop, after a workspace
 * sync, shows each campaign's planned spend per sub-account, equal to what the generated audiences
 * cost at the sandbox's prices, with who planned which revision when. Each desktop is a real core
 * with its own SQLite file, on the real sandbox, sharing a throwaway PostgreSQL cluster.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { WorkspacePlanSummariesRepository } from '../../../electron/core/store/workspace-plan-summaries-repository';
import { pushPlanSummary } from '../../../electron/core/workspace/workspace-plan-summaries';
import type { RunningSandbox } from '../../../sandbox/server';
import type { NewMember } from '../../../workspace/members';
import {
  draftCampaign,
  seedAudience,
  startLaunchCore,
  startLaunchSandbox,
  tempDir,
  withCoreDatabase,
  type SeedRecipient,
  type TestCore,
} from '../launch/support';
import { callOk } from '../app/support';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { expectRefusedByPolicy, openOrganisationWorkspace, type OrganisationWorkspace } from './support';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The sandbox's seeded rate card for Acme Retail (sandbox/domain/seed.ts), paise per unit. */
const PRICE_MINOR: Record<string, number> = { IN: 25, AE: 180, GB: 320, SG: 240, US: 60 };

/** Units of a GSM-7 text without extension characters: one segment up to 160, else parts of 153. */
const gsmUnits = (text: string) => (text.length <= 160 ? 1 : Math.ceil(text.length / 153));

interface Team {
  sid: string;
  name: string;
  core: TestCore;
  dataDir: string;
}

/** A CRM export of a regional team: several countries, each number with its own zone. */
function northAudience(): SeedRecipient[] {
  const rows: SeedRecipient[] = [];
  for (let i = 0; i < 23; i++) rows.push({ phone: `+9198765${String(10_005 + i * 10).padStart(5, '0')}`, country: 'IN', zone: 'Asia/Kolkata' });
  for (let i = 0; i < 7; i++) rows.push({ phone: `+4479111${String(20_005 + i * 10).padStart(5, '0')}`, country: 'GB', zone: 'Europe/London' });
  for (let i = 0; i < 5; i++) rows.push({ phone: `+97150${String(1_230_005 + i * 10).padStart(7, '0')}`, country: 'AE', zone: 'Asia/Dubai' });
  return rows;
}

function southAudience(): SeedRecipient[] {
  const rows: SeedRecipient[] = [];
  for (let i = 0; i < 41; i++) rows.push({ phone: `+9199887${String(30_005 + i * 10).padStart(5, '0')}`, country: 'IN', zone: 'Asia/Kolkata' });
  for (let i = 0; i < 9; i++) rows.push({ phone: `+659123${String(4_005 + i * 10).padStart(4, '0')}`, country: 'SG', zone: 'Asia/Singapore' });
  for (let i = 0; i < 4; i++) rows.push({ phone: `+1212555${String(1_005 + i * 10).padStart(4, '0')}`, country: 'US', zone: 'America/New_York' });
  return rows;
}

/** What an audience costs for a body: every recipient's units times its country's price. */
function truthOf(rows: readonly SeedRecipient[], body: string): number {
  return rows.reduce((sum, row) => sum + gsmUnits(body) * PRICE_MINOR[row.country]!, 0);
}

const LONG_BODY =
  'Monsoon sale at Acme North: 30% off rain jackets, umbrellas and boots in every store from Friday to Sunday only. Show this message at the till to get the discount. Reply STOP to opt out.';
const SHORT_BODY = 'Monsoon sale: 30% off rain gear this weekend. Reply STOP to opt out.';
const SOUTH_BODY = 'Acme South: your loyalty points double on Friday. Reply STOP to opt out.';

describeWithPostgres("the parent's Spend view shows every desktop's planned spend", () => {
  let cluster: PostgresCluster;
  let sandbox: RunningSandbox;
  let workspace: OrganisationWorkspace;
  let admin: pg.Client;
  let database: string;
  let passwords: ReadonlyMap<string, string>;
  let north: Team;
  let south: Team;
  let headquarters: TestCore;
  let parentSid: string;
  const period = () => ({ from: new Date(Date.now() - DAY_MS).toISOString(), to: new Date(Date.now() + DAY_MS).toISOString(), zone: 'Asia/Kolkata' });

  beforeAll(async () => {
    [cluster, sandbox] = await Promise.all([startPostgresCluster(), startLaunchSandbox()]);
    database = 'acme_planned';
    const parent = sandbox.accounts.find((account) => account.billing === 'prepaid')!;
    parentSid = parent.sid;
    const [northAccount, southAccount] = parent.subaccounts.filter((sub) => sub.status === 'active');
    if (!northAccount || !southAccount) throw new Error('the sandbox seeded fewer than two active sub-accounts');
    workspace = await openOrganisationWorkspace(cluster, database, { id: parent.sid, name: parent.name });
    ({ admin, passwords } = workspace);

    const join = async (core: TestCore, login: NewMember) => {
      await workspace.addMember(login);
      await workspace.join(core, login.roleName);
    };
    const team = async (account: { sid: string; apiKey: string; name: string }, roleName: string, displayName: string): Promise<Team> => {
      const dataDir = tempDir('desk-planned-team-');
      const core = await startLaunchCore(dataDir, { url: sandbox.url, sid: account.sid, apiKey: account.apiKey, name: account.name, role: 'subaccount' });
      await join(core, {
        roleName,
        displayName,
        organisationId: parent.sid,
        kind: 'subaccount_member',
        subaccountSid: account.sid,
        subaccountName: account.name,
      });
      return { sid: account.sid, name: account.name, core, dataDir };
    };
    north = await team(northAccount, 'nils_north', 'Nils Åberg');
    south = await team(southAccount, 'sofia_south', 'Sofía Peña');
    headquarters = await startLaunchCore(tempDir('desk-planned-hq-'), { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    await join(headquarters, { roleName: 'priya_parent', displayName: 'Priya Raman', organisationId: parent.sid, kind: 'parent_manager' });
    // The parent's desktop knows its sub-accounts (what Spend lists) from its first sync.
    await callOk(headquarters, 'sync.now');
  });

  afterAll(async () => {
    for (const core of [north?.core, south?.core, headquarters]) core?.close();
    await workspace?.close();
    await sandbox?.close();
    cluster?.stop();
  });

  const workspaceSync = (core: TestCore) => callOk(core, 'workspace.syncNow', { profileId: SANDBOX_PROFILE_ID });
  const accountRow = (summary: CallOutput<'spend.summary'>, sid: string) => summary.accounts.find((row) => row.sid === sid)!;
  const plannedRows = (summary: CallOutput<'spend.summary'>) => summary.campaigns.filter((row) => row.workspacePlan !== undefined);

  let northCampaignId = '';
  let southCampaignId = '';
  let northTruth = 0;
  let southTruth = 0;

  it("each team plans on its desktop; the parent's desktop shows each campaign's planned spend per sub-account, with who planned it", async () => {
    const northRows = northAudience();
    const northDraft = await draftCampaign(north.core, seedAudience(north.dataDir, northRows), {
      name: 'Monsoon sale (North)',
      variants: [{ language: 'en', body: LONG_BODY, isDefault: true }],
    });
    northCampaignId = northDraft.id;
    northTruth = truthOf(northRows, LONG_BODY);
    const northPlan = await callOk(north.core, 'campaigns.plan', { id: northDraft.id });
    expect(gsmUnits(LONG_BODY)).toBe(2);
    expect(northPlan.estimate.totalMinor).toBe(northTruth);

    // AcmeSouth has one of its recipients on its suppression list: left out of the plan and counted.
    const southRows = southAudience();
    await callOk(south.core, 'suppressions.add', { numbers: southRows[3]!.phone, reason: 'opt_out', defaultCountry: null });
    const southDraft = await draftCampaign(south.core, seedAudience(south.dataDir, southRows), {
      name: 'Loyalty double points (South)',
      variants: [{ language: 'en', body: SOUTH_BODY, isDefault: true }],
    });
    southCampaignId = southDraft.id;
    southTruth = truthOf(
      southRows.filter((_, index) => index !== 3),
      SOUTH_BODY,
    );
    const southPlan = await callOk(south.core, 'campaigns.plan', { id: southDraft.id });
    expect(southPlan.estimate.totalMinor).toBe(southTruth);
    expect(southPlan.excluded.suppressed).toBe(1);

    await workspaceSync(north.core);
    await workspaceSync(south.core);
    await workspaceSync(headquarters);

    const summary = await callOk(headquarters, 'spend.summary', period());
    expect(accountRow(summary, north.sid)).toMatchObject({ plannedMinor: northTruth, workspacePlanned: { campaigns: 1, minor: northTruth } });
    expect(accountRow(summary, south.sid)).toMatchObject({ plannedMinor: southTruth, workspacePlanned: { campaigns: 1, minor: southTruth } });
    expect(summary.totals.plannedMinor).toBe(northTruth + southTruth);
    const rows = plannedRows(summary);
    expect(rows).toHaveLength(2);
    expect(rows.find((row) => row.campaignId === northCampaignId)).toMatchObject({
      sid: north.sid,
      name: 'Monsoon sale (North)',
      status: 'draft',
      estimatedMinor: northTruth,
      workspacePlan: { plannedByName: 'Nils Åberg', revision: northDraft.revision, recipients: northRows.length, leftOut: 0 },
    });
    expect(rows.find((row) => row.campaignId === southCampaignId)).toMatchObject({
      sid: south.sid,
      estimatedMinor: southTruth,
      workspacePlan: { plannedByName: 'Sofía Peña', revision: southDraft.revision, recipients: southRows.length - 1, leftOut: 1 },
    });

    // The workspace holds each wave's zone, local time, recipients and cost, adding up to the estimate.
    const stored = await admin.query<{ waves: Array<{ zone: string; localTime: string; recipients: number; costMinor: number }>; planned_by: string }>(
      'SELECT waves, planned_by FROM desk.plan_summaries WHERE campaign_id = $1',
      [northCampaignId],
    );
    expect(stored.rows).toHaveLength(1);
    const waves = stored.rows[0]!.waves;
    expect(stored.rows[0]!.planned_by).toBe('nils_north');
    expect(new Set(waves.map((wave) => wave.zone))).toEqual(new Set(['Asia/Kolkata', 'Europe/London', 'Asia/Dubai']));
    expect(waves.reduce((sum, wave) => sum + wave.recipients, 0)).toBe(northRows.length);
    expect(waves.reduce((sum, wave) => sum + wave.costMinor, 0)).toBe(northTruth);

    // The drill-down into one account lists its planned campaign; the screen's overview carries both.
    const northCampaigns = await callOk(headquarters, 'spend.campaigns', { sid: north.sid, period: period() });
    expect(northCampaigns.filter((row) => row.workspacePlan)).toEqual([expect.objectContaining({ campaignId: northCampaignId, estimatedMinor: northTruth })]);
    const overview = await callOk(headquarters, 'spend.overview', period());
    expect(overview.totals.plannedMinor).toBe(northTruth + southTruth);
    expect(overview.campaigns.filter((row) => row.workspacePlan).map((row) => row.campaignId)).toEqual(
      expect.arrayContaining([northCampaignId, southCampaignId]),
    );
  });

  it('a re-plan of a new revision replaces the old one', async () => {
    const before = await callOk(north.core, 'campaigns.get', { id: northCampaignId });
    const edited = await callOk(north.core, 'campaigns.update', {
      id: northCampaignId,
      revision: before.revision,
      variants: [{ language: 'en', body: SHORT_BODY, isDefault: true }],
    });
    expect(edited.revision).toBeGreaterThan(before.revision);
    const plan = await callOk(north.core, 'campaigns.plan', { id: northCampaignId });
    const shortTruth = truthOf(northAudience(), SHORT_BODY);
    expect(plan.estimate.totalMinor).toBe(shortTruth);
    expect(shortTruth).toBe(northTruth / 2);

    await workspaceSync(north.core);
    await workspaceSync(headquarters);
    const summary = await callOk(headquarters, 'spend.summary', period());
    expect(accountRow(summary, north.sid)).toMatchObject({ plannedMinor: shortTruth, workspacePlanned: { campaigns: 1, minor: shortTruth } });
    expect(plannedRows(summary).find((row) => row.campaignId === northCampaignId)?.workspacePlan?.revision).toBe(edited.revision);
    const stored = await admin.query<{ revision: number; estimate_minor: string }>(
      'SELECT revision, estimate_minor FROM desk.plan_summaries WHERE campaign_id = $1',
      [northCampaignId],
    );
    expect(stored.rows).toEqual([{ revision: edited.revision, estimate_minor: String(shortTruth) }]);

    // A desktop that was offline pushes its plan of the old revision late: it never comes back over the newer one.
    const nils = new pg.Client({ connectionString: cluster.urlFor({ user: 'nils_north', password: passwords.get('nils_north')!, database }) });
    await nils.connect();
    try {
      const late = await pushPlanSummary(
        nils,
        { organisationId: parentSid, accountSid: north.sid },
        {
          campaignId: northCampaignId,
          revision: before.revision,
          campaignName: 'Monsoon sale (North)',
          budgetMinor: null,
          recipients: 35,
          leftOut: 0,
          estimateMinor: northTruth,
          currency: 'INR',
          waves: [],
          plannedAtMs: Date.now(),
        },
      );
      expect(late).toBe('superseded');
    } finally {
      await nils.end();
    }
    expect((await admin.query('SELECT revision FROM desk.plan_summaries WHERE campaign_id = $1', [northCampaignId])).rows).toEqual([
      { revision: edited.revision },
    ]);
    northTruth = shortTruth;
  });

  it("AcmeSouth's member cannot read or change AcmeNorth's plan summaries (raw SQL), nor does its desktop hold them", async () => {
    const sofia = new pg.Client({ connectionString: cluster.urlFor({ user: 'sofia_south', password: passwords.get('sofia_south')!, database }) });
    await sofia.connect();
    try {
      const visible = await sofia.query<{ campaign_id: string; account_sid: string }>('SELECT campaign_id::text, account_sid FROM desk.plan_summaries');
      expect(visible.rows).toEqual([{ campaign_id: southCampaignId, account_sid: south.sid }]);
      expect((await sofia.query('SELECT 1 FROM desk.plan_summaries WHERE campaign_id = $1', [northCampaignId])).rowCount).toBe(0);
      expect((await sofia.query('UPDATE desk.plan_summaries SET estimate_minor = 1 WHERE campaign_id = $1', [northCampaignId])).rowCount).toBe(0);
      expect((await sofia.query('DELETE FROM desk.plan_summaries WHERE campaign_id = $1', [northCampaignId])).rowCount).toBe(0);
      await expectRefusedByPolicy(
        sofia.query(
          `INSERT INTO desk.plan_summaries (campaign_id, revision, organisation_id, account_sid, recipients, estimate_minor, currency)
           VALUES ($1, 99, $2, $3, 1, 1, 'INR')`,
          [northCampaignId, parentSid, north.sid],
        ),
      );
    } finally {
      await sofia.end();
    }
    // Nothing was changed by those attempts, and South's own desktop pulled only South's summary.
    expect((await admin.query('SELECT estimate_minor FROM desk.plan_summaries WHERE campaign_id = $1', [northCampaignId])).rows).toEqual([
      { estimate_minor: String(northTruth) },
    ]);
    await workspaceSync(south.core);
    const pulledOnSouth = withCoreDatabase(south.dataDir, (db) =>
      new WorkspacePlanSummariesRepository(db).planned(SANDBOX_PROFILE_ID).map((plan) => plan.campaignId),
    );
    expect(pulledOnSouth).toEqual([southCampaignId]);
  });

  it('a launched or cancelled campaign leaves "planned"', async () => {
    // What a launch writes to the shared campaign row (the team's own login changing its own row).
    const nils = new pg.Client({ connectionString: cluster.urlFor({ user: 'nils_north', password: passwords.get('nils_north')!, database }) });
    await nils.connect();
    try {
      await nils.query("UPDATE desk.campaigns SET status = 'launched', launched_by = session_user, launched_at = now() WHERE id = $1", [northCampaignId]);
    } finally {
      await nils.end();
    }
    await workspaceSync(headquarters);
    const summary = await callOk(headquarters, 'spend.summary', period());
    expect(accountRow(summary, north.sid).plannedMinor).toBe(0);
    expect(accountRow(summary, north.sid).workspacePlanned).toBeUndefined();
    expect(accountRow(summary, south.sid).plannedMinor).toBe(southTruth);
    expect(plannedRows(summary).map((row) => row.campaignId)).toEqual([southCampaignId]);

    const sofia = new pg.Client({ connectionString: cluster.urlFor({ user: 'sofia_south', password: passwords.get('sofia_south')!, database }) });
    await sofia.connect();
    try {
      await sofia.query("UPDATE desk.campaigns SET status = 'cancelled' WHERE id = $1", [southCampaignId]);
    } finally {
      await sofia.end();
    }
    await workspaceSync(headquarters);
    const after = await callOk(headquarters, 'spend.summary', period());
    expect(after.totals.plannedMinor).toBe(0);
    expect(plannedRows(after)).toEqual([]);
  });

  it("after the parent's desktop leaves the workspace, its Spend counts only its own drafts again", async () => {
    const rows = northAudience().slice(0, 9);
    const draft = await draftCampaign(north.core, seedAudience(north.dataDir, rows), {
      name: 'Festive preview (North)',
      variants: [{ language: 'en', body: SHORT_BODY, isDefault: true }],
    });
    await callOk(north.core, 'campaigns.plan', { id: draft.id });
    await workspaceSync(north.core);
    await workspaceSync(headquarters);
    const joined = await callOk(headquarters, 'spend.summary', period());
    expect(joined.totals.plannedMinor).toBe(truthOf(rows, SHORT_BODY));
    expect(joined.totals.workspacePlanned).toEqual({ campaigns: 1, minor: truthOf(rows, SHORT_BODY) });

    await callOk(headquarters, 'workspace.leave', { profileId: SANDBOX_PROFILE_ID });
    const left = await callOk(headquarters, 'spend.summary', period());
    expect(left.totals.plannedMinor).toBe(0);
    expect(left.totals.workspacePlanned).toBeUndefined();
    expect(plannedRows(left)).toEqual([]);
  });
});
