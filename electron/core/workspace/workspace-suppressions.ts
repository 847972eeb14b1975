import type pg from 'pg';
import { readChangeWindow, type ChangeWindow } from './change-window';

/** A suppression as the workspace holds it (organisation-wide when `accountSid` is the organisation's own SID). */
export interface WorkspaceSuppression {
  id: string;
  accountSid: string;
  phoneE164: string;
  reason: string;
  note: string;
  deleted: boolean;
  revision: number;
  updatedBy: string;
  updatedAt: string;
}

interface SuppressionRow {
  id: string;
  account_sid: string;
  phone_e164: string;
  reason: string;
  note: string;
  deleted: boolean;
  revision: number;
  updated_by: string;
  updated_at: Date;
  change_xid: string;
}

const COLUMNS = 'id, account_sid, phone_e164, reason, note, deleted, revision, updated_by, updated_at';

const toSuppression = (row: SuppressionRow): WorkspaceSuppression => ({
  id: row.id,
  accountSid: row.account_sid,
  phoneE164: row.phone_e164,
  reason: row.reason,
  note: row.note,
  deleted: row.deleted,
  revision: row.revision,
  updatedBy: row.updated_by,
  updatedAt: row.updated_at.toISOString(),
});

/** The suppressions written since `watermark` that this login may see: its account's and the organisation-wide ones. */
export async function pullSuppressions(client: pg.ClientBase, watermark: string): Promise<ChangeWindow<WorkspaceSuppression>> {
  const window = await readChangeWindow<SuppressionRow>(client, 'suppressions', COLUMNS, watermark);
  return { rows: window.rows.map(toSuppression), watermark: window.watermark };
}

/** A change made on this desktop, pushed later; `baseRevision` is the revision the person saw. */
export type SuppressionChange =
  | { kind: 'add'; id: string; organisationId: string; accountSid: string; phoneE164: string; reason: string; note: string }
  | { kind: 'edit'; id: string; baseRevision: number; reason: string; note: string }
  | { kind: 'remove'; id: string; baseRevision: number };

export type SuppressionPushOutcome =
  | { kind: 'applied'; revision: number }
  /** The number is already suppressed for this account (by someone else): the intent holds, nothing to change. */
  | { kind: 'already-suppressed'; theirs: WorkspaceSuppression }
  /** Someone changed it since this desktop's revision: both versions go to the person, nothing is overwritten. */
  | { kind: 'conflict'; theirs: WorkspaceSuppression }
  /** Gone, or never visible to this login. */
  | { kind: 'not-found' };

/**
 * Pushes one change with an optimistic revision check: `UPDATE … WHERE id = $1 AND revision = $2`
 * changes the row only if nobody else did since; otherwise the current row comes back as a
 * conflict. Row-level security decides which account's rows this login may write.
 */
export async function pushSuppression(client: pg.ClientBase, change: SuppressionChange): Promise<SuppressionPushOutcome> {
  switch (change.kind) {
    case 'add': {
      // Adding a number that was removed brings the row back (a new revision); adding one that is
      // suppressed already changes nothing.
      const added = await client.query<{ revision: number }>(
        `INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, reason, note) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (organisation_id, account_sid, phone_e164) DO UPDATE
           SET deleted = false, reason = excluded.reason, note = excluded.note, revision = desk.suppressions.revision + 1,
               updated_by = session_user, updated_at = now()
           WHERE desk.suppressions.deleted
         RETURNING revision`,
        [change.id, change.organisationId, change.accountSid, change.phoneE164, change.reason, change.note],
      );
      const revision = added.rows[0]?.revision;
      if (revision !== undefined) return { kind: 'applied', revision };
      const theirs = await current(client, { accountSid: change.accountSid, phoneE164: change.phoneE164 });
      return theirs ? { kind: 'already-suppressed', theirs } : { kind: 'not-found' };
    }
    case 'edit':
    case 'remove': {
      const updated = await client.query<{ revision: number }>(
        change.kind === 'edit'
          ? `UPDATE desk.suppressions SET reason = $3, note = $4, revision = revision + 1, updated_by = session_user, updated_at = now()
              WHERE id = $1 AND revision = $2 RETURNING revision`
          : `UPDATE desk.suppressions SET deleted = true, revision = revision + 1, updated_by = session_user, updated_at = now()
              WHERE id = $1 AND revision = $2 RETURNING revision`,
        change.kind === 'edit' ? [change.id, change.baseRevision, change.reason, change.note] : [change.id, change.baseRevision],
      );
      const revision = updated.rows[0]?.revision;
      if (revision !== undefined) return { kind: 'applied', revision };
      const theirs = await current(client, { id: change.id });
      return theirs ? { kind: 'conflict', theirs } : { kind: 'not-found' };
    }
  }
}

/** Numbers per statement when pushing many additions (an import of thousands must not cost a round trip each). */
export const PUSH_CHUNK = 500;

/**
 * Pushes many additions for one account, a chunk per statement (each commits on its own, so a cut
 * connection leaves whole chunks and the next push sends only what is missing). Numbers already
 * suppressed stay as they are; removed ones come back with a new revision. Returns how many rows
 * were written.
 */
export async function pushSuppressionAdditions(
  client: pg.ClientBase,
  target: { organisationId: string; accountSid: string },
  numbers: ReadonlyArray<{ id: string; phoneE164: string; reason: string }>,
): Promise<number> {
  let written = 0;
  for (let start = 0; start < numbers.length; start += PUSH_CHUNK) {
    const chunk = numbers.slice(start, start + PUSH_CHUNK);
    const result = await client.query(
      `INSERT INTO desk.suppressions (id, organisation_id, account_sid, phone_e164, reason)
       SELECT id, $1, $2, phone, reason FROM unnest($3::uuid[], $4::text[], $5::text[]) AS n (id, phone, reason)
       ON CONFLICT (organisation_id, account_sid, phone_e164) DO UPDATE
         SET deleted = false, reason = excluded.reason, revision = desk.suppressions.revision + 1, updated_by = session_user, updated_at = now()
         WHERE desk.suppressions.deleted`,
      [target.organisationId, target.accountSid, chunk.map((n) => n.id), chunk.map((n) => n.phoneE164), chunk.map((n) => n.reason)],
    );
    written += result.rowCount ?? 0;
  }
  return written;
}

async function current(client: pg.ClientBase, key: { id: string } | { accountSid: string; phoneE164: string }): Promise<WorkspaceSuppression | undefined> {
  const { rows } =
    'id' in key
      ? await client.query<SuppressionRow>(`SELECT ${COLUMNS}, change_xid::text AS change_xid FROM desk.suppressions WHERE id = $1`, [key.id])
      : await client.query<SuppressionRow>(
          `SELECT ${COLUMNS}, change_xid::text AS change_xid FROM desk.suppressions WHERE account_sid = $1 AND phone_e164 = $2`,
          [key.accountSid, key.phoneE164],
        );
  const row = rows[0];
  return row && toSuppression(row);
}
