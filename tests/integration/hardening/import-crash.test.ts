import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshDataDir, startHost, type RunningHost } from '../../e2e/support/browser-host';
import { storeIntegrity } from './store-integrity';

/**
 * SIGKILL of the whole app (the built browser host, as a user's force-quit would) at random moments
 * of an audience import, repeated: after each restart the store passes PRAGMA integrity_check, the
 * interrupted audience is `failed` (never a partial audience that looks complete), and a final
 * import of the same file still yields exactly its rows.
 */
const ROWS = 150_000;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const csv = ['phone,name', ...Array.from({ length: ROWS }, (_, i) => `+9198${String(i).padStart(8, '0')},Person ${i}`), ''].join('\n');

interface CallAnswer {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string };
}

let host: RunningHost | null = null;
afterEach(async () => {
  await host?.stop();
  host = null;
});

beforeAll(() => {
  // The drill kills the real app process, so it runs the built host; building it takes about a second.
  expect(spawnSync(process.execPath, ['build/scripts/build.mjs', 'browser-host'], { cwd: root }).status).toBe(0);
});

async function call<T>(running: RunningHost, name: string, payload: unknown): Promise<T> {
  const token = new URL(running.openUrl).hash.replace('#token=', '');
  const response = await fetch(`${running.url}api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-desk-token': token },
    body: JSON.stringify(payload),
  });
  const answer = (await response.json()) as CallAnswer;
  if (!answer.ok) throw new Error(`${name}: ${answer.error?.code} ${answer.error?.message}`);
  return answer.value as T;
}

async function startImport(running: RunningHost, name: string): Promise<string> {
  const token = new URL(running.openUrl).hash.replace('#token=', '');
  const uploaded = await fetch(`${running.url}api/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', 'x-desk-token': token, 'x-file-name': 'big.csv' },
    body: csv,
  });
  const { value } = (await uploaded.json()) as { value: { uploadId: string } };
  const preview = await call<{ suggestedMapping: unknown }>(running, 'audiences.preview', { uploadId: value.uploadId });
  const { audienceId } = await call<{ audienceId: string }>(running, 'audiences.import', {
    uploadId: value.uploadId,
    name,
    mapping: preview.suggestedMapping,
    defaultCountry: 'IN',
  });
  return audienceId;
}

describe('SIGKILL during an audience import', () => {
  it('never leaves a partial audience marked ready, keeps the store sound, and a later import is exact', { timeout: 180_000 }, async () => {
    const dataDir = freshDataDir();
    const interrupted: string[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      host = await startHost(dataDir, ['--no-initial-sync']);
      interrupted.push(await startImport(host, `Interrupted ${attempt}`));
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 700)));
      await host.kill();
      host = null;
      expect(storeIntegrity(dataDir)).toBe('ok');
    }

    host = await startHost(dataDir, ['--no-initial-sync']);
    for (const audienceId of interrupted) {
      const audience = await call<{ status: string }>(host, 'audiences.get', { audienceId });
      // A kill after the last row was written may leave a complete audience: that one is ready and whole.
      expect(['failed', 'ready']).toContain(audience.status);
      if (audience.status === 'ready') expect(audience).toMatchObject({ validRows: ROWS });
    }

    const finalId = await startImport(host, 'Complete');
    let final: { status: string; validRows: number } = { status: 'importing', validRows: 0 };
    for (let i = 0; i < 600 && final.status === 'importing'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      final = await call(host, 'audiences.get', { audienceId: finalId });
    }
    expect(final).toMatchObject({ status: 'ready', validRows: ROWS });
    await host.stop();
    host = null;
    expect(storeIntegrity(dataDir)).toBe('ok');
  });
});
