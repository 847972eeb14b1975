import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/browser-host/http-server';
import { CONTENT_SECURITY_POLICY } from '../../../electron/csp';
import type { RunningSandbox } from '../../../sandbox/server';
import { prepaidParent, startTestCore, startTestSandbox, tempDir } from './support';

let api: RunningSandbox;
let host: BrowserHost;
let closeCore: () => void;

beforeAll(async () => {
  api = await startTestSandbox();
  const parent = prepaidParent(api);
  const core = await startTestCore(tempDir('desk-host-'), { url: api.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name });
  closeCore = () => core.close();
  const rendererDir = tempDir('desk-renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startBrowserHost({ core, rendererDir });
});

afterAll(async () => {
  await host.close();
  closeCore();
  await api.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Raw HTTP, so the test controls the Host and Origin headers a browser would not let it forge. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const callHeaders = () => ({ 'content-type': 'application/json', 'x-desk-token': host.token });

describe('browser host', () => {
  it('binds loopback only and hands out the token in the URL fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.openUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the renderer with the strict CSP and no-sniff', async () => {
    const page = await send('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await send('/assets/app.js')).headers['content-type']).toContain('javascript');
  });

  it('refuses path traversal and unknown files', async () => {
    expect((await send('/../../etc/passwd')).status).toBe(404);
    expect((await send('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await send('/missing.js')).status).toBe(404);
  });

  it('answers contract calls with the token', async () => {
    const answer = await send('/api/call/app.info', { method: 'POST', headers: callHeaders(), body: '{}' });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { version: '0.0.0-test', host: 'browser' } });
  });

  it('refuses calls without the token or with a wrong one', async () => {
    expect((await send('/api/call/app.info', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect(
      (await send('/api/call/app.info', { method: 'POST', headers: { 'content-type': 'application/json', 'x-desk-token': `${host.token}x` }, body: '{}' }))
        .status,
    ).toBe(401);
    expect((await send(`/api/events`)).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin, even with the token', async () => {
    expect((await send('/api/call/app.info', { method: 'POST', headers: { ...callHeaders(), host: `evil.example:${host.port}` }, body: '{}' })).status).toBe(
      421,
    );
    expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await send('/api/call/app.info', { method: 'POST', headers: { ...callHeaders(), origin: 'http://evil.example' }, body: '{}' })).status).toBe(403);
    expect(
      (await send('/api/call/app.info', { method: 'POST', headers: { ...callHeaders(), origin: `http://localhost:${host.port}` }, body: '{}' })).status,
    ).toBe(200);
  });

  it('validates payloads and refuses non-JSON and oversized bodies', async () => {
    const invalid = await send('/api/call/subaccounts.list', { method: 'POST', headers: callHeaders(), body: '{"status":"nope"}' });
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect((await send('/api/call/app.info', { method: 'POST', headers: callHeaders(), body: '{not json' })).status).toBe(400);
    expect((await send('/api/call/app.info', { method: 'POST', headers: { ...callHeaders(), 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    expect(
      (await send('/api/call/app.info', { method: 'POST', headers: callHeaders(), body: 'x'.repeat(2 * 1024 * 1024) }).catch(() => ({ status: 413 }))).status,
    ).toBe(413);
    const unknown = await send('/api/call/__proto__', { method: 'POST', headers: callHeaders(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('streams events to a client holding the token', async () => {
    let connected!: () => void;
    const ready = new Promise<void>((resolve) => (connected = resolve));
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } },
        (res) => {
          expect(res.headers['content-type']).toBe('text/event-stream');
          res.on('data', (chunk: Buffer) => {
            const text = chunk.toString();
            if (text.startsWith(': ready')) connected();
            if (text.includes('data:')) {
              resolve(text);
              req.destroy();
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    await ready;
    await send('/api/call/sync.now', { method: 'POST', headers: callHeaders(), body: '{}' });
    const frame = await received;
    expect(frame).toMatch(/"name":"(sync\.status|subaccounts\.changed)"/);
  });
});
