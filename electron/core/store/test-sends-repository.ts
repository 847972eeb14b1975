import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export interface TestSendRecord {
  id: number;
  campaignId: string;
  profileId: string;
  phoneE164: string;
  language: string;
  body: string;
  units: number;
  reference: string;
  messageId: string | null;
  sentAt: string;
}

interface TestSendRow {
  id: number;
  campaign_id: string;
  profile_id: string;
  phone_e164: string;
  language: string;
  body: string;
  units: number;
  reference: string;
  message_id: string | null;
  sent_at_ms: number;
}

const toRecord = (row: TestSendRow): TestSendRecord => ({
  id: row.id,
  campaignId: row.campaign_id,
  profileId: row.profile_id,
  phoneE164: row.phone_e164,
  language: row.language,
  body: row.body,
  units: row.units,
  reference: row.reference,
  messageId: row.message_id,
  sentAt: isoAt(row.sent_at_ms),
});

/**
 * Test messages sent to a chosen number before launch (migration 7). A row is written before the
 * message leaves, so the hourly limit counts a send in progress; it is removed if the API refused.
 */
export class TestSendsRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get countSinceStatement() {
    return this.statements.statement<{ campaignId: string; sinceMs: number }, { n: number }>(
      'SELECT COUNT(*) AS n FROM campaign_test_sends WHERE campaign_id = @campaignId AND sent_at_ms > @sinceMs',
    );
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO campaign_test_sends (campaign_id, profile_id, phone_e164, language, body, units, reference, message_id, sent_at_ms)
      VALUES (@campaignId, @profileId, @phoneE164, @language, @body, @units, @reference, NULL, @sentAtMs)`);
  }

  private get acceptStatement() {
    return this.statements.statement('UPDATE campaign_test_sends SET message_id = @messageId, units = @units WHERE id = @id');
  }

  private get forgetStatement() {
    return this.statements.statement('DELETE FROM campaign_test_sends WHERE id = @id');
  }

  private get listStatement() {
    return this.statements.statement<{ campaignId: string; profileId: string }, TestSendRow>(
      'SELECT * FROM campaign_test_sends WHERE campaign_id = @campaignId AND profile_id = @profileId ORDER BY sent_at_ms DESC, id DESC',
    );
  }

  /**
   * Records a test send about to leave, unless the campaign already made `limit` since `since`:
   * the check and the write are one transaction, so two quick clicks cannot both pass it.
   */
  reserve(send: Omit<TestSendRecord, 'id' | 'messageId'>, since: string, limit: number): number | null {
    return this.db
      .transaction((): number | null => {
        const made = this.countSinceStatement.get({ campaignId: send.campaignId, sinceMs: msOfIso(since) })?.n ?? 0;
        if (made >= limit) return null;
        return Number(this.insertStatement.run({ ...send, sentAtMs: msOfIso(send.sentAt) }).lastInsertRowid);
      })
      .immediate();
  }

  accept(id: number, messageId: string, units: number): void {
    this.acceptStatement.run({ id, messageId, units });
  }

  /** The API refused or could not be reached: nothing was sent, so nothing is kept or counted. */
  forget(id: number): void {
    this.forgetStatement.run({ id });
  }

  list(profileId: string, campaignId: string): TestSendRecord[] {
    return this.listStatement.all({ campaignId, profileId }).map(toRecord);
  }
}
