import { atomically } from './atomically';
import type { SqliteDatabase } from './database';
import type { CountrySource } from '../../../shared/country-source';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export type AudienceStatus = 'importing' | 'ready' | 'failed' | 'cancelled';
export type ZoneSource = 'column' | 'prefix' | 'country' | 'fallback' | 'unknown';
export type AudienceIssueKind = 'invalid' | 'duplicate' | 'opted_out' | 'zone_unknown' | 'zone_ambiguous';

export interface AudienceRecord {
  id: string;
  profileId: string;
  name: string;
  sourceName: string | null;
  status: AudienceStatus;
  customFields: string[];
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  optedOutRows: number;
  /** Why an import failed, in words a person can act on; null unless `failed`. */
  failureReason: string | null;
  defaultCountry: string | null;
  /** Null until the import completes. */
  report: AudienceReport | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecipientQuery {
  audienceId: string;
  /** Digits or part of a name. */
  search?: string;
  country?: string;
  /** An IANA zone, or null for recipients without a zone. */
  zone?: string | null;
}

export interface AudienceReport {
  issuesByKind: Record<AudienceIssueKind, number>;
  recipientsByZoneSource: Record<ZoneSource, number>;
  /** How each recipient's country was decided (absent in reports written before the Country column existed). */
  recipientsByCountrySource?: Record<CountrySource, number>;
  /** Recipients per country and zone: the table's filter choices. */
  facets: RecipientFacet[];
}

export interface RecipientFacet {
  country: string | null;
  zone: string | null;
  recipients: number;
}

export interface RecipientRecord {
  rowNumber: number;
  phoneE164: string;
  country: string | null;
  /** What decided the country: the number's +code, the row's Country column or the default; null for rows stored before. */
  countrySource?: CountrySource | null;
  /** IANA zone name, or null when unknown or ambiguous (see zoneCandidates). */
  zone: string | null;
  zoneSource: ZoneSource;
  zoneCandidates: string[] | null;
  language: string | null;
  name: string | null;
  fields: Record<string, string> | null;
}

/** Recipients as parallel columns, the form imports move them in (index i of each is one row). */
export interface RecipientColumns {
  rowNumber: number[];
  phoneE164: string[];
  country: Array<string | null>;
  countrySource: Array<CountrySource | null>;
  zone: Array<string | null>;
  zoneSource: ZoneSource[];
  /** JSON arrays of candidate zones, or null. */
  zoneCandidatesJson: Array<string | null>;
  language: Array<string | null>;
  name: Array<string | null>;
  /** JSON objects of the custom fields, or null. */
  fieldsJson: Array<string | null>;
}

export interface AudienceIssue {
  rowNumber: number;
  kind: AudienceIssueKind;
  value: string | null;
  code: string;
  message: string;
}

/** A message's place in a campaign: its wave and its recipient's audience row. */
export interface MessagePosition {
  waveNo: number;
  rowNumber: number;
}

export interface AudienceCounts {
  totalRows: number;
  validRows: number;
  invalidRows: number;
  duplicateRows: number;
  optedOutRows: number;
}

interface AudienceRow {
  id: string;
  profile_id: string;
  name: string;
  source_name: string | null;
  status: AudienceStatus;
  custom_fields_json: string;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  duplicate_rows: number;
  opted_out_rows: number;
  failure_reason: string | null;
  default_country: string | null;
  report_json: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

interface RecipientRow {
  row_number: number;
  phone_e164: string;
  country: string | null;
  country_source: CountrySource | null;
  zone: string | null;
  zone_source: ZoneSource;
  zone_candidates: string | null;
  language: string | null;
  name: string | null;
  fields_json: string | null;
}

const toAudience = (row: AudienceRow): AudienceRecord => ({
  id: row.id,
  profileId: row.profile_id,
  name: row.name,
  sourceName: row.source_name,
  status: row.status,
  customFields: JSON.parse(row.custom_fields_json) as string[],
  totalRows: row.total_rows,
  validRows: row.valid_rows,
  invalidRows: row.invalid_rows,
  duplicateRows: row.duplicate_rows,
  optedOutRows: row.opted_out_rows,
  failureReason: row.failure_reason,
  defaultCountry: row.default_country,
  report: row.report_json === null ? null : (JSON.parse(row.report_json) as AudienceReport),
  createdAt: isoAt(row.created_at_ms),
  updatedAt: isoAt(row.updated_at_ms),
});

/** The columns a recipient and a row moving to or from the workspace read alike. */
function recipientColumnsOf<Phone extends string | null, Source extends ZoneSource | null>(row: {
  row_number: number;
  phone_e164: Phone;
  country: string | null;
  country_source: CountrySource | null;
  zone: string | null;
  zone_source: Source;
  language: string | null;
  name: string | null;
}) {
  return {
    rowNumber: row.row_number,
    phoneE164: row.phone_e164,
    country: row.country,
    countrySource: row.country_source,
    zone: row.zone,
    zoneSource: row.zone_source,
    language: row.language,
    name: row.name,
  };
}

const toRecipient = (row: RecipientRow): RecipientRecord => ({
  ...recipientColumnsOf(row),
  zoneCandidates: row.zone_candidates === null ? null : (JSON.parse(row.zone_candidates) as string[]),
  fields: row.fields_json === null ? null : (JSON.parse(row.fields_json) as Record<string, string>),
});

/** A recipient's columns (all null on a left-out row) and the row's issues as a JSON array, as an upload reads them. */
interface SharedRowColumns extends Omit<RecipientRow, 'phone_e164' | 'zone_source'> {
  phone_e164: string | null;
  zone_source: ZoneSource | null;
  issues_json: string | null;
}

const toSharedRow = (row: SharedRowColumns): SharedAudienceRow => ({
  ...recipientColumnsOf(row),
  zoneCandidatesJson: row.zone_candidates,
  fieldsJson: row.fields_json,
  issues: row.issues_json === null ? [] : (JSON.parse(row.issues_json) as SharedRowIssue[]),
});

/**
 * Audiences and their recipients. Imports write in batches (`appendBatch`, one transaction each)
 * while the audience is `importing`; only `finish` makes it `ready`, so a crash or a cancel never
 * leaves a partial audience that looks complete.
 */
/**
 * One row of an audience as it moves between a desktop and the workspace: a recipient (phone set)
 * or a row the import left out (phone null), with the issues the import reported for it.
 */
export interface SharedAudienceRow {
  rowNumber: number;
  phoneE164: string | null;
  country: string | null;
  countrySource: CountrySource | null;
  zone: string | null;
  zoneSource: ZoneSource | null;
  /** A JSON array of candidate zones, or null. */
  zoneCandidatesJson: string | null;
  language: string | null;
  name: string | null;
  /** The custom fields as a JSON object, or null when the audience has none. */
  fieldsJson: string | null;
  issues: SharedRowIssue[];
}

export interface SharedRowIssue {
  kind: AudienceIssueKind;
  value: string | null;
  code: string;
  message: string;
}

/** One parameter object per batch, refilled for each row (a batch writes up to a million rows). */
function reusedRecipientParams(audienceId: string) {
  return {
    audienceId,
    rowNumber: 0,
    phoneE164: '',
    country: null as string | null,
    countrySource: null as CountrySource | null,
    zone: null as string | null,
    zoneSource: 'unknown' as ZoneSource,
    zoneCandidates: null as string | null,
    language: null as string | null,
    name: null as string | null,
    fieldsJson: null as string | null,
  };
}

export class AudiencesRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get insertAudience() {
    return this.statements.statement(`
      INSERT INTO audiences (id, profile_id, name, source_name, status, custom_fields_json, default_country, created_at_ms, updated_at_ms)
      VALUES (@id, @profileId, @name, @sourceName, 'importing', @customFieldsJson, @defaultCountry, @nowMs, @nowMs)`);
  }

