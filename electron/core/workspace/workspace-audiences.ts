import type pg from 'pg';
import type { AudienceCounts, AudienceReport } from '../store/audiences-repository';
import type { PulledAudience } from '../store/workspace-audiences-repository';
import { readChangeWindow, type ChangeWindow } from './change-window';
import type { WorkspaceAccount } from './workspace-campaign-row';

/** What a teammate's desktop needs to recreate an audience exactly as the sharing desktop imported it. */
export interface AudienceMetadata {
  id: string;
  name: string;
  sourceName: string | null;
  defaultCountry: string | null;
  customFields: string[];
  /** Rows moved: recipients and the rows the import left out. */
  rowCount: number;
  counts: AudienceCounts;
  report: AudienceReport | null;
}

interface AudienceRow {
  id: string;
  account_sid: string;
  name: string;
  row_count: number;
  counts: Partial<AudienceCounts>;
  revision: number;
  deleted: boolean;
  rows_complete: boolean;
  shared_by: string;
  shared_at: Date;
}

const COLUMNS = 'id, account_sid, name, row_count, counts, revision, deleted, rows_complete, shared_by, shared_at';

/**
 * The audiences written since `watermark` that this login may see (its account's; a parent
 * manager: every sub-account's), with the display name of whoever shared each.
 */
export async function pullAudiences(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<PulledAudience>> {
  const window = await readChangeWindow<AudienceRow>(client, 'audiences', COLUMNS, watermark);
  const roles = [...new Set(window.rows.map((row) => row.shared_by))];
  const names = new Map<string, string>();
  if (roles.length > 0) {
    const { rows } = await client.query<{ role_name: string; display_name: string }>(
      'SELECT role_name, display_name FROM desk.members WHERE role_name = ANY($1::text[])',
      [roles],
    );
    for (const row of rows) names.set(row.role_name, row.display_name);
  }
  return {
    watermark: window.watermark,
    rows: window.rows.map((row) => ({
      id: row.id,
      accountSid: row.account_sid,
      name: row.name,
      rowCount: row.row_count,
      recipients: row.counts.validRows ?? 0,
      revision: row.revision,
      sharedBy: names.get(row.shared_by) ?? row.shared_by,
      sharedAtMs: row.shared_at.getTime(),
      rowsComplete: row.rows_complete,
      deleted: row.deleted,
    })),
  };
}

/**
 * Writes an audience's metadata for this account, rows not complete yet. An audience already there
 * (an upload resumed) keeps its row. Returns the workspace's revision and when it was shared; throws
 * when the id belongs to an audience this login may not see.
 */
export async function ensureAudienceShared(
  client: pg.ClientBase,
  account: WorkspaceAccount,
  audience: AudienceMetadata,
): Promise<{ revision: number; rowsComplete: boolean; sharedAtMs: number }> {
  await client.query(
    `INSERT INTO desk.audiences (id, organisation_id, account_sid, name, row_count, columns, source_name, default_country, counts, report)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (id) DO NOTHING`,
    [
      audience.id,
      account.organisationId,
      account.accountSid,
      audience.name,
      audience.rowCount,
      JSON.stringify(audience.customFields),
      audience.sourceName,
      audience.defaultCountry,
      JSON.stringify(audience.counts),
      audience.report === null ? null : JSON.stringify(audience.report),
    ],
  );
  const { rows } = await client.query<{ revision: number; rows_complete: boolean; shared_at: Date; deleted: boolean }>(
    'SELECT revision, rows_complete, shared_at, deleted FROM desk.audiences WHERE id = $1',
    [audience.id],
  );
  const row = rows[0];
  if (!row) throw new Error(`Audience ${audience.id} belongs to another account in the team workspace.`);
  return { revision: row.revision, rowsComplete: row.rows_complete && !row.deleted, sharedAtMs: row.shared_at.getTime() };
}

export type AudiencePushOutcome = { kind: 'applied'; revision: number } | { kind: 'conflict'; revision: number } | { kind: 'not-found' };

/** Marks every row as in, if nobody changed the audience since `baseRevision`: teammates see it from now on. */
export async function completeAudienceRows(client: pg.ClientBase, id: string, baseRevision: number): Promise<AudiencePushOutcome> {
  const updated = await client.query<{ revision: number }>(
    `UPDATE desk.audiences SET rows_complete = true, revision = revision + 1, updated_by = session_user, updated_at = now()
      WHERE id = $1 AND revision = $2 AND NOT deleted RETURNING revision`,
    [id, baseRevision],
  );
  return outcomeOf(client, id, updated.rows[0]?.revision);
}

/**
 * Withdraws a shared audience whose local copy was deleted on the sharing desktop, if nobody
 * changed it since `baseRevision`: its rows go, its metadata stays as deleted so teammates' lists
 * drop it (their pulled copies stay theirs). One transaction.
 */
export async function withdrawAudience(client: pg.ClientBase, id: string, baseRevision: number): Promise<AudiencePushOutcome> {
  await client.query('BEGIN');
  try {
    const updated = await client.query<{ revision: number }>(
      `UPDATE desk.audiences SET deleted = true, rows_complete = false, revision = revision + 1, updated_by = session_user, updated_at = now()
        WHERE id = $1 AND revision = $2 RETURNING revision`,
      [id, baseRevision],
    );
    if (updated.rows[0]) await client.query('DELETE FROM desk.audience_rows WHERE audience_id = $1', [id]);
    await client.query('COMMIT');
    return await outcomeOf(client, id, updated.rows[0]?.revision);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** An upload cancelled before teammates could use it: the metadata and the rows sent so far go. */
export async function discardAudience(client: pg.ClientBase, id: string): Promise<void> {
  await client.query('DELETE FROM desk.audiences WHERE id = $1 AND NOT rows_complete', [id]);
}

/** The metadata a pulled audience is recreated from. */
export async function audienceMetadata(client: pg.ClientBase, id: string): Promise<AudienceMetadata | undefined> {
  const { rows } = await client.query<{
    id: string;
    name: string;
    source_name: string | null;
    default_country: string | null;
    columns: string[];
    row_count: number;
    counts: Partial<AudienceCounts>;
    report: AudienceReport | null;
  }>('SELECT id, name, source_name, default_country, columns, row_count, counts, report FROM desk.audiences WHERE id = $1 AND rows_complete AND NOT deleted', [
    id,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    sourceName: row.source_name,
    defaultCountry: row.default_country,
    customFields: row.columns,
    rowCount: row.row_count,
    counts: {
      totalRows: row.counts.totalRows ?? 0,
      validRows: row.counts.validRows ?? 0,
      invalidRows: row.counts.invalidRows ?? 0,
      duplicateRows: row.counts.duplicateRows ?? 0,
      optedOutRows: row.counts.optedOutRows ?? 0,
    },
    report: row.report,
  };
}

async function outcomeOf(client: pg.ClientBase, id: string, revision: number | undefined): Promise<AudiencePushOutcome> {
  if (revision !== undefined) return { kind: 'applied', revision };
  const current = await client.query<{ revision: number }>('SELECT revision FROM desk.audiences WHERE id = $1', [id]);
  const theirs = current.rows[0]?.revision;
  return theirs === undefined ? { kind: 'not-found' } : { kind: 'conflict', revision: theirs };
}
