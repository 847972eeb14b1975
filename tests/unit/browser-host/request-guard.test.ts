import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest } from '../../../electron/browser-host/request-guard';

const PORT = 5180;
const TOKEN = 'per-launch-token-0123456789abcdef';

/** The guard reads only these parts of a request; the rest of IncomingMessage is irrelevant to it. */
function requestFrom(remoteAddress: string, headers: Record<string, string>, url = '/api/call/app.info'): IncomingMessage {
  return { socket: { remoteAddress }, headers, url } as unknown as IncomingMessage;
}

describe('browser host request guard', () => {
  const good = { host: `127.0.0.1:${PORT}`, 'x-desk-token': TOKEN };

  it('lets a loopback request with our Host and token through', () => {
    expect(checkRequest(requestFrom('127.0.0.1', good), PORT, true, TOKEN)).toEqual({ ok: true });
    expect(checkRequest(requestFrom('::ffff:127.0.0.1', good), PORT, true, TOKEN)).toEqual({ ok: true });
    expect(checkRequest(requestFrom('::1', { ...good, host: `localhost:${PORT}` }), PORT, true, TOKEN)).toEqual({ ok: true });
  });

  it('refuses anything that is not from this machine', () => {
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1', '']) {
      expect(checkRequest(requestFrom(address, good), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 403 });
    }
  });

  it('refuses a foreign or missing Host, including another port (DNS rebinding)', () => {
    for (const host of ['evil.example', `evil.example:${PORT}`, `127.0.0.1:${PORT + 1}`, '']) {
      expect(checkRequest(requestFrom('127.0.0.1', { ...good, host }), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 421 });
    }
  });

  it('refuses a foreign Origin but accepts our own', () => {
    expect(checkRequest(requestFrom('127.0.0.1', { ...good, origin: 'http://evil.example' }), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(requestFrom('127.0.0.1', { ...good, origin: `https://127.0.0.1:${PORT}` }), PORT, true, TOKEN)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(requestFrom('127.0.0.1', { ...good, origin: 'null' }), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(requestFrom('127.0.0.1', { ...good, origin: `http://127.0.0.1:${PORT}` }), PORT, true, TOKEN)).toEqual({ ok: true });
  });

  it('requires the exact token on API paths, from the header or (event stream) the query', () => {
    const { 'x-desk-token': _token, ...noToken } = good;
    expect(checkRequest(requestFrom('127.0.0.1', noToken), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(requestFrom('127.0.0.1', { ...good, 'x-desk-token': TOKEN.slice(1) }), PORT, true, TOKEN)).toMatchObject({ ok: false, status: 401 });
    expect(checkRequest(requestFrom('127.0.0.1', noToken, `/api/events?token=${TOKEN}`), PORT, true, TOKEN)).toEqual({ ok: true });
    expect(checkRequest(requestFrom('127.0.0.1', noToken, '/'), PORT, false, TOKEN)).toEqual({ ok: true });
  });
});