  private get byId() {
    return this.statements.statement<{ id: string; profileId: string }, AudienceRow>('SELECT * FROM audiences WHERE id = @id AND profile_id = @profileId');
  }

  private get byProfile() {
    return this.statements.statement<{ profileId: string }, AudienceRow>(
      'SELECT * FROM audiences WHERE profile_id = @profileId ORDER BY created_at_ms DESC, id',
    );
  }

  private get insertRecipient() {
    return this.statements.statement(`
      INSERT INTO recipients (audience_id, row_number, phone_e164, country, country_source, zone, zone_source, zone_candidates, language, name, fields_json)
      VALUES (@audienceId, @rowNumber, @phoneE164, @country, @countrySource, @zone, @zoneSource, @zoneCandidates, @language, @name, @fieldsJson)`);
  }

  private get insertIssue() {
    return this.statements.statement(`
      INSERT OR REPLACE INTO audience_issues (audience_id, row_number, kind, value, code, message)
      VALUES (@audienceId, @rowNumber, @kind, @value, @code, @message)`);
  }

  private get updateStatus() {
    return this.statements.statement('UPDATE audiences SET status = @status, updated_at_ms = @nowMs WHERE id = @id');
  }

  private get updateCounts() {
    return this.statements.statement(`
      UPDATE audiences SET total_rows = @totalRows, valid_rows = @validRows, invalid_rows = @invalidRows,
        duplicate_rows = @duplicateRows, opted_out_rows = @optedOutRows, updated_at_ms = @nowMs WHERE id = @id`);
  }

