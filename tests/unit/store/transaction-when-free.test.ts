import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { transactionWhenFree } from '../../../electron/core/store/transaction-when-free';

describe('a slice transaction waiting for another connection’s write lock', () => {
  it('waits off the thread: timers keep firing while the other connection holds the lock, then the work commits', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'desk-when-free-')), 'db.sqlite');
    const core = openDatabase(file);
    const writer = openDatabase(file);
    core.exec('CREATE TABLE slices (n INTEGER)');
    const busyTimeout = core.pragma('busy_timeout', { simple: true });
    // The other connection (as the import's writer thread) holds the write lock for 300 ms.
    writer.exec('BEGIN IMMEDIATE');
    setTimeout(() => writer.exec('COMMIT'), 300);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const started = performance.now();
    const written = await transactionWhenFree(core, () => core.prepare('INSERT INTO slices (n) VALUES (1)').run().changes);
    clearInterval(ticker);
    expect(written).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    // A blocking wait would have let no timer run until the lock was free; a loaded machine may delay a few.
    expect(ticks).toBeGreaterThan(5);
    expect(core.prepare('SELECT COUNT(*) AS n FROM slices').get()).toEqual({ n: 1 });
    // The connection's own busy timeout is back for every other write.
    expect(core.pragma('busy_timeout', { simple: true })).toBe(busyTimeout);
    core.close();
    writer.close();
  });
});
