import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../electron/core/dispatch';
import { silentLogger } from '../../../electron/core/log';
import { openDatabase } from '../../../electron/core/store/database';
import { isStoreBusy } from '../../../electron/core/store/store-busy';
import { tempDir } from '../../integration/app/support';
import { join } from 'node:path';
import type { CallHandlers } from '../../../electron/core/dispatch';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

describe('the core keeps serving', () => {
  it('logs an uncaught exception and an unhandled rejection and stays up', () => {
    const child = spawnSync(process.execPath, ['--import', 'tsx', 'tests/unit/core/fixtures/crash-guard-child.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('still serving');
    expect(child.stderr).toContain('uncaught exception; the core keeps serving');
    expect(child.stderr).toContain('a timer callback failed');
    expect(child.stderr).toContain('unhandled rejection; the core keeps serving');
  });
});

describe('a store locked by another connection', () => {
  it('waits a bounded time, then answers STORE_BUSY (retryable, nothing written) instead of INTERNAL', async () => {
    const file = join(tempDir('store-busy-'), 'desk.sqlite');
    const holder = openDatabase(file);
    holder.exec('CREATE TABLE IF NOT EXISTS probe (n INTEGER)');
    const waiter = new Database(file);
    waiter.pragma('busy_timeout = 50');
    holder.exec('BEGIN IMMEDIATE');
    let thrown: unknown;
    try {
      waiter.transaction(() => waiter.prepare('INSERT INTO probe VALUES (1)').run()).immediate();
    } catch (error) {
      thrown = error;
    }
    expect(isStoreBusy(thrown)).toBe(true);
    const dispatch = createDispatcher(
      {
        'app.info': () => {
          throw thrown;
        },
      } as unknown as CallHandlers,
      () => 'parent',
      silentLogger,
    );
    expect(await dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'STORE_BUSY', message: expect.stringContaining('Try again') } });
    holder.exec('ROLLBACK');
    expect(waiter.prepare('SELECT COUNT(*) AS n FROM probe').get()).toEqual({ n: 0 });
    waiter.close();
    holder.close();
  });
});
