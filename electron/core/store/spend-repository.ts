import { OutboxStateGroup } from '../../../shared/outbox-state';
import type { SqliteDatabase } from './database';
import { sqlList } from './sql-values';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export interface DraftOfAccount {
  id: string;
  profileId: string;
  accountSid: string;
  budgetMinor: number | null;
}

export interface CampaignFacts {
  id: string;
  name: string;
  status: string;
  budgetMinor: number | null;
  /** The launch's estimate of all its waves; null for drafts (no waves yet). */
  estimatedMinor: number | null;
}

export interface WaveFacts {
  waveNo: number;
  zone: string;
  /** When the wave is due (epoch ms). */
  sendAtMs: number;
  recipients: number;
  estimatedCostMinor: number;
}

/**
 * Read-only queries the spend dashboard needs from the campaign tables (owned by the launch
 * feature): drafts per account, money reserved for requests not yet sent, campaign names and waves.
 */
export class SpendRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get draftsStatement() {
    return this.statements.statement<{ sidsJson: string }, { id: string; profile_id: string; sid: string; budget_minor: number | null }>(`
      SELECT c.id, c.profile_id, p.sid, c.budget_minor
      FROM campaigns c JOIN profiles p ON p.id = c.profile_id
      WHERE c.status = 'draft' AND p.sid IN (SELECT value FROM json_each(@sidsJson))
        -- A team workspace brings other accounts' drafts (a parent manager's read-only view) and
        -- teammates' launches: neither is this profile's planned spend.
        AND NOT EXISTS (SELECT 1 FROM workspace_campaigns w WHERE w.profile_id = c.profile_id AND w.campaign_id = c.id
                          AND (w.account_sid <> p.sid OR w.status <> 'draft'))
      ORDER BY c.updated_at_ms`);
  }

  // Only requests not yet handed to the API: once accepted, the API's own charge (or its
  // "scheduled" state) is what counts, and counting the reservation too would count it twice.
  private get reservedStatement() {
    return this.statements.statement<{ sidsJson: string }, { account_sid: string; reserved: number }>(`
      SELECT r.account_sid, SUM(r.amount_minor) AS reserved
      FROM reservations r JOIN outbox o ON o.id = r.outbox_id
      WHERE r.released_at_ms IS NULL AND o.state IN (${sqlList(OutboxStateGroup.notSent)})
        AND r.account_sid IN (SELECT value FROM json_each(@sidsJson))
      GROUP BY r.account_sid`);
  }

  private get campaignsStatement() {
    return this.statements.statement<{ idsJson: string }, { id: string; name: string; status: string; budget_minor: number | null; estimated: number | null }>(`
      SELECT c.id, c.name, c.status, c.budget_minor,
             (SELECT SUM(w.estimated_cost_minor) FROM campaign_waves w WHERE w.campaign_id = c.id) AS estimated
      FROM campaigns c WHERE c.id IN (SELECT value FROM json_each(@idsJson))`);
  }

  private get wavesStatement() {
    return this.statements.statement<
      { campaignId: string },
      { wave_no: number; zone: string; send_at_ms: number; recipients: number; estimated_cost_minor: number }
    >(`
      SELECT wave_no, zone, send_at_ms, recipients, estimated_cost_minor FROM campaign_waves WHERE campaign_id = @campaignId ORDER BY wave_no`);
  }

  /** Drafts on this desktop whose profile sends under one of these SIDs. */
  draftsOf(sids: readonly string[]): DraftOfAccount[] {
    return this.draftsStatement.all({ sidsJson: JSON.stringify(sids) }).map((row) => ({
      id: row.id,
      profileId: row.profile_id,
      accountSid: row.sid,
      budgetMinor: row.budget_minor,
    }));
  }

  reservedBy(sids: readonly string[]): Map<string, number> {
    return new Map(this.reservedStatement.all({ sidsJson: JSON.stringify(sids) }).map((row) => [row.account_sid, row.reserved]));
  }

  campaigns(ids: readonly string[]): Map<string, CampaignFacts> {
    const rows = this.campaignsStatement.all({ idsJson: JSON.stringify(ids) });
    return new Map(
      rows.map((row) => [row.id, { id: row.id, name: row.name, status: row.status, budgetMinor: row.budget_minor, estimatedMinor: row.estimated }]),
    );
  }

  wavesOf(campaignId: string): WaveFacts[] {
    return this.wavesStatement.all({ campaignId }).map((row) => ({
      waveNo: row.wave_no,
      zone: row.zone,
      sendAtMs: row.send_at_ms,
      recipients: row.recipients,
      estimatedCostMinor: row.estimated_cost_minor,
    }));
  }
}
