import type { SqliteDatabase } from './database';

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
  createdAt: string;
  updatedAt: string;
}

export interface RecipientRecord {
  rowNumber: number;
  phoneE164: string;
  country: string | null;
  /** IANA zone name, or null when unknown or ambiguous (see zoneCandidates). */
  zone: string | null;
  zoneSource: ZoneSource;
  zoneCandidates: string[] | null;
  language: string | null;
  name: string | null;
  fields: Record<string, string> | null;
}

export interface AudienceIssue {
  rowNumber: number;
  kind: AudienceIssueKind;
  value: string | null;
  code: string;
  message: string;
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
  created_at: string;
  updated_at: string;
}

interface RecipientRow {
  row_number: number;
  phone_e164: string;
  country: string | null;
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
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const toRecipient = (row: RecipientRow): RecipientRecord => ({
  rowNumber: row.row_number,
  phoneE164: row.phone_e164,
  country: row.country,
  zone: row.zone,
  zoneSource: row.zone_source,
  zoneCandidates: row.zone_candidates === null ? null : (JSON.parse(row.zone_candidates) as string[]),
  language: row.language,
  name: row.name,
  fields: row.fields_json === null ? null : (JSON.parse(row.fields_json) as Record<string, string>),
});

/**
 * Audiences and their recipients. Imports write in batches (`appendBatch`, one transaction each)
 * while the audience is `importing`; only `finish` makes it `ready`, so a crash or a cancel never
 * leaves a partial audience that looks complete.
 */
export class AudiencesRepository {
  private readonly insertAudience;
  private readonly byId;
  private readonly byProfile;
  private readonly insertRecipient;
  private readonly insertIssue;
  private readonly updateStatus;
  private readonly updateCounts;
  private readonly deleteAudience;
  private readonly recipientsPage;
  private readonly zoneCounts;

  constructor(private readonly db: SqliteDatabase) {
    this.insertAudience = db.prepare(`
      INSERT INTO audiences (id, profile_id, name, source_name, status, custom_fields_json, created_at, updated_at)
      VALUES (@id, @profileId, @name, @sourceName, 'importing', @customFieldsJson, @now, @now)`);
    this.byId = db.prepare<{ id: string; profileId: string }, AudienceRow>('SELECT * FROM audiences WHERE id = @id AND profile_id = @profileId');
    this.byProfile = db.prepare<{ profileId: string }, AudienceRow>('SELECT * FROM audiences WHERE profile_id = @profileId ORDER BY created_at DESC, id');
    this.insertRecipient = db.prepare(`
      INSERT INTO recipients (audience_id, row_number, phone_e164, country, zone, zone_source, zone_candidates, language, name, fields_json)
      VALUES (@audienceId, @rowNumber, @phoneE164, @country, @zone, @zoneSource, @zoneCandidates, @language, @name, @fieldsJson)`);
    this.insertIssue = db.prepare(`
      INSERT OR REPLACE INTO audience_issues (audience_id, row_number, kind, value, code, message)
      VALUES (@audienceId, @rowNumber, @kind, @value, @code, @message)`);
    this.updateStatus = db.prepare('UPDATE audiences SET status = @status, updated_at = @now WHERE id = @id');
    this.updateCounts = db.prepare(`
      UPDATE audiences SET total_rows = @totalRows, valid_rows = @validRows, invalid_rows = @invalidRows,
        duplicate_rows = @duplicateRows, opted_out_rows = @optedOutRows, updated_at = @now WHERE id = @id`);
    this.deleteAudience = db.prepare('DELETE FROM audiences WHERE id = @id AND profile_id = @profileId');
    this.recipientsPage = db.prepare<{ audienceId: string; afterRow: number; limit: number }, RecipientRow>(`
      SELECT row_number, phone_e164, country, zone, zone_source, zone_candidates, language, name, fields_json
      FROM recipients WHERE audience_id = @audienceId AND row_number > @afterRow ORDER BY row_number LIMIT @limit`);
    this.zoneCounts = db.prepare<{ audienceId: string }, { zone: string | null; country: string | null; language: string | null; recipients: number }>(`
      SELECT zone, country, language, COUNT(*) AS recipients FROM recipients WHERE audience_id = @audienceId GROUP BY zone, country, language`);
  }

  create(audience: { id: string; profileId: string; name: string; sourceName: string | null; customFields: string[] }, now: string): void {
    this.insertAudience.run({ ...audience, customFieldsJson: JSON.stringify(audience.customFields), now });
  }

  get(profileId: string, id: string): AudienceRecord | undefined {
    const row = this.byId.get({ id, profileId });
    return row && toAudience(row);
  }

  list(profileId: string): AudienceRecord[] {
    return this.byProfile.all({ profileId }).map(toAudience);
  }

  /** One transaction per batch: recipients, issues and the running counts move together. */
  appendBatch(audienceId: string, recipients: readonly RecipientRecord[], issues: readonly AudienceIssue[], counts: AudienceCounts, now: string): void {
    this.db.transaction(() => {
      for (const r of recipients) {
        this.insertRecipient.run({
          audienceId,
          rowNumber: r.rowNumber,
          phoneE164: r.phoneE164,
          country: r.country,
          zone: r.zone,
          zoneSource: r.zoneSource,
          zoneCandidates: r.zoneCandidates === null ? null : JSON.stringify(r.zoneCandidates),
          language: r.language,
          name: r.name,
          fieldsJson: r.fields === null ? null : JSON.stringify(r.fields),
        });
      }
      for (const issue of issues) this.insertIssue.run({ audienceId, ...issue });
      this.updateCounts.run({ id: audienceId, ...counts, now });
    })();
  }

  setStatus(audienceId: string, status: AudienceStatus, now: string): void {
    this.updateStatus.run({ id: audienceId, status, now });
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
}
