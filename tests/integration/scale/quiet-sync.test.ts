import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core/core';
import { callOk, closedAfterAll, prepaidParentWithCustomers, startTestCore, startTestSandbox, tempDir } from '../app/support';

const open = closedAfterAll();

describe('a sync costs in proportion to what changed', () => {
  it('emits nothing when nothing changed, and rewrites only the rows that did', async () => {
    const sandbox = await startTestSandbox();
    open.push(sandbox);
    const { parent, created: customers } = await prepaidParentWithCustomers(sandbox, { count: 300, creditMinor: () => 2_00 });
    const dataDir = tempDir('quiet-sync-');
    const core = await startTestCore(dataDir, { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
    open.push(core);
    const changes = () => core.events.filter((event) => event.name === 'subaccounts.changed').length;
    const syncedAt = () => {
      const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
      try {
        return new Map(
          (db.prepare('SELECT sid, synced_at_ms FROM subaccounts').all() as Array<{ sid: string; synced_at_ms: number }>).map((row) => [
            row.sid,
            row.synced_at_ms,
          ]),
        );
      } finally {
        db.close();
      }
    };

    await callOk(core, 'sync.now');
    expect(changes()).toBe(1);
    const first = syncedAt();
    await callOk(core, 'sync.now');
    await callOk(core, 'sync.now');
    expect(changes()).toBe(1);
    expect(syncedAt()).toEqual(first);

    // Someone suspends one customer elsewhere (the sandbox's own API): one event, one row rewritten.
    const target = customers[123]!;
    const answer = await fetch(`${sandbox.url}/api/v1/${parent.sid}/subaccounts/${target.sid}/suspend`, {
      method: 'POST',
      headers: { 'api-key': parent.apiKey },
    });
    expect(answer.status).toBe(200);
    await callOk(core, 'sync.now');
    expect(changes()).toBe(2);
    const after = syncedAt();
    const rewritten = [...after].filter(([sid, at]) => first.get(sid) !== at).map(([sid]) => sid);
    expect(rewritten).toEqual([target.sid]);
    expect((await callOk(core, 'subaccounts.list', { status: 'suspended' })).map((row) => row.sid)).toContain(target.sid);
  }, 120_000);
});
