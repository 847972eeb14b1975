import type { SmsStatus } from '../../../shared/kaleyra/sms';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { MessageStatusGroup } from '../../../shared/message-status';
import { sqlList } from './sql-values';

/** One message as a log line reports it, ready to be folded into the store. */
export interface SpendMessageLine {
  messageId: string;
  country: string | null;
  /** When the API accepted (and, if chargeable, charged) it: its first log line. */
  acceptedAtMs: number;
  status: SmsStatus;
  /** What the API charged when it accepted the message (a later refund does not change it). */
  chargedMinor: number;
  units: number;
  /** From our `ref_custom` reference; null for sends made outside Campaign Desk. */
  campaignId: string | null;
  waveNo: number | null;
}

/** Messages of one group that stand at one status, with what they were charged. */
export interface StatusGroup {
  status: SmsStatus;
  messages: number;
  chargedMinor: number;
  units: number;
}

export interface LogCursor {
  accountSid: string;
  cursor: string | null;
  /** When the account's log was last read (epoch ms). */
  readAtMs: number | null;
  problem: string | null;
}

export interface PeriodQuery {
  profileId: string;
  fromMs: number;
  toMs: number;
}

/** Charges kept (Sent, Delivered, Failed) per account and quarter hour: days are cut from these in the viewer's zone. */
export const DAY_BUCKET_MS = 15 * 60 * 1000;

/**
 * The spend dashboard's local copy of the API's message logs [ours]: one row per message and one
 * cursor per account, written together page by page, so a pull resumes where it stopped and a
 * dashboard reads figures without asking the API.
 */
/** Messages, charges and units per `key` and status in a period (of an account, with `where`). */
const groups = (key: string, where = '') => `
      SELECT ${key}, status, COUNT(*) AS messages, SUM(charged_minor) AS charged_minor, SUM(units) AS units
      FROM spend_messages
      WHERE profile_id = @profileId AND accepted_at_ms >= @fromMs AND accepted_at_ms < @toMs ${where}
      GROUP BY ${key}, status`;

