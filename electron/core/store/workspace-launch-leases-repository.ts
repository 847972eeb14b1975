import type { LaunchEnding } from '../../../shared/launch-endings';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { SqliteDatabase } from './database';

/** A workspace launch lease this desktop holds, or whose ending the workspace has not been told yet. */
export interface HeldLaunchLease {
  campaignId: string;
  profileId: string;
  takenAtMs: number;
  renewedAtMs: number;
  /** Set once the launch ended here; the row goes when the workspace knows. */
  ending: LaunchEnding | null;
}

interface LeaseRow {
  campaign_id: string;
  profile_id: string;
  taken_at_ms: number;
  renewed_at_ms: number;
  ending: LaunchEnding | null;
}

const toLease = (row: LeaseRow): HeldLaunchLease => ({
  campaignId: row.campaign_id,
  profileId: row.profile_id,
  takenAtMs: row.taken_at_ms,
  renewedAtMs: row.renewed_at_ms,
  ending: row.ending,
});

/** The launch leases this desktop holds in team workspaces (workspace_launch_leases). */
export class WorkspaceLaunchLeasesRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get takenStatement() {
    return this.statements.statement(
      `INSERT INTO workspace_launch_leases (campaign_id, profile_id, taken_at_ms, renewed_at_ms, ending)
       VALUES (@campaignId, @profileId, @nowMs, @nowMs, NULL)
       ON CONFLICT (campaign_id) DO UPDATE SET profile_id = excluded.profile_id, taken_at_ms = excluded.taken_at_ms,
         renewed_at_ms = excluded.renewed_at_ms, ending = NULL`,
    );
  }

  private get renewedStatement() {
    return this.statements.statement('UPDATE workspace_launch_leases SET renewed_at_ms = @nowMs WHERE campaign_id = @campaignId');
  }

  private get endedStatement() {
    return this.statements.statement('UPDATE workspace_launch_leases SET ending = @ending WHERE campaign_id = @campaignId');
  }

  private get forgetStatement() {
    return this.statements.statement('DELETE FROM workspace_launch_leases WHERE campaign_id = @campaignId');
  }

  private get allStatement() {
    return this.statements.statement<Record<string, never>, LeaseRow>('SELECT * FROM workspace_launch_leases ORDER BY profile_id, taken_at_ms');
  }

  taken(lease: { campaignId: string; profileId: string }, nowMs: number): void {
    this.takenStatement.run({ ...lease, nowMs });
  }

  renewed(campaignId: string, nowMs: number): void {
    this.renewedStatement.run({ campaignId, nowMs });
  }

  ended(campaignId: string, ending: LaunchEnding): void {
    this.endedStatement.run({ campaignId, ending });
  }

  /** The workspace knows how the launch ended: nothing is left to tell it. */
  forget(campaignId: string): void {
    this.forgetStatement.run({ campaignId });
  }

  all(): HeldLaunchLease[] {
    return this.allStatement.all({}).map(toLease);
  }
}
