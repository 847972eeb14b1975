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
