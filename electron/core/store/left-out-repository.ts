import type { LeftOutReason } from '../../../shared/left-out';
import type { SqliteDatabase } from './database';

export interface LeftOutRow {
  rowNumber: number;
  phone: string | null;
  reason: LeftOutReason;
}

/** The recipients a launch left out, with why: written in the launch's transaction, read by the monitor and the results CSV. */
export class LeftOutRepository {
  private readonly insertStatement;
  private readonly countsStatement;
  private readonly byCampaignStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare(
      'INSERT OR REPLACE INTO campaign_left_out (campaign_id, row_number, phone_e164, reason) VALUES (@campaignId, @rowNumber, @phone, @reason)',
    );
    this.countsStatement = db.prepare<{ campaignId: string }, { reason: LeftOutReason; n: number }>(
      'SELECT reason, COUNT(*) AS n FROM campaign_left_out WHERE campaign_id = @campaignId GROUP BY reason',
    );
    this.byCampaignStatement = db.prepare<{ campaignId: string }, { rowNumber: number; phone: string | null; reason: LeftOutReason }>(
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

  rows(campaignId: string): LeftOutRow[] {
    return this.byCampaignStatement.all({ campaignId });
  }
}
