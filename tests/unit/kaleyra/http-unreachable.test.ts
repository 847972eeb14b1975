import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiUnreachableError, KaleyraHttp } from '../../../electron/core/kaleyra/http';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => close(server)));
});

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function failureOf(baseUrl: string, timeoutMs = 2_000): Promise<ApiUnreachableError> {
  const http = new KaleyraHttp({ baseUrl, sid: 'SID', apiKey: 'key', timeoutMs });
  const error: unknown = await http.request('POST', '/v1/SID/sms', z.unknown(), { to: '+919810012345' }).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ApiUnreachableError)) throw new Error(`expected ApiUnreachableError, got ${String(error)}`);
  return error;
}

describe('whether a request without an answer may have reached the API', () => {
  it('says no when the connection was never made', async () => {
    const closed = await listen(() => undefined);
    await close(closed.server);
    expect((await failureOf(closed.url)).requestMayHaveArrived).toBe(false);
    expect((await failureOf('http://127.0.0.1:9')).requestMayHaveArrived).toBe(false);
  });

  it('says maybe when the server took the request and then dropped it or never answered', async () => {
    const dropping = await listen((request) => request.socket.destroy());
    servers.push(dropping.server);
    expect((await failureOf(dropping.url)).requestMayHaveArrived).toBe(true);
    const silent = await listen(() => undefined);
    servers.push(silent.server);
    const timedOut = await failureOf(silent.url, 200);
    expect(timedOut.message).toMatch(/did not answer in time/);
    expect(timedOut.requestMayHaveArrived).toBe(true);
  });
});
