import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { SqliteDatabase } from './database';
import { WorkspaceCursors } from './workspace-cursors';

/** One wave of a plan as the workspace keeps it: where and when (the recipients' local time), how many, what it costs. */
export interface PlanSummaryWave {
  zone: string;
  localDate: string;
  localTime: string;
  recipients: number;
  costMinor: number;
}

/** What a plan summary says about one revision of a campaign. */
export interface PlanSummaryFigures {
  recipients: number;
  leftOut: number;
  estimateMinor: number;
  currency: string;
  waves: PlanSummaryWave[];
}

/** A plan made on this desktop, waiting for the next workspace sync to push it. */
export interface UnpushedPlan extends PlanSummaryFigures {
  campaignId: string;
  revision: number;
  campaignName: string;
  budgetMinor: number | null;
  plannedAtMs: number;
}

/** A plan summary as pulled from the workspace (any desktop's, this login may read). */
export interface PulledPlanSummary extends PlanSummaryFigures {
  campaignId: string;
  revision: number;
  accountSid: string;
  /** The login role that planned it, and that person's name. */
  plannedBy: string;
  plannedByName: string;
  plannedAtMs: number;
}

/** A shared campaign's name and status, as last pulled. */
export interface PulledCampaignState {
  campaignId: string;
  accountSid: string;
  name: string;
  status: string;
  revision: number;
}

/** A plan summary that still counts as planned spend (its campaign is a draft everywhere this desktop knows); its waves are not read. */
export interface WorkspacePlannedCampaign extends Omit<PulledPlanSummary, 'waves'> {
  name: string | null;
}

/** The cursors of the two pulls (kept beside the other workspace tables' in `workspace_cursors`). */
export const PLAN_SUMMARIES_CURSOR = 'plan_summaries';
export const CAMPAIGN_STATES_CURSOR = 'plan_campaign_states';

interface UnpushedRow {
  campaign_id: string;
  revision: number;
  campaign_name: string;
  budget_minor: number | null;
  recipients: number;
  left_out: number;
  estimate_minor: number;
  currency: string;
  waves_json: string;
  planned_at_ms: number;
}

interface PlannedRow {
  campaign_id: string;
  revision: number;
  account_sid: string;
  recipients: number;
  left_out: number;
  estimate_minor: number;
  currency: string;
  planned_by: string;
  planned_by_name: string;
  planned_at_ms: number;
  name: string | null;
}

const wavesOf = (json: string): PlanSummaryWave[] => JSON.parse(json) as PlanSummaryWave[];

/**
 * This desktop's side of the shared plan summaries: the plans waiting to be pushed, the summaries
 * pulled (newest revision per campaign) and the shared campaigns' states, and the planned spend
 * the parent's Spend view reads from them. Pulled rows and their cursor move in one transaction.
 */