  private get deleteAudience() {
    return this.statements.statement('DELETE FROM audiences WHERE id = @id AND profile_id = @profileId');
  }

  private get recipientsPage() {
    return this.statements.statement<{ audienceId: string; afterRow: number; limit: number }, RecipientRow>(`
      SELECT row_number, phone_e164, country, country_source, zone, zone_source, zone_candidates, language, name, fields_json
      FROM recipients WHERE audience_id = @audienceId AND row_number > @afterRow ORDER BY row_number LIMIT @limit`);
  }

  private get sharedRowsAfter() {
    // Recipients and left-out rows in one row order; a row's issues ride along as a JSON array.
    return this.statements.statement<{ audienceId: string; afterRow: number; limit: number }, SharedRowColumns>(`
      SELECT n.row_number, r.phone_e164, r.country, r.country_source, r.zone, r.zone_source, r.zone_candidates, r.language, r.name, r.fields_json,
             (SELECT json_group_array(json_object('kind', i.kind, 'value', i.value, 'code', i.code, 'message', i.message))
                FROM audience_issues i WHERE i.audience_id = @audienceId AND i.row_number = n.row_number) AS issues_json
        FROM (SELECT row_number FROM recipients WHERE audience_id = @audienceId AND row_number > @afterRow
              UNION
              SELECT row_number FROM audience_issues WHERE audience_id = @audienceId AND row_number > @afterRow
              ORDER BY row_number LIMIT @limit) n
        LEFT JOIN recipients r ON r.audience_id = @audienceId AND r.row_number = n.row_number
       ORDER BY n.row_number`);
  }

  private get sharedRowCountOf() {
    return this.statements.statement<{ audienceId: string }, { n: number }>(`
      SELECT COUNT(*) AS n FROM (SELECT row_number FROM recipients WHERE audience_id = @audienceId
                                 UNION SELECT row_number FROM audience_issues WHERE audience_id = @audienceId)`);
  }

  private get zoneCounts() {
    return this.statements.statement<{ audienceId: string }, { zone: string | null; country: string | null; language: string | null; recipients: number }>(`
      SELECT zone, country, language, COUNT(*) AS recipients FROM recipients WHERE audience_id = @audienceId GROUP BY zone, country, language`);
  }

  create(
    audience: { id: string; profileId: string; name: string; sourceName: string | null; customFields: string[]; defaultCountry?: string | null },
    now: string,
  ): void {
    this.insertAudience.run({
      ...audience,
      defaultCountry: audience.defaultCountry ?? null,
      customFieldsJson: JSON.stringify(audience.customFields),
      nowMs: msOfIso(now),
    });
  }

  get(profileId: string, id: string): AudienceRecord | undefined {
    const row = this.byId.get({ id, profileId });
    return row && toAudience(row);
  }

  /** Whether no audience of any profile has this id (audience ids are unique across the store). */
  isIdFree(id: string): boolean {
    return this.statements.statement<{ id: string }, { n: number }>('SELECT COUNT(*) AS n FROM audiences WHERE id = @id').get({ id })?.n === 0;
  }

