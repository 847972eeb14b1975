import Database from 'better-sqlite3';
import { join } from 'node:path';

/**
 * Reads the embedded sandbox's own database in a browser host's data folder, read-only: the ground
 * truth (accounts, ledger, messages) an e2e test checks the screen against.
 */
export function readSandbox<T>(dataDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(dataDir, 'sandbox', 'sandbox.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The embedded sandbox's account of that name: its sid and API key. */
export function sandboxAccount(dataDir: string, name: string): { sid: string; apiKey: string } {
  const row = readSandbox(
    dataDir,
    (db) => db.prepare('SELECT sid, api_key AS apiKey FROM accounts WHERE name = ?').get(name) as { sid: string; apiKey: string } | undefined,
  );
  if (!row) throw new Error(`the sandbox has no account named ${name}`);
  return row;
}

/** What the platform charged `sid` and kept (charges negative, refunds positive in its ledger), in minor units. */
export function ledgerSpend(dataDir: string, sid: string): number {
  return readSandbox(
    dataDir,
    (db) =>
      (
        db.prepare(`SELECT COALESCE(-SUM(amount_minor), 0) AS spent FROM ledger WHERE account_sid = ? AND kind IN ('sms_charge', 'sms_refund')`).get(sid) as {
          spent: number;
        }
      ).spent,
  );
}
