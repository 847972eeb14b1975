/**
 * A loopback HTTP proxy in front of a real server that injects network and API faults on
 * chosen requests: error statuses (5xx, 429 with Retry-After) answered without forwarding, or
 * the nastier kind where the request *is* forwarded and processed but the answer is replaced,
 * withheld until the client times out, or cut off. Everything else passes through untouched.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assertNever } from '../../shared/assert-never';

export type Fault =
  /** Answer with this status without forwarding (the server never sees the request). */
  | { readonly kind: 'respond'; readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: unknown }
  /** Forward, let the server process it, then answer this status instead of its answer. */
  | { readonly kind: 'forward-then-respond'; readonly status: number }
  /** Forward, then never answer: the client's timeout fires. */
  | { readonly kind: 'forward-then-hang' }
  /** Forward, then cut the connection instead of answering. */
  | { readonly kind: 'forward-then-drop' }
  /** The server processed the request, but the answer arrives cut short: malformed JSON with its real status. */
  | { readonly kind: 'forward-then-garble' }
  /** Forward, then hold the server's answer this long before passing it on. */
  | { readonly kind: 'forward-then-delay'; readonly ms: number }
  /** Cut the connection without forwarding. */
  | { readonly kind: 'drop' };

export interface FaultRule {
  readonly method?: string;
  /** Matched against the path (without the query). */
  readonly path: RegExp;
  readonly fault: Fault;
  /** How many matching requests get the fault (then the rule is spent). */
  times: number;
  /**
   * The share of matching requests that get the fault (default 1: every one until spent), drawn
   * from `random` — pass a seeded generator so a failing run can be replayed.
   */
  readonly rate?: number;
  readonly random?: () => number;
}

export interface FaultProxy {
  readonly url: string;
  inject(rule: FaultRule): void;
  /** Faults injected so far, by kind. */
  readonly injected: Record<string, number>;
  /** Requests seen per "METHOD path". */
  readonly seen: Map<string, number>;
  /** Called when the server has answered a request the proxy is still holding back (a delay fault). */
  onHeld(listener: (key: string) => void): void;
  /** Every request in arrival order, with the fault it got (null = passed through). */
  readonly timeline: Array<{ at: number; key: string; fault: Fault['kind'] | null; body: string }>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const rules: FaultRule[] = [];
  const injected: Record<string, number> = {};
  const seen = new Map<string, number>();
  const timeline: FaultProxy['timeline'] = [];
  const heldListeners: Array<(key: string) => void> = [];

  const server = createServer((incoming, outgoing) => {
    const path = (incoming.url ?? '/').split('?')[0] ?? '/';
    const key = `${incoming.method ?? 'GET'} ${path}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const rule = rules.find(
      (candidate) =>
        candidate.times > 0 &&
        (candidate.method ?? incoming.method) === incoming.method &&
        candidate.path.test(path) &&
        (candidate.rate === undefined || (candidate.random ?? Math.random)() < candidate.rate),
    );
    if (rule) rule.times -= 1;
    const entry = { at: Date.now(), key, fault: rule?.fault.kind ?? null, body: '' };
    timeline.push(entry);
    incoming.on('data', (chunk: Buffer) => (entry.body += chunk.toString('utf8')));
    if (!rule) {
      pass(incoming, outgoing, upstream);
      return;
    }
    injected[rule.fault.kind] = (injected[rule.fault.kind] ?? 0) + 1;
    apply(rule.fault, incoming, outgoing, upstream, () => heldListeners.forEach((listener) => listener(key)));
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    // The latest rule wins where several match.
    inject: (rule) => rules.unshift(rule),
    injected,
    seen,
    timeline,
    onHeld: (listener) => heldListeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function apply(fault: Fault, incoming: IncomingMessage, outgoing: ServerResponse, upstream: URL, onHeld: () => void): void {
  switch (fault.kind) {
    case 'respond':
      incoming.resume();
      outgoing.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      outgoing.end(JSON.stringify(fault.body ?? { error: { code: `FAULT-${fault.status}`, message: 'injected by the fault proxy' } }));
      return;
    case 'drop':
      incoming.resume();
      incoming.socket.destroy();
      return;
    case 'forward-then-delay':
      relay(
        incoming,
        upstream,
        (response) =>
          readWhole(response, (body) => {
            onHeld();
            setTimeout(() => {
              if (outgoing.destroyed) return;
              outgoing.writeHead(response.statusCode ?? 502, response.headers);
              outgoing.end(body);
            }, fault.ms);
          }),
        () => incoming.socket.destroy(),
      );
      return;
    case 'forward-then-garble':
      relay(
        incoming,
        upstream,
        (response) =>
          readWhole(response, (body) => {
            outgoing.writeHead(response.statusCode ?? 502, { 'content-type': 'application/json' });
            outgoing.end(body.subarray(0, Math.max(1, Math.floor(body.length / 2))));
          }),
        () => incoming.socket.destroy(),
      );
      return;
    case 'forward-then-respond':
    case 'forward-then-hang':
    case 'forward-then-drop':
      relay(
        incoming,
        upstream,
        (response) => {
          response.resume();
          response.on('end', () => {
            if (fault.kind === 'forward-then-respond') {
              outgoing.writeHead(fault.status, { 'content-type': 'application/json' });
              outgoing.end(JSON.stringify({ error: { code: `FAULT-${fault.status}`, message: 'injected after the server processed the request' } }));
            } else if (fault.kind === 'forward-then-drop') {
              incoming.socket.destroy();
            }
            // forward-then-hang: say nothing; the client gives up.
          });
        },
        () => incoming.socket.destroy(),
      );
      return;
    default:
      assertNever(fault);
  }
}

function pass(incoming: IncomingMessage, outgoing: ServerResponse, upstream: URL): void {
  relay(
    incoming,
    upstream,
    (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    },
    () => outgoing.destroy(),
  );
}

function relay(incoming: IncomingMessage, upstream: URL, onResponse: (response: IncomingMessage) => void, onError: () => void): void {
  const proxied = forward(
    { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
    onResponse,
  );
  proxied.on('error', onError);
  incoming.pipe(proxied);
}

/** Reads the server's answer to its end, then hands its body on whole. */
function readWhole(response: IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => then(Buffer.concat(chunks)));
}