  list(profileId: string): AudienceRecord[] {
    return this.byProfile.all({ profileId }).map(toAudience);
  }

  /** One transaction per batch: recipients, issues and the running counts move together. */
  appendBatch(audienceId: string, recipients: readonly RecipientRecord[], issues: readonly AudienceIssue[], counts: AudienceCounts, now: string): void {
    this.db
      .transaction(() => {
        for (const r of recipients) {
          this.insertRecipient.run({
            audienceId,
            rowNumber: r.rowNumber,
            phoneE164: r.phoneE164,
            country: r.country,
            countrySource: r.countrySource ?? null,
            zone: r.zone,
            zoneSource: r.zoneSource,
            zoneCandidates: r.zoneCandidates === null ? null : JSON.stringify(r.zoneCandidates),
            language: r.language,
            name: r.name,
            fieldsJson: r.fields === null ? null : JSON.stringify(r.fields),
          });
        }
        for (const issue of issues) this.insertIssue.run({ audienceId, ...issue });
        this.updateCounts.run({ id: audienceId, ...counts, nowMs: msOfIso(now) });
      })
      .immediate();
  }

  /** Rows pulled from the team workspace into a local audience (still `importing`): one transaction. */
  appendSharedRows(audienceId: string, rows: readonly SharedAudienceRow[]): void {
    this.db
      .transaction(() => {
        const recipient = reusedRecipientParams(audienceId);
        for (const row of rows) {
          if (row.phoneE164 !== null) {
            recipient.rowNumber = row.rowNumber;
            recipient.phoneE164 = row.phoneE164;
            recipient.country = row.country;
            recipient.countrySource = row.countrySource;
            recipient.zone = row.zone;
            recipient.zoneSource = row.zoneSource ?? 'unknown';
            recipient.zoneCandidates = row.zoneCandidatesJson;
            recipient.language = row.language;
            recipient.name = row.name;
            recipient.fieldsJson = row.fieldsJson;
            this.insertRecipient.run(recipient);
          }
          for (const issue of row.issues) this.insertIssue.run({ audienceId, rowNumber: row.rowNumber, ...issue });
        }
      })
      .immediate();
  }

  /** Like appendBatch, for the rows `keep` of recipients given as columns: one transaction. */
  appendColumns(
    audienceId: string,
    columns: RecipientColumns,
    keep: readonly number[],
    issues: readonly AudienceIssue[],
    counts: AudienceCounts,
    now: string,
  ): void {
    this.db
      .transaction(() => {
        const params = reusedRecipientParams(audienceId);
        for (const i of keep) {
          params.rowNumber = columns.rowNumber[i] ?? 0;
          params.phoneE164 = columns.phoneE164[i] ?? '';
          params.country = columns.country[i] ?? null;
          params.countrySource = columns.countrySource[i] ?? null;
          params.zone = columns.zone[i] ?? null;
          params.zoneSource = columns.zoneSource[i] ?? 'unknown';
          params.zoneCandidates = columns.zoneCandidatesJson[i] ?? null;
          params.language = columns.language[i] ?? null;
          params.name = columns.name[i] ?? null;
          params.fieldsJson = columns.fieldsJson[i] ?? null;
          this.insertRecipient.run(params);
        }
        for (const issue of issues) this.insertIssue.run({ audienceId, ...issue });
        this.updateCounts.run({ id: audienceId, ...counts, nowMs: msOfIso(now) });
      })
      .immediate();
  }

  /** Rows (recipients and left-out rows) an upload to the workspace moves: all of them, counted once each. */
  sharedRowCount(audienceId: string): number {
    return this.sharedRowCountOf.get({ audienceId })?.n ?? 0;
  }

  /** Up to `limit` rows after `afterRow`, in row order, as an upload to the workspace moves them. */
  sharedRows(audienceId: string, afterRow: number, limit: number): SharedAudienceRow[] {
    return this.sharedRowsAfter.all({ audienceId, afterRow, limit }).map(toSharedRow);
  }

  setStatus(audienceId: string, status: AudienceStatus, now: string): void {
    this.updateStatus.run({ id: audienceId, status, nowMs: msOfIso(now) });
  }

