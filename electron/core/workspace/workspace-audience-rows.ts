import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { CountrySource } from '../../../shared/country-source';
import type { SharedAudienceRow, SharedRowIssue, ZoneSource } from '../store/audiences-repository';
import { CopyLineDecoder, encodeCopyLine } from './copy-text';
import type { WorkspaceAccount } from './workspace-campaign-row';

/** The columns moved, in COPY order (the text format is positional). */
const ROW_COLUMNS = 'row_number, phone_e164, country, zone, fields, name, language, country_source, zone_source, zone_candidates, issues';
/** About a megabyte of COPY text per stream write or decode. */
const COPY_BATCH_CHARS = 1 << 20;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Row-level security refuses `COPY … FROM` on a table with policies, so rows are copied into a
 * session's temporary table and inserted from there in the same transaction: the insert policy
 * checks every row (a login can only add rows to its own account's audience).
 */
const INCOMING = `CREATE TEMP TABLE IF NOT EXISTS audience_rows_incoming (
  row_number integer NOT NULL, phone_e164 text, country text, zone text, fields jsonb NOT NULL, name text, language text,
  country_source text, zone_source text, zone_candidates jsonb, issues jsonb
) ON COMMIT DELETE ROWS`;

/** The last row the workspace holds of an audience (0: none): an upload resumes after it. */
export async function lastSharedRow(client: pg.ClientBase, audienceId: string): Promise<{ lastRow: number; rows: number }> {
  const { rows } = await client.query<{ last_row: number; rows: number }>(
    'SELECT coalesce(max(row_number), 0)::int AS last_row, count(*)::int AS rows FROM desk.audience_rows WHERE audience_id = $1',
    [audienceId],
  );
  return { lastRow: rows[0]?.last_row ?? 0, rows: rows[0]?.rows ?? 0 };
}

/**
 * Sends one chunk of rows (read a batch at a time) with `COPY FROM STDIN`, in one transaction: a cut connection leaves the
 * workspace with whole chunks only. Rows already there (a retry after a commit whose answer was
 * lost) are skipped, never duplicated.
 */
export async function copyRowsIn(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  audienceId: string,
  batches: AsyncIterable<readonly SharedAudienceRow[]>,
): Promise<{ rows: number; lastRow: number | null }> {
  let count = 0;
  let lastRow: number | null = null;
  await client.query('BEGIN');
  try {
    await client.query(INCOMING);
    // Lines go in batches of about a megabyte: one stream write per row would cost more than the row.
    const lines = Readable.from(
      (async function* () {
        let batch = '';
        for await (const rows of batches) {
          for (const row of rows) {
            batch += encodeCopyLine([
              row.rowNumber,
              row.phoneE164,
              row.country,
              row.zone,
              row.fieldsJson ?? '{}',
              row.name,
              row.language,
              row.countrySource,
              row.zoneSource,
              row.zoneCandidatesJson,
              row.issues.length === 0 ? null : JSON.stringify(row.issues),
            ]);
            count += 1;
            lastRow = row.rowNumber;
            if (batch.length >= COPY_BATCH_CHARS) {
              yield batch;
              batch = '';
            }
          }
        }
        if (batch !== '') yield batch;
      })(),
    );
    await pipeline(lines, client.query(copyFrom(`COPY audience_rows_incoming (${ROW_COLUMNS}) FROM STDIN`)));
    await client.query(
      `INSERT INTO desk.audience_rows (audience_id, organisation_id, account_sid, ${ROW_COLUMNS})
       SELECT $1, $2, $3, ${ROW_COLUMNS} FROM audience_rows_incoming
       ON CONFLICT (audience_id, row_number) DO NOTHING`,
      [audienceId, account.organisationId, account.accountSid],
    );
    await client.query('COMMIT');
    return { rows: count, lastRow };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * Reads up to `limit` rows after `afterRow` with `COPY (SELECT …) TO STDOUT`, as this login may see
 * them (row-level security applies to the query). `customFields` puts each row's fields back in the
 * audience's column order (jsonb keeps its own order); an audience without custom fields has none.
 */
export async function copyRowsOut(
  client: pg.ClientBase,
  audience: { id: string; customFields: readonly string[] },
  afterRow: number,
  limit: number,
): Promise<SharedAudienceRow[]> {
  // COPY takes no parameters: the values are checked and inlined.
  if (!UUID.test(audience.id)) throw new Error(`not an audience id: ${audience.id}`);
  if (!Number.isSafeInteger(afterRow) || !Number.isSafeInteger(limit) || limit < 1) throw new Error('invalid audience row range');
  const stream = client.query(
    copyTo(
      `COPY (SELECT ${ROW_COLUMNS} FROM desk.audience_rows WHERE audience_id = '${audience.id}' AND row_number > ${afterRow}
              ORDER BY row_number LIMIT ${limit}) TO STDOUT`,
    ),
  );
  // The server sends one message per row: they are gathered and decoded a megabyte at a time, not awaited one by one.
  const decoder = new CopyLineDecoder();
  const rows: SharedAudienceRow[] = [];
  const fieldsOf = fieldsReader(audience.customFields);
  await new Promise<void>((resolve, reject) => {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = () => {
      if (pending.length === 0) return;
      for (const cells of decoder.push(Buffer.concat(pending, pendingBytes))) rows.push(toRow(cells, fieldsOf));
      pending = [];
      pendingBytes = 0;
    };
    stream.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= COPY_BATCH_CHARS) flush();
    });
    stream.on('error', reject);
    stream.on('end', () => {
      try {
        flush();
        decoder.end();
        resolve();
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
  return rows;
}

function toRow(cells: ReadonlyArray<string | null>, fieldsOf: (json: string | null) => string | null): SharedAudienceRow {
  const [rowNumber, phoneE164, country, zone, fields, name, language, countrySource, zoneSource, zoneCandidates, issues] = cells;
  return {
    rowNumber: Number(rowNumber),
    phoneE164: phoneE164 ?? null,
    country: country ?? null,
    zone: zone ?? null,
    fieldsJson: fieldsOf(fields ?? null),
    name: name ?? null,
    language: language ?? null,
    countrySource: (countrySource ?? null) as CountrySource | null,
    zoneSource: (zoneSource ?? null) as ZoneSource | null,
    zoneCandidatesJson: zoneCandidates ? JSON.stringify(JSON.parse(zoneCandidates) as string[]) : null,
    issues: issues ? (JSON.parse(issues) as SharedRowIssue[]) : [],
  };
}

/** The fields object as the importing desktop wrote it: every custom field, in the audience's order. */
function fieldsReader(customFields: readonly string[]): (json: string | null) => string | null {
  if (customFields.length === 0) return () => null;
  return (json) => {
    const parsed = (json === null ? {} : JSON.parse(json)) as Record<string, string>;
    const ordered = Object.create(null) as Record<string, string>;
    for (const field of customFields) ordered[field] = parsed[field] ?? '';
    return JSON.stringify(ordered);
  };
}
