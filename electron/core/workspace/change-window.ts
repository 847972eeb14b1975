import type pg from 'pg';

/**
 * A pull cursor that cannot skip a row committed out of order. Every shared row carries the id of
 * the transaction that last wrote it (`change_xid`, a 64-bit xid8). Transaction ids are taken in
 * one order and committed in another, so "everything above the largest id seen" would skip a
 * transaction that took a lower id and committed later. Instead each pull reads, in one snapshot,
 * the window [previous watermark, xmin of that snapshot): every transaction below xmin has
 * finished, so no row can still appear in the window afterwards, and the next pull starts at that
 * xmin. A transaction left open somewhere holds the watermark back (its rows arrive late, never lost).
 */
export interface ChangeWindow<Row> {
  rows: Row[];
  /** Where the next pull starts (an xid8 as text; `0` before the first pull). */
  watermark: string;
}

export const INITIAL_WATERMARK = '0';

/**
 * Reads one window of a table's changes that this login may see (row-level security applies).
 * `select` is the column list; rows come oldest transaction first.
 */
export async function readChangeWindow<Row extends pg.QueryResultRow>(
  client: pg.ClientBase,
  table: string,
  select: string,
  since: string,
): Promise<ChangeWindow<Row>> {
  if (!/^[a-z_]+$/.test(table)) throw new Error(`not a workspace table: ${table}`);
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // In REPEATABLE READ both statements see the same snapshot: the xmin read is the one the rows are read under.
    const watermark = (await client.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')).rows[0]?.xmin;
    if (watermark === undefined) throw new Error('the workspace returned no snapshot');
    const { rows } = await client.query<Row>(
      `SELECT ${select}, change_xid::text AS change_xid FROM desk.${table}
        WHERE change_xid >= $1::xid8 AND change_xid < $2::xid8 ORDER BY change_xid`,
      [since, watermark],
    );
    await client.query('COMMIT');
    return { rows, watermark };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