  /** Deletes up to `limit` of an audience's recipients, then of its issues; 0 once none are left. */
  deleteRowsBatch(audienceId: string, limit: number): number {
    const recipients = this.cached(
      `DELETE FROM recipients WHERE audience_id = @audienceId AND row_number IN
      (SELECT row_number FROM recipients WHERE audience_id = @audienceId ORDER BY row_number LIMIT @limit)`,
    ).run({ audienceId, limit }).changes;
    if (recipients > 0) return recipients;
    return this.cached(
      `DELETE FROM audience_issues WHERE audience_id = @audienceId AND row_number IN
      (SELECT row_number FROM audience_issues WHERE audience_id = @audienceId ORDER BY row_number LIMIT @limit)`,
    ).run({ audienceId, limit }).changes;
  }

  delete(profileId: string, id: string): boolean {
    return this.deleteAudience.run({ id, profileId }).changes > 0;
  }

  /** Keyset paging by row number: constant cost per page however deep the scroll. */
  recipients(audienceId: string, afterRow: number, limit: number): RecipientRecord[] {
    return this.recipientsPage.all({ audienceId, afterRow, limit }).map(toRecipient);
  }

  /** Recipients grouped by zone, country and language: what the planner and the cost estimate need. */
  groups(audienceId: string): Array<{ zone: string | null; country: string | null; language: string | null; recipients: number }> {
    return this.zoneCounts.all({ audienceId });
  }

  /**
   * Starts a new audience made of `sourceId`'s rows (its name, custom fields and default country):
   * `importing` until `completeCopy`, so a copy cut short is never taken for a whole one.
   */
  createCopy(target: { id: string; profileId: string; name: string }, sourceId: string, now: string): void {
    const sourceRow = this.byId.get({ id: sourceId, profileId: target.profileId });
    if (!sourceRow) throw new Error(`audience ${sourceId} does not exist`);
    this.cached(
      `
      INSERT INTO audiences (id, profile_id, name, source_name, status, custom_fields_json, default_country, created_at_ms, updated_at_ms)
      VALUES (@id, @profileId, @name, @sourceName, 'importing', @customFieldsJson, @defaultCountry, @nowMs, @nowMs)`,
    ).run({
      ...target,
      sourceName: sourceRow.name,
      customFieldsJson: sourceRow.custom_fields_json,
      defaultCountry: sourceRow.default_country,
      nowMs: msOfIso(now),
    });
  }

  /**
   * Copies into `targetId` the recipient rows (every field, same row numbers) of `source.audienceId`
   * whose message in `source.campaignId` ended in one of `statuses`, for up to `limit` messages in
   * wave and row order after `after` (null: from the start). One statement; the caller's slice.
   * Returns how many rows were copied and where the next slice starts (null: none left).
   */
  copyCampaignRecipientsSlice(
    targetId: string,
    source: { audienceId: string; campaignId: string; statuses: readonly string[] },
    after: MessagePosition | null,
    limit: number,
  ): { copied: number; next: MessagePosition | null } {
    const from = after === null ? { afterWave: Number.MIN_SAFE_INTEGER, afterRow: 0 } : { afterWave: after.waveNo, afterRow: after.rowNumber };
    // The last message of this slice (or none: the slice runs to the end) bounds the copy.
    const bound = this.cached<Record<string, unknown>, { wave_no: number; row_number: number }>(
      `
      SELECT wave_no, row_number FROM campaign_messages INDEXED BY campaign_messages_by_row
      WHERE campaign_id = @campaignId AND (wave_no, row_number) > (@afterWave, @afterRow)
      ORDER BY wave_no, row_number LIMIT 1 OFFSET @offset`,
    ).get({ campaignId: source.campaignId, ...from, offset: limit - 1 });
    const upTo = bound ? { uptoWave: bound.wave_no, uptoRow: bound.row_number } : { uptoWave: Number.MAX_SAFE_INTEGER, uptoRow: 0 };
    const copied = this.cached(
      `
      INSERT OR IGNORE INTO recipients (audience_id, row_number, phone_e164, country, country_source, zone, zone_source, zone_candidates,
        language, name, fields_json)
      SELECT @id, r.row_number, r.phone_e164, r.country, r.country_source, r.zone, r.zone_source, r.zone_candidates, r.language, r.name, r.fields_json
      FROM campaign_messages m INDEXED BY campaign_messages_by_row
      JOIN recipients r ON r.audience_id = @sourceId AND r.row_number = m.row_number
      WHERE m.campaign_id = @campaignId AND (m.wave_no, m.row_number) > (@afterWave, @afterRow) AND (m.wave_no, m.row_number) <= (@uptoWave, @uptoRow)
        -- A scheduled message cancelled at the API comes back NotSent/CANCELLED: the monitor
        -- counts it as cancelled, so the replay does too.
        AND (CASE WHEN m.status = 'NotSent' AND COALESCE(m.status_details, '') = 'CANCELLED' THEN 'cancelled' ELSE m.status END)
          IN (SELECT value FROM json_each(@statusesJson))`,
    ).run({
      id: targetId,
      sourceId: source.audienceId,
      campaignId: source.campaignId,
      statusesJson: JSON.stringify(source.statuses),
      ...from,
      ...upTo,
    }).changes;
    return { copied, next: bound ? { waveNo: bound.wave_no, rowNumber: bound.row_number } : null };
  }

