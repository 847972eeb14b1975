import type { LeftOutReason } from '../../../shared/left-out';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

export interface LeftOutRecord {
  rowNumber: number;
  phone: string | null;
  reason: LeftOutReason;
}

/** The recipients a launch left out, with why: written in the launch's transaction, read by the monitor and the results CSV. */
export class LeftOutRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get insertStatement() {
    return this.statements.statement(
      'INSERT OR REPLACE INTO campaign_left_out (campaign_id, row_number, phone_e164, reason) VALUES (@campaignId, @rowNumber, @phone, @reason)',
    );
  }

  private get countsStatement() {
    return this.statements.statement<{ campaignId: string }, { reason: LeftOutReason; n: number }>(
      'SELECT reason, COUNT(*) AS n FROM campaign_left_out WHERE campaign_id = @campaignId GROUP BY reason',
    );
  }

  private get byCampaignStatement() {
    return this.statements.statement<{ campaignId: string }, { rowNumber: number; phone: string | null; reason: LeftOutReason }>(
      'SELECT row_number AS rowNumber, phone_e164 AS phone, reason FROM campaign_left_out WHERE campaign_id = @campaignId ORDER BY row_number',
    );
  }

  /** Call inside the launch's transaction. */
  insert(campaignId: string, rows: ReadonlyArray<{ rowNumber: number; phone: string; reason: LeftOutReason }>): void {
    for (const row of rows) this.insertStatement.run({ campaignId, ...row });
  }

  counts(campaignId: string): Partial<Record<LeftOutReason, number>> {
    return Object.fromEntries(this.countsStatement.all({ campaignId }).map((row) => [row.reason, row.n]));
  }

  rows(campaignId: string): LeftOutRecord[] {
    return this.byCampaignStatement.all({ campaignId });
  }
}
