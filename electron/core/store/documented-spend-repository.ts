import { sqlList } from './sql-values';
import { KALEYRA_MESSAGE_STATUSES } from '../../../shared/message-status';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import type { MessageStatus } from '../../../shared/message-status';
import type { SqliteDatabase } from './database';

export interface LaunchUnitPrice {
  readonly country: string;
  readonly currency: string;
  /** Exact decimal in major units. */
  readonly unitPrice: string;
  /** Typed by the user (the API had no price for it). */
  readonly entered: boolean;
}

export interface LaunchedCampaign {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly budgetMinor: number | null;
  readonly accountSid: string;
  readonly estimatedMinor: number | null;
}

/** One message of a campaign with what prices it: its request's body, its recipient, its outcome. */
export interface PricedMessage {
  readonly outboxId: number;
  readonly body: string;
  readonly recipient: string;
  readonly status: MessageStatus;
  /** The status's trace (CANCELLED for a scheduled message cancelled at the API). */
  readonly details: string | null;
  readonly waveNo: number;
}

/**
 * What spend computed from the documented status API needs: the prices a launch was checked with,
 * and each message's request body (its units), recipient (its destination) and outcome.
 */
export class DocumentedSpendRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
    // The counters move with every status written: equal counters, equal computed spend.
  }

  private get launchedStatement() {
    return this.statements.statement<
      { sidsJson: string; fromMs: number; toMs: number },
      LaunchedCampaign & { budget_minor: number | null; account_sid: string }
    >(`
      SELECT c.id, c.name, c.status, c.budget_minor, c.account_sid,
        (SELECT SUM(w.estimated_cost_minor) FROM campaign_waves w WHERE w.campaign_id = c.id) AS estimatedMinor
      FROM campaigns c
      WHERE c.status <> 'draft' AND c.account_sid IN (SELECT value FROM json_each(@sidsJson))
        AND c.launched_at_ms >= @fromMs AND c.launched_at_ms < @toMs
      ORDER BY c.launched_at_ms`);
  }

  private get insertPriceStatement() {
    return this.statements.statement(`
      INSERT INTO campaign_unit_prices (campaign_id, country, currency, unit_price, entered) VALUES (@campaignId, @country, @currency, @unitPrice, @entered)
      ON CONFLICT (campaign_id, country) DO UPDATE SET currency = excluded.currency, unit_price = excluded.unit_price, entered = excluded.entered`);
  }

  private get pricesStatement() {
    return this.statements.statement<{ campaignId: string }, { country: string; currency: string; unit_price: string; entered: number }>(
      'SELECT country, currency, unit_price, entered FROM campaign_unit_prices WHERE campaign_id = @campaignId ORDER BY country',
    );
  }

  private get messagesStatement() {
    return this.statements.statement<
      { campaignId: string },
      { outbox_id: number; body: string; recipient: string; status: MessageStatus; details: string | null; wave_no: number }
    >(`
      SELECT m.outbox_id, o.body, m.recipient, m.status, m.status_details AS details, m.wave_no
      FROM campaign_messages m JOIN outbox o ON o.id = m.outbox_id
      WHERE m.campaign_id = @campaignId AND m.status IN (${sqlList(KALEYRA_MESSAGE_STATUSES)})`);
  }

  private get fingerprintStatement() {
    return this.statements.statement<{ campaignId: string }, { fingerprint: string | null }>(`
      SELECT group_concat(wave_no || ':' || status || ':' || reason || ':' || messages, ',') AS fingerprint
      FROM (SELECT wave_no, status, reason, messages FROM campaign_message_counts WHERE campaign_id = @campaignId ORDER BY wave_no, status, reason)`);
  }

  /** Campaigns this desktop launched (under any of its profiles) for these accounts within [from, to). */
  launchedCampaigns(sids: readonly string[], from: string, to: string): LaunchedCampaign[] {
    return this.launchedStatement.all({ sidsJson: JSON.stringify(sids), fromMs: Date.parse(from), toMs: Date.parse(to) }).map((row) => ({
      id: row.id,
      name: row.name,
      status: row.status,
      budgetMinor: row.budget_minor,
      accountSid: row.account_sid,
      estimatedMinor: row.estimatedMinor,
    }));
  }

  /** Written in the launch's transaction. */
  recordLaunchPrices(campaignId: string, prices: readonly LaunchUnitPrice[]): void {
    for (const price of prices) {
      this.insertPriceStatement.run({
        campaignId,
        country: price.country,
        currency: price.currency,
        unitPrice: price.unitPrice,
        entered: price.entered ? 1 : 0,
      });
    }
  }

  launchPrices(campaignId: string): LaunchUnitPrice[] {
    return this.pricesStatement
      .all({ campaignId })
      .map((row) => ({ country: row.country, currency: row.currency, unitPrice: row.unit_price, entered: row.entered === 1 }));
  }

  /** Every message the API reported an outcome for. */
  *reportedMessages(campaignId: string): Generator<PricedMessage> {
    for (const row of this.messagesStatement.iterate({ campaignId })) {
      yield { outboxId: row.outbox_id, body: row.body, recipient: row.recipient, status: row.status, details: row.details, waveNo: row.wave_no };
    }
  }

  /** Changes whenever a message of the campaign changes status. */
  statusFingerprint(campaignId: string): string {
    return this.fingerprintStatement.get({ campaignId })?.fingerprint ?? '';
  }
}