  /**
   * Recipients per zone source, country and zone for up to `limit` rows after `afterRow`: an
   * audience's statistics gathered a slice at a time. `lastRow` null: no rows left.
   */
  recipientStatsSlice(
    audienceId: string,
    afterRow: number,
    limit: number,
  ): { groups: Array<{ zoneSource: ZoneSource; country: string | null; zone: string | null; recipients: number }>; lastRow: number | null } {
    const bound = this.cached<Record<string, unknown>, { row_number: number }>(
      'SELECT row_number FROM recipients WHERE audience_id = @audienceId AND row_number > @afterRow ORDER BY row_number LIMIT 1 OFFSET @offset',
    ).get({ audienceId, afterRow, offset: limit - 1 });
    const uptoRow = bound?.row_number ?? Number.MAX_SAFE_INTEGER;
    const groups = this.cached<Record<string, unknown>, { zoneSource: ZoneSource; country: string | null; zone: string | null; recipients: number }>(
      `
      SELECT zone_source AS zoneSource, country, zone, COUNT(*) AS recipients FROM recipients
      WHERE audience_id = @audienceId AND row_number > @afterRow AND row_number <= @uptoRow GROUP BY zone_source, country, zone`,
    ).all({ audienceId, afterRow, uptoRow });
    return { groups, lastRow: bound?.row_number ?? null };
  }

  /** Makes a finished copy `ready` with its counts and report: every row of it is a valid recipient. */
  completeCopy(audienceId: string, recipients: number, report: AudienceReport, now: string): void {
    atomically(this.db, () => {
      this.updateCounts.run({
        id: audienceId,
        totalRows: recipients,
        validRows: recipients,
        invalidRows: 0,
        duplicateRows: 0,
        optedOutRows: 0,
        nowMs: msOfIso(now),
      });
      this.finish(audienceId, report, now);
    });
  }

  /** Makes a completed import `ready`, with its report. */
  finish(audienceId: string, report: AudienceReport, now: string): void {
    this.cached("UPDATE audiences SET status = 'ready', report_json = @reportJson, updated_at_ms = @nowMs WHERE id = @id").run({
      id: audienceId,
      reportJson: JSON.stringify(report),
      nowMs: msOfIso(now),
    });
  }

  /** A failed import keeps its row and reason but none of its partial rows. */
  fail(audienceId: string, reason: string, now: string): void {
    this.db
      .transaction(() => {
        this.cached('DELETE FROM recipients WHERE audience_id = @id').run({ id: audienceId });
        this.cached('DELETE FROM audience_issues WHERE audience_id = @id').run({ id: audienceId });
        this.cached(
          `UPDATE audiences SET status = 'failed', failure_reason = @reason, total_rows = 0, valid_rows = 0, invalid_rows = 0,
        duplicate_rows = 0, opted_out_rows = 0, updated_at_ms = @nowMs WHERE id = @id`,
        ).run({ id: audienceId, reason, nowMs: msOfIso(now) });
      })
      .immediate();
  }