export class WorkspacePlanSummariesRepository {
  private readonly statements: StatementCache;
  private readonly cursors: WorkspaceCursors;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
    this.cursors = new WorkspaceCursors(db);
  }

  private get queueStatement() {
    return this.statements.statement(`
      INSERT INTO workspace_plans_unpushed (profile_id, campaign_id, revision, campaign_name, budget_minor, recipients, left_out, estimate_minor,
        currency, waves_json, planned_at_ms)
      VALUES (@profileId, @campaignId, @revision, @campaignName, @budgetMinor, @recipients, @leftOut, @estimateMinor, @currency, @wavesJson, @plannedAtMs)
      ON CONFLICT (profile_id, campaign_id) DO UPDATE SET revision = excluded.revision, campaign_name = excluded.campaign_name,
        budget_minor = excluded.budget_minor, recipients = excluded.recipients, left_out = excluded.left_out, estimate_minor = excluded.estimate_minor,
        currency = excluded.currency, waves_json = excluded.waves_json, planned_at_ms = excluded.planned_at_ms`);
  }

  private get unpushedStatement() {
    return this.statements.statement<{ profileId: string }, UnpushedRow>(
      'SELECT * FROM workspace_plans_unpushed WHERE profile_id = @profileId ORDER BY planned_at_ms, campaign_id',
    );
  }

  private get pushedStatement() {
    // A plan made again while the push was on its way stays queued.
    return this.statements.statement(
      'DELETE FROM workspace_plans_unpushed WHERE profile_id = @profileId AND campaign_id = @campaignId AND revision = @revision AND planned_at_ms = @plannedAtMs',
    );
  }

  private get upsertSummary() {
    return this.statements.statement(`
      INSERT INTO workspace_plan_summaries (profile_id, campaign_id, revision, account_sid, recipients, left_out, estimate_minor, currency, waves_json,
        planned_by, planned_by_name, planned_at_ms)
      VALUES (@profileId, @campaignId, @revision, @accountSid, @recipients, @leftOut, @estimateMinor, @currency, @wavesJson,
        @plannedBy, @plannedByName, @plannedAtMs)
      ON CONFLICT (profile_id, campaign_id) DO UPDATE SET revision = excluded.revision, account_sid = excluded.account_sid,
        recipients = excluded.recipients, left_out = excluded.left_out, estimate_minor = excluded.estimate_minor, currency = excluded.currency,
        waves_json = excluded.waves_json, planned_by = excluded.planned_by, planned_by_name = excluded.planned_by_name, planned_at_ms = excluded.planned_at_ms
      WHERE excluded.revision >= workspace_plan_summaries.revision`);
  }

  private get upsertState() {
    return this.statements.statement(`
      INSERT INTO workspace_campaign_states (profile_id, campaign_id, account_sid, name, status, revision)
      VALUES (@profileId, @campaignId, @accountSid, @name, @status, @revision)
      ON CONFLICT (profile_id, campaign_id) DO UPDATE SET account_sid = excluded.account_sid, name = excluded.name, status = excluded.status,
        revision = excluded.revision`);
  }

  // A campaign counts as planned while it is a draft: in the workspace (when its state was pulled)
  // and on this desktop (a campaign launched or cancelled here may not have been pushed yet).
  private get plannedStatement() {
    return this.statements.statement<{ profileId: string; sid: string | null }, PlannedRow>(`
      SELECT s.campaign_id, s.revision, s.account_sid, s.recipients, s.left_out, s.estimate_minor, s.currency, s.planned_by, s.planned_by_name,
             s.planned_at_ms, c.name
        FROM workspace_plan_summaries s
        LEFT JOIN workspace_campaign_states c ON c.profile_id = s.profile_id AND c.campaign_id = s.campaign_id
       WHERE s.profile_id = @profileId AND (@sid IS NULL OR s.account_sid = @sid) AND coalesce(c.status, 'draft') = 'draft'
         AND NOT EXISTS (SELECT 1 FROM campaigns l WHERE l.id = s.campaign_id AND l.status <> 'draft')`);
  }

  watermark(profileId: string, table: typeof PLAN_SUMMARIES_CURSOR | typeof CAMPAIGN_STATES_CURSOR): string | undefined {
    return this.cursors.watermark(profileId, table);
  }

  /** Keeps the plan a person just saw, replacing an earlier unpushed plan of the same campaign. */
  queue(profileId: string, plan: UnpushedPlan): void {
    const { waves, ...rest } = plan;
    this.queueStatement.run({ profileId, ...rest, wavesJson: JSON.stringify(waves) });
  }

  unpushed(profileId: string): UnpushedPlan[] {
    return this.unpushedStatement.all({ profileId }).map((row) => ({
      campaignId: row.campaign_id,
      revision: row.revision,
      campaignName: row.campaign_name,
      budgetMinor: row.budget_minor,
      recipients: row.recipients,
      leftOut: row.left_out,
      estimateMinor: row.estimate_minor,
      currency: row.currency,
      waves: wavesOf(row.waves_json),
      plannedAtMs: row.planned_at_ms,
    }));
  }

  /** The workspace has this plan (or refused it for good): it leaves the queue unless a newer one replaced it meanwhile. */
  recordPushed(profileId: string, plan: Pick<UnpushedPlan, 'campaignId' | 'revision' | 'plannedAtMs'>): void {
    this.pushedStatement.run({ profileId, campaignId: plan.campaignId, revision: plan.revision, plannedAtMs: plan.plannedAtMs });
  }

  /** One pulled window of plan summaries and its cursor, in one transaction; an older revision never replaces a newer one. */
  applyPulledSummaries(profileId: string, rows: readonly PulledPlanSummary[], watermark: string, now: string): void {
    this.db
      .transaction(() => {
        for (const { waves, ...row } of rows) this.upsertSummary.run({ profileId, ...row, wavesJson: JSON.stringify(waves) });
        this.cursors.save(profileId, PLAN_SUMMARIES_CURSOR, watermark, now);
      })
      .immediate();
  }

  /** One pulled window of campaign states and its cursor, in one transaction. */
  applyPulledCampaignStates(profileId: string, rows: readonly PulledCampaignState[], watermark: string, now: string): void {
    this.db
      .transaction(() => {
        for (const row of rows) this.upsertState.run({ profileId, ...row });
        this.cursors.save(profileId, CAMPAIGN_STATES_CURSOR, watermark, now);
      })
      .immediate();
  }

  /** The pulled plans that still count as planned spend (of one account, or all), in no particular order. */
  planned(profileId: string, sid: string | null = null): WorkspacePlannedCampaign[] {
    return this.plannedStatement.all({ profileId, sid }).map((row) => ({
      campaignId: row.campaign_id,
      revision: row.revision,
      accountSid: row.account_sid,
      recipients: row.recipients,
      leftOut: row.left_out,
      estimateMinor: row.estimate_minor,
      currency: row.currency,
      plannedBy: row.planned_by,
      plannedByName: row.planned_by_name,
      plannedAtMs: row.planned_at_ms,
      name: row.name,
    }));
  }
}
