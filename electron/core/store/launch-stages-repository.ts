import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { SqliteDatabase } from './database';

/** A launch whose requests are still being written (or were, when the process died). */
export interface LaunchStage {
  campaignId: string;
  profileId: string;
  accountSid: string;
  /** The launch's estimate, reserved whole from the moment it began. */
  estimateMinor: number;
  requestsTotal: number;
  requestsWritten: number;
  startedAtMs: number;
}

interface StageRow {
  campaign_id: string;
  profile_id: string;
  account_sid: string;
  estimate_minor: number;
  requests_total: number;
  requests_written: number;
  started_at_ms: number;
}

const toStage = (row: StageRow): LaunchStage => ({
  campaignId: row.campaign_id,
  profileId: row.profile_id,
  accountSid: row.account_sid,
  estimateMinor: row.estimate_minor,
  requestsTotal: row.requests_total,
  requestsWritten: row.requests_written,
  startedAtMs: row.started_at_ms,
});

/**
 * Staged launches (`launch_stages`): a launch reserves its money and marks its campaign as being
 * launched in one transaction, then writes its requests in short slices. Until the row is gone the
 * campaign is a draft the sender never sends, so undoing a stage (after a crash or a failure) only
 * deletes rows: nothing of it left the desktop. Every method is one statement; callers group them
 * in their transactions.
 */
export class LaunchStagesRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // The draft's revision moves on when its launch begins: an edit saved meanwhile (another window)
    // is refused as stale instead of changing a campaign whose requests are being written.
    // What the requests written so far do not reserve themselves yet (never below nothing).
    // Only a campaign still staged: a launched campaign's requests are never deleted here. The
    // requests' recipients and reservations go with them (ON DELETE CASCADE).
  }

  private get beginStatement() {
    return this.statements.statement(`
      INSERT INTO launch_stages (campaign_id, profile_id, account_sid, estimate_minor, requests_total, started_at_ms)
      VALUES (@campaignId, @profileId, @accountSid, @estimateMinor, @requestsTotal, @startedAtMs)`);
  }

  private get freezeDraftStatement() {
    return this.statements.statement(`
      UPDATE campaigns SET revision = revision + 1 WHERE id = @campaignId AND revision = @revision AND status = 'draft'`);
  }

  private get progressStatement() {
    return this.statements.statement(`
      UPDATE launch_stages SET requests_written = requests_written + @requests, written_minor = written_minor + @minor WHERE campaign_id = @campaignId`);
  }

  private get byCampaignStatement() {
    return this.statements.statement<{ campaignId: string }, StageRow>('SELECT * FROM launch_stages WHERE campaign_id = @campaignId');
  }

  private get allStatement() {
    return this.statements.statement<[], StageRow>('SELECT * FROM launch_stages ORDER BY started_at_ms');
  }

  private get reservedStatement() {
    return this.statements.statement<{ accountSid: string }, { reserved: number | null }>(`
      SELECT SUM(MAX(estimate_minor - written_minor, 0)) AS reserved FROM launch_stages WHERE account_sid = @accountSid`);
  }

  private get endStatement() {
    return this.statements.statement('DELETE FROM launch_stages WHERE campaign_id = @campaignId');
  }

  private get deleteRequestsStatement() {
    return this.statements.statement(`
      DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE campaign_id = @campaignId ORDER BY id LIMIT @limit)
        AND EXISTS (SELECT 1 FROM launch_stages WHERE campaign_id = @campaignId)`);
  }

  private get deleteLeftOutStatement() {
    return this.statements.statement(`
      DELETE FROM campaign_left_out WHERE campaign_id = @campaignId
        AND row_number IN (SELECT row_number FROM campaign_left_out WHERE campaign_id = @campaignId ORDER BY row_number LIMIT @limit)
        AND EXISTS (SELECT 1 FROM launch_stages WHERE campaign_id = @campaignId)`);
  }

  private get deleteWavesStatement() {
    return this.statements.statement(`
      DELETE FROM campaign_waves WHERE campaign_id = @campaignId AND EXISTS (SELECT 1 FROM launch_stages WHERE campaign_id = @campaignId)`);
  }

  /** Begins a stage for a draft still at `revision`; false if the draft changed meanwhile. Call inside the reserving transaction. */
  begin(stage: Omit<LaunchStage, 'requestsWritten'>, revision: number): boolean {
    if (this.freezeDraftStatement.run({ campaignId: stage.campaignId, revision }).changes === 0) return false;
    this.beginStatement.run(stage);
    return true;
  }

  /** `requests` more requests, reserving `minor` between them, were written with their recipients. */
  recordWritten(campaignId: string, requests: number, minor: number): void {
    this.progressStatement.run({ campaignId, requests, minor });
  }

  get(campaignId: string): LaunchStage | undefined {
    const row = this.byCampaignStatement.get({ campaignId });
    return row && toStage(row);
  }

  all(): LaunchStage[] {
    return this.allStatement.all().map(toStage);
  }

  /** Money staged launches of the account hold beyond the reservations of the requests they wrote. */
  reservedFor(accountSid: string): number {
    return this.reservedStatement.get({ accountSid })?.reserved ?? 0;
  }

  /** The stage is over (launched, or undone); false if there was none. */
  end(campaignId: string): boolean {
    return this.endStatement.run({ campaignId }).changes > 0;
  }

  /** Deletes up to `limit` of a staged campaign's requests (with their recipients and reservations); 0 once none are left. */
  deleteRequests(campaignId: string, limit: number): number {
    return this.deleteRequestsStatement.run({ campaignId, limit }).changes;
  }

  /** Deletes up to `limit` of a staged campaign's left-out rows; 0 once none are left. */
  deleteLeftOut(campaignId: string, limit: number): number {
    return this.deleteLeftOutStatement.run({ campaignId, limit }).changes;
  }

  deleteWaves(campaignId: string): void {
    this.deleteWavesStatement.run({ campaignId });
  }
}
