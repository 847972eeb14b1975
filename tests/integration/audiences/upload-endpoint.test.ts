import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/http-server';
import type { Core } from '../../../electron/core/core';
import { callOk, startTestCore, tempDir } from '../app/support';

let host: BrowserHost;
let core: Core;

beforeAll(async () => {
  core = await startTestCore(tempDir('desk-upload-'), { url: 'http://127.0.0.1:9', sid: 'HXAP00000000000000', apiKey: 'k'.repeat(32), name: 'Offline parent' });
  const rendererDir = tempDir('desk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  host = await startBrowserHost({ core, rendererDir });
});

afterAll(async () => {
  await host.close();
  core.close();
});

function post(headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path: '/api/upload', method: 'POST', headers: { host: `127.0.0.1:${host.port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const CSV = 'phone,name\n+919810000001,Asha\n';

describe('browser host: POST /api/upload', () => {
  it('stores the streamed bytes and answers an upload id the preview can read', async () => {
    const answer = await post(
      { 'x-desk-token': host.token, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent('Diwali ✨.csv') },
      CSV,
    );
    expect(answer.status).toBe(200);
    const parsed = JSON.parse(answer.body) as { ok: true; value: { uploadId: string; fileName: string; sizeBytes: number } };
    expect(parsed.value).toMatchObject({ fileName: 'Diwali ✨.csv', sizeBytes: CSV.length });
    const preview = await callOk(core, 'audiences.preview', { uploadId: parsed.value.uploadId });
    expect(preview.rows).toEqual([
      ['phone', 'name'],
      ['+919810000001', 'Asha'],
    ]);
  });

  it('refuses a missing token, a foreign origin, another content type and a declared size over the cap', async () => {
    const type = { 'content-type': 'application/octet-stream' };
    expect((await post(type, CSV)).status).toBe(401);
    expect((await post({ ...type, 'x-desk-token': host.token, origin: 'http://evil.example' }, CSV)).status).toBe(403);
    expect((await post({ 'x-desk-token': host.token, 'content-type': 'application/json' }, CSV)).status).toBe(415);
    const tooLarge = await post({ ...type, 'x-desk-token': host.token, 'content-length': String(600 * 1024 * 1024) }, '');
    expect(tooLarge.status).toBe(413);
    expect(JSON.parse(tooLarge.body)).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
  });
});
