import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Core } from '../core/core';
import { SECURITY_HEADERS } from '../csp';
import { checkRequest } from './request-guard';
import { readStaticFile } from './static-files';
import { receiveUpload } from './upload-endpoint';

export interface BrowserHostOptions {
  core: Core;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BrowserHost {
  url: string;
  /** The URL to open: the token rides in the fragment, which browsers never send to servers. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 15_000;

/** Serves the built renderer and the core's contract over loopback HTTP, with events over SSE. */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const streams = new Set<ServerResponse>();
  let port = 0;

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, { error: 'internal error' });
      else response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const isApi = path.startsWith('/api/');
    const verdict = checkRequest(request, port, isApi, token);
    if (!verdict.ok) return send(response, verdict.status, { error: verdict.reason });

    if (isApi && path.startsWith('/api/call/') && request.method === 'POST') {
      if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return send(response, 415, { error: 'expected application/json' });
      }
      const body = await readBody(request);
      if (body === null) return send(response, 413, { error: 'request too large' });
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return send(response, 400, { ok: false, error: { code: 'VALIDATION_FAILED', message: 'The request body is not JSON.' } });
      }
      const name = decodeURIComponent(path.slice('/api/call/'.length));
      return send(response, 200, await options.core.call(name, payload));
    }
    if (isApi && path === '/api/events' && request.method === 'GET') return openEventStream(response);
    if (isApi && path === '/api/upload' && request.method === 'POST')
      return receiveUpload(request, options.core.uploads, (status, body) => send(response, status, body));
    if (isApi) return send(response, 404, { error: 'unknown endpoint' });
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { error: 'method not allowed' });

    const file = await readStaticFile(options.rendererDir, path);
    if (!file) return send(response, 404, { error: 'not found' });
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.contentType, 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  function openEventStream(response: ServerResponse): void {
    response.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write(': ready\n\n');
    streams.add(response);
    const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
    response.on('close', () => {
      clearInterval(heartbeat);
      streams.delete(response);
    });
  }

  const unsubscribe = options.core.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const stream of streams) stream.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
