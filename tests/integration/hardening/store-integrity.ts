import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../../../electron/core/core';

/**
 * PRAGMA integrity_check of a data folder's store after a kill: opened raw, without the app's
 * opener, so no migration or pragma touches the file before it is checked. "ok" when sound.
 */
export function storeIntegrity(dataDir: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/**
 * Campaign progress counters that differ from a full recount of the messages (queued ones are not counted) after a kill, as
 * "campaign wave status reason: stored ≠ recounted" lines; empty when they agree.
 */
export function progressCounterDrift(dataDir: string): string[] {
  const db = new Database(join(dataDir, DATABASE_FILE));
  try {
    type Row = { campaign_id: string; wave_no: number; status: string; reason: string; messages: number; charged: number };
    const key = (row: Row) => `${row.campaign_id} ${row.wave_no} ${row.status} ${row.reason}`;
    const stored = new Map(
      (db.prepare('SELECT campaign_id, wave_no, status, reason, messages, charged_minor AS charged FROM campaign_message_counts').all() as Row[]).map((row) => [
        key(row),
        row,
      ]),
    );
    const recounted = db
      .prepare(
        `SELECT campaign_id, wave_no, status, CASE WHEN status IN ('UnDelivered', 'NotSent') THEN COALESCE(status_details, '') ELSE '' END AS reason,
          COUNT(*) AS messages, SUM(charged_minor) AS charged FROM campaign_messages WHERE status <> 'queued' GROUP BY 1, 2, 3, 4`,
      )
      .all() as Row[];
    const drift: string[] = [];
    for (const row of recounted) {
      const counter = stored.get(key(row));
      stored.delete(key(row));
      if (counter?.messages !== row.messages || counter.charged !== row.charged)
        drift.push(`${key(row)}: ${counter?.messages ?? 0}/${counter?.charged ?? 0} ≠ ${row.messages}/${row.charged}`);
    }
    for (const [name, counter] of stored)
      if (counter.messages !== 0 || counter.charged !== 0) drift.push(`${name}: ${counter.messages}/${counter.charged} ≠ 0/0`);
    return drift;
  } finally {
    db.close();
  }
}