  /** Audiences left `importing` by a previous run (of any profile): their import cannot resume. */
  interruptedImports(): Array<{ id: string; profileId: string }> {
    return this.cached<Record<string, never>, { id: string; profile_id: string }>("SELECT id, profile_id FROM audiences WHERE status = 'importing'")
      .all({})
      .map((row) => ({ id: row.id, profileId: row.profile_id }));
  }

  /** One page of recipients in row order: after a known row (keyset), or at an offset for a jump. */
  findRecipients(query: RecipientQuery, page: { afterRow: number; offset: number; limit: number }): RecipientRecord[] {
    const { where, params } = recipientFilter(query);
    const sql = `SELECT row_number, phone_e164, country, country_source, zone, zone_source, zone_candidates, language, name, fields_json FROM recipients
      WHERE ${where} AND row_number > @afterRow ORDER BY row_number LIMIT @limit OFFSET @offset`;
    return this.cached<Record<string, unknown>, RecipientRow>(sql)
      .all({ ...params, ...page })
      .map(toRecipient);
  }

  countRecipients(query: RecipientQuery): number {
    const { where, params } = recipientFilter(query);
    return this.cached<Record<string, unknown>, { n: number }>(`SELECT COUNT(*) AS n FROM recipients WHERE ${where}`).get(params)?.n ?? 0;
  }

  findIssues(audienceId: string, kind: AudienceIssueKind | null, afterRow: number, limit: number): AudienceIssue[] {
    const sql = `SELECT row_number AS rowNumber, kind, value, code, message FROM audience_issues
      WHERE audience_id = @audienceId ${kind === null ? '' : 'AND kind = @kind'} AND row_number > @afterRow ORDER BY row_number, kind LIMIT @limit`;
    return this.cached<Record<string, unknown>, AudienceIssue>(sql).all(
      kind === null ? { audienceId, afterRow, limit } : { audienceId, kind, afterRow, limit },
    );
  }

  countIssues(audienceId: string, kind: AudienceIssueKind | null): number {
    const sql = `SELECT COUNT(*) AS n FROM audience_issues WHERE audience_id = @audienceId ${kind === null ? '' : 'AND kind = @kind'}`;
    return this.cached<Record<string, unknown>, { n: number }>(sql).get(kind === null ? { audienceId } : { audienceId, kind })?.n ?? 0;
  }

  /** Every issue of the given kinds in row order, without loading them all at once. */
  *iterateIssues(audienceId: string, kinds: readonly AudienceIssueKind[]): Generator<AudienceIssue> {
    const pageSize = 5000;
    let afterRow = 0;
    for (;;) {
      const page = this.findIssues(audienceId, null, afterRow, pageSize);
      for (const issue of page) if (kinds.includes(issue.kind)) yield issue;
      const last = page.at(-1);
      if (!last || page.length < pageSize) return;
      afterRow = last.rowNumber;
    }
  }

  /** Statements whose SQL depends on the filters used, prepared once per shape. */
  private cached<P extends object, R = unknown>(sql: string) {
    return this.statements.statement<P, R>(sql);
  }
}

function recipientFilter(query: RecipientQuery): { where: string; params: Record<string, unknown> } {
  const clauses = ['audience_id = @audienceId'];
  const params: Record<string, unknown> = { audienceId: query.audienceId };
  if (query.zone === null) clauses.push('zone IS NULL');
  else if (query.zone !== undefined) {
    clauses.push('zone = @zone');
    params.zone = query.zone;
  }
  if (query.country !== undefined) {
    clauses.push('country = @country');
    params.country = query.country;
  }
  const search = query.search?.trim() ?? '';
  if (search !== '') {
    // A number typed with spaces or dashes still finds its E.164 form.
    const term = /^[+\d\s().-]+$/.test(search) ? search.replace(/[^\d]/g, '') : search;
    clauses.push("(phone_e164 LIKE @pattern ESCAPE '\\' OR name LIKE @pattern ESCAPE '\\')");
    params.pattern = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return { where: clauses.join(' AND '), params };
}
