import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { E2E_DATA_ROOT } from './browser-host';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// The sandbox is the API server: holding its accounts' keys is its job, so its own files are skipped.
const SANDBOX_FILE = /(^|\/)sandbox\.sqlite(-wal|-shm)?$/;

/**
 * Playwright global teardown: after the whole e2e run, no API key of any sandbox account may
 * appear in the app's SQLite files, logs, exported files (downloads land in test-results) or test artifacts.
 */
export default function scanForLeakedKeys(): void {
  if (!existsSync(E2E_DATA_ROOT)) return;
  const keys = new Set<string>();
  for (const dataDir of readdirSync(E2E_DATA_ROOT)) {
    const sandboxDb = join(E2E_DATA_ROOT, dataDir, 'sandbox', 'sandbox.sqlite');
    if (!existsSync(sandboxDb)) continue;
    const db = new Database(sandboxDb, { readonly: true });
    for (const row of db.prepare<[], { api_key: string }>('SELECT api_key FROM accounts').all()) keys.add(row.api_key);
    db.close();
  }
  if (keys.size === 0) throw new Error('secrets scan: found no sandbox keys to look for; the e2e data folders moved?');

  const leaks: string[] = [];
  let scanned = 0;
  for (const file of walk(join(root, 'test-results'))) {
    if (SANDBOX_FILE.test(file)) continue;
    scanned += 1;
    const text = readFileSync(file).toString('latin1');
    for (const key of keys) if (text.includes(key)) leaks.push(file.slice(root.length + 1));
  }
  console.log(`secrets scan: ${keys.size} API keys, ${scanned} files (SQLite stores, logs, exports, artifacts), ${leaks.length} leaks`);
  if (leaks.length > 0) throw new Error(`API keys leaked into: ${[...new Set(leaks)].join(', ')}`);
}

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}
