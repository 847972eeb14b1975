import type pg from 'pg';
import { z } from 'zod';
import type { CampaignPlan } from '../../../shared/calls/campaigns';
import type { CampaignRecord } from '../store/campaigns-repository';
import type { WorkspaceMembership } from '../store/workspace-memberships-repository';
import {
  CAMPAIGN_STATES_CURSOR,
  PLAN_SUMMARIES_CURSOR,
  type PulledCampaignState,
  type PulledPlanSummary,
  type UnpushedPlan,
  type WorkspacePlanSummariesRepository,
} from '../store/workspace-plan-summaries-repository';
import { INITIAL_WATERMARK, readChangeWindow, type ChangeWindow } from './change-window';
import { ensureCampaignShared, type WorkspaceAccount } from './workspace-campaign-row';

/** The waves column as any desktop wrote it: checked, since the workspace is another program's data. */
const summaryWaves = z.array(
  z.object({ zone: z.string(), localDate: z.string(), localTime: z.string(), recipients: z.number().int().min(0), costMinor: z.number().int().min(0) }),
);

const summaryRow = z.object({
  campaign_id: z.string(),
  revision: z.number().int(),
  account_sid: z.string(),
  recipients: z.number().int(),
  left_out: z.number().int(),
  estimate_minor: z.string().regex(/^\d+$/),
  currency: z.string(),
  waves: summaryWaves,
  planned_by: z.string(),
  planned_by_name: z.string().nullable(),
  planned_at_ms: z.string().regex(/^\d+$/),
});

const campaignStateRow = z.object({ id: z.string(), account_sid: z.string(), name: z.string(), status: z.string(), revision: z.number().int() });

const SUMMARY_COLUMNS = `campaign_id::text AS campaign_id, revision, account_sid, recipients, left_out, estimate_minor::text AS estimate_minor, currency, waves,
  planned_by, (SELECT m.display_name FROM desk.members m WHERE m.role_name = planned_by) AS planned_by_name,
  (extract(epoch FROM planned_at) * 1000)::bigint::text AS planned_at_ms`;

/**
 * The summary of a plan a person saw, for the workspace: every recipient accounted for (in waves
 * or left out), the estimate and each wave's zone, local time, recipients and cost. Null when the
 * plan has no price yet (no rate card): there is no planned spend to share.
 */
export function planSummaryOf(campaign: CampaignRecord, plan: CampaignPlan, plannedAtMs: number): UnpushedPlan | null {
  if (plan.currency === null) return null;
  return {
    campaignId: campaign.id,
    revision: campaign.revision,
    campaignName: campaign.name,
    budgetMinor: campaign.budgetMinor,
    recipients: plan.accounting.inWaves,
    leftOut: plan.accounting.leftOut.reduce((sum, entry) => sum + entry.recipients, 0),
    estimateMinor: plan.estimate.totalMinor,
    currency: plan.currency,
    waves: plan.waves.map((wave) => ({
      zone: wave.zone,
      localDate: wave.localDate,
      localTime: wave.localTime,
      recipients: wave.recipients,
      costMinor: wave.costMinor,
    })),
    plannedAtMs,
  };
}

/** `superseded`: the workspace already has a plan of a newer revision of the campaign. */
export type PlanPushOutcome = 'pushed' | 'not-ours' | 'superseded';

/**
 * Pushes one plan summary in one transaction: the campaign's row first (ensureCampaignShared),
 * then the summary of that revision (a plan made again for the same revision replaces it), and
 * older revisions' summaries go: a re-plan replaces the old one. A plan older than the workspace's
 * newest is not written. Row-level security lets a login
 * write only its own account's summaries.
 */