export class SpendLogRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  // The log repeats a message's charge on every line: keep the largest seen; the latest line says where it stands.
  private get upsertStatement() {
    return this.statements.statement(`
      INSERT INTO spend_messages (profile_id, account_sid, message_id, country, accepted_at_ms, status, charged_minor, units, campaign_id, wave_no)
      VALUES (@profileId, @accountSid, @messageId, @country, @acceptedAtMs, @status, @chargedMinor, @units, @campaignId, @waveNo)
      ON CONFLICT (profile_id, message_id) DO UPDATE SET
        status = excluded.status,
        units = CASE WHEN excluded.charged_minor > spend_messages.charged_minor THEN excluded.units ELSE spend_messages.units END,
        charged_minor = MAX(spend_messages.charged_minor, excluded.charged_minor)`);
  }

  private get cursorStatement() {
    return this.statements.statement(`
      INSERT INTO spend_log_cursors (profile_id, account_sid, cursor, read_at_ms, problem)
      VALUES (@profileId, @accountSid, @cursor, @readAtMs, NULL)
      ON CONFLICT (profile_id, account_sid) DO UPDATE SET cursor = excluded.cursor, read_at_ms = excluded.read_at_ms, problem = NULL`);
  }

  private get problemStatement() {
    return this.statements.statement(`
      INSERT INTO spend_log_cursors (profile_id, account_sid, cursor, read_at_ms, problem)
      VALUES (@profileId, @accountSid, NULL, NULL, @problem)
      ON CONFLICT (profile_id, account_sid) DO UPDATE SET problem = excluded.problem`);
  }

  private get cursorsStatement() {
    return this.statements.statement<{ profileId: string }, { account_sid: string; cursor: string | null; read_at_ms: number | null; problem: string | null }>(
      'SELECT account_sid, cursor, read_at_ms, problem FROM spend_log_cursors WHERE profile_id = @profileId',
    );
  }

  private get problemsStatement() {
    return this.statements.statement<{ profileId: string }, { account_sid: string; problem: string }>(
      'SELECT account_sid, problem FROM spend_log_cursors WHERE profile_id = @profileId AND problem IS NOT NULL',
    );
  }

  private get byAccountStatement() {
    return this.statements.statement<PeriodQuery, GroupRow & { account_sid: string }>(groups('account_sid'));
  }

  private get byCountryStatement() {
    return this.statements.statement<PeriodQuery, GroupRow & { country: string | null }>(groups('country'));
  }

  private get byCampaignStatement() {
    return this.statements.statement<PeriodQuery, GroupRow & { account_sid: string; campaign_id: string | null }>(groups('account_sid, campaign_id'));
  }

  private get byCampaignOfAccountStatement() {
    return this.statements.statement<PeriodQuery & { sid: string }, GroupRow & { account_sid: string; campaign_id: string | null }>(
      groups('account_sid, campaign_id', 'AND account_sid = @sid'),
    );
  }

  private get byWaveStatement() {
    return this.statements.statement<PeriodQuery & { sid: string; campaignId: string | null }, GroupRow & { wave_no: number | null }>(
      groups('wave_no', 'AND account_sid = @sid AND campaign_id IS @campaignId'),
    );
  }

  private get dayBucketsStatement() {
    return this.statements.statement<PeriodQuery, { account_sid: string; bucket: number; charged_minor: number; units: number }>(`
      SELECT account_sid, accepted_at_ms / ${DAY_BUCKET_MS} AS bucket, SUM(charged_minor) AS charged_minor, SUM(units) AS units
      FROM spend_messages
      WHERE profile_id = @profileId AND accepted_at_ms >= @fromMs AND accepted_at_ms < @toMs
        AND status IN (${sqlList(MessageStatusGroup.chargeKept)}) AND charged_minor > 0
      GROUP BY account_sid, bucket`);
  }

  private get messagesOfStatement() {
    return this.statements.statement<{ profileId: string; sid: string }, { n: number }>(
      'SELECT COUNT(*) AS n FROM spend_messages WHERE profile_id = @profileId AND account_sid = @sid',
    );
  }

  /** Folds one page of an account's log and moves its cursor, in one transaction: a crash resumes at the last page. */
  applyPage(profileId: string, accountSid: string, lines: readonly SpendMessageLine[], cursor: string | null, readAtMs: number): void {
    this.db
      .transaction(() => {
        for (const line of lines) {
          this.upsertStatement.run({ profileId, accountSid, ...line, units: line.chargedMinor > 0 ? line.units : 0 });
        }
        this.cursorStatement.run({ profileId, accountSid, cursor, readAtMs });
      })
      .immediate();
  }

  /** Why an account's log could not be read this time (its cursor and messages stay). */
  recordProblem(profileId: string, accountSid: string, problem: string): void {
    this.problemStatement.run({ profileId, accountSid, problem });
  }

  cursors(profileId: string): Map<string, LogCursor> {
    return new Map(
      this.cursorsStatement
        .all({ profileId })
        .map((row) => [row.account_sid, { accountSid: row.account_sid, cursor: row.cursor, readAtMs: row.read_at_ms, problem: row.problem }]),
    );
  }

  /** Accounts whose last read failed, with why: a dashboard needs only these, not every cursor. */
  problems(profileId: string): Map<string, string> {
    return new Map(this.problemsStatement.all({ profileId }).map((row) => [row.account_sid, row.problem]));
  }

  hasMessages(profileId: string, sid: string): boolean {
    return (this.messagesOfStatement.get({ profileId, sid })?.n ?? 0) > 0;
  }

  byAccount(query: PeriodQuery): Map<string, StatusGroup[]> {
    return grouped(this.byAccountStatement.all(query), (row) => row.account_sid);
  }

  byCountry(query: PeriodQuery): Map<string, StatusGroup[]> {
    return grouped(this.byCountryStatement.all(query), (row) => row.country ?? 'unknown');
  }

  /** Keyed by `sid` and campaign id (null: sends made outside Campaign Desk). */
  byCampaign(query: PeriodQuery, sid?: string): Map<string, { sid: string; campaignId: string | null; groups: StatusGroup[] }> {
    const rows = sid === undefined ? this.byCampaignStatement.all(query) : this.byCampaignOfAccountStatement.all({ ...query, sid });
    const out = new Map<string, { sid: string; campaignId: string | null; groups: StatusGroup[] }>();
    for (const row of rows) {
      const key = `${row.account_sid}\u0000${row.campaign_id ?? ''}`;
      let entry = out.get(key);
      if (!entry) out.set(key, (entry = { sid: row.account_sid, campaignId: row.campaign_id, groups: [] }));
      entry.groups.push(toGroup(row));
    }
    return out;
  }

  byWave(query: PeriodQuery, sid: string, campaignId: string | null): Map<number, StatusGroup[]> {
    return grouped(this.byWaveStatement.all({ ...query, sid, campaignId }), (row) => row.wave_no ?? 0);
  }

  dayBuckets(query: PeriodQuery): Array<{ sid: string; bucketStartMs: number; actualMinor: number; actualUnits: number }> {
    return this.dayBucketsStatement.all(query).map((row) => ({
      sid: row.account_sid,
      bucketStartMs: row.bucket * DAY_BUCKET_MS,
      actualMinor: row.charged_minor,
      actualUnits: row.units,
    }));
  }
}

interface GroupRow {
  status: SmsStatus;
  messages: number;
  charged_minor: number;
  units: number;
}

function toGroup(row: GroupRow): StatusGroup {
  return { status: row.status, messages: row.messages, chargedMinor: row.charged_minor, units: row.units };
}

function grouped<R extends GroupRow, K>(rows: readonly R[], keyOf: (row: R) => K): Map<K, StatusGroup[]> {
  const out = new Map<K, StatusGroup[]>();
  for (const row of rows) {
    const key = keyOf(row);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(toGroup(row));
  }
  return out;
}