export async function pushPlanSummary(client: pg.ClientBase, account: WorkspaceAccount, plan: UnpushedPlan): Promise<PlanPushOutcome> {
  await client.query('BEGIN');
  try {
    await ensureCampaignShared(client, account, {
      id: plan.campaignId,
      name: plan.campaignName,
      revision: plan.revision,
      budgetMinor: plan.budgetMinor,
      currency: plan.currency,
    });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    // Another account's campaign (row-level security hides it): this login may not plan it in the workspace.
    if (error instanceof Error && !(error as Partial<pg.DatabaseError>).code) return 'not-ours';
    throw error;
  }
  try {
    // A plan of an older revision (a desktop that was offline) never comes back over a newer one.
    const newer = await client.query('SELECT 1 FROM desk.plan_summaries WHERE campaign_id = $1 AND revision > $2 LIMIT 1', [plan.campaignId, plan.revision]);
    if ((newer.rowCount ?? 0) > 0) {
      await client.query('ROLLBACK');
      return 'superseded';
    }
    await client.query(
      `INSERT INTO desk.plan_summaries (campaign_id, revision, organisation_id, account_sid, recipients, left_out, estimate_minor, currency, waves, planned_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, to_timestamp($10 / 1000.0))
       ON CONFLICT (campaign_id, revision) DO UPDATE SET recipients = excluded.recipients, left_out = excluded.left_out,
         estimate_minor = excluded.estimate_minor, currency = excluded.currency, waves = excluded.waves, planned_at = excluded.planned_at,
         planned_by = session_user
         WHERE desk.plan_summaries.planned_at <= excluded.planned_at`,
      [
        plan.campaignId,
        plan.revision,
        account.organisationId,
        account.accountSid,
        plan.recipients,
        plan.leftOut,
        plan.estimateMinor,
        plan.currency,
        JSON.stringify(plan.waves),
        plan.plannedAtMs,
      ],
    );
    await client.query('DELETE FROM desk.plan_summaries WHERE campaign_id = $1 AND revision < $2', [plan.campaignId, plan.revision]);
    await client.query('COMMIT');
    return 'pushed';
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Plan summaries written since `watermark` that this login may read (a parent manager: every sub-account's). */
export async function pullPlanSummaries(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<PulledPlanSummary>> {
  const window = await readChangeWindow<pg.QueryResultRow>(client, 'plan_summaries', SUMMARY_COLUMNS, watermark);
  return {
    watermark: window.watermark,
    rows: window.rows.map((raw) => {
      const row = summaryRow.parse(raw);
      return {
        campaignId: row.campaign_id,
        revision: row.revision,
        accountSid: row.account_sid,
        recipients: row.recipients,
        leftOut: row.left_out,
        estimateMinor: Number(row.estimate_minor),
        currency: row.currency,
        waves: row.waves,
        plannedBy: row.planned_by,
        plannedByName: row.planned_by_name ?? row.planned_by,
        plannedAtMs: Number(row.planned_at_ms),
      };
    }),
  };
}

/** Shared campaigns' names and statuses written since `watermark`: launched and cancelled ones stop counting as planned. */
export async function pullCampaignStates(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<PulledCampaignState>> {
  const window = await readChangeWindow<pg.QueryResultRow>(client, 'campaigns', 'id::text AS id, account_sid, name, status, revision', watermark);
  return {
    watermark: window.watermark,
    rows: window.rows.map((raw) => {
      const row = campaignStateRow.parse(raw);
      return { campaignId: row.id, accountSid: row.account_sid, name: row.name, status: row.status, revision: row.revision };
    }),
  };
}

/**
 * One sync round's part for plan summaries: pushes the plans made on this desktop since the last
 * round, then pulls the summaries and campaign states this login may read into the local store.
 */
export async function syncPlanSummaries(
  client: pg.ClientBase,
  membership: WorkspaceMembership,
  repository: WorkspacePlanSummariesRepository,
  now: string,
): Promise<{ pushed: number; pulled: number }> {
  const { profileId } = membership;
  let pushed = 0;
  for (const plan of repository.unpushed(profileId)) {
    const outcome = await pushPlanSummary(client, { organisationId: membership.organisationId, accountSid: membership.accountSid }, plan);
    if (outcome === 'pushed') pushed += 1;
    repository.recordPushed(profileId, plan);
  }
  const states = await pullCampaignStates(client, repository.watermark(profileId, CAMPAIGN_STATES_CURSOR) ?? INITIAL_WATERMARK);
  repository.applyPulledCampaignStates(profileId, states.rows, states.watermark, now);
  const summaries = await pullPlanSummaries(client, repository.watermark(profileId, PLAN_SUMMARIES_CURSOR) ?? INITIAL_WATERMARK);
  repository.applyPulledSummaries(profileId, summaries.rows, summaries.watermark, now);
  return { pushed, pulled: summaries.rows.length + states.rows.length };
}
