import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403 | 421; reason: string };

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * The browser host serves a powerful API to any page that can reach it, so every request must
 * come from this machine, name this server as its Host (no DNS rebinding), come from our own
 * origin when a browser says where it comes from, and carry the per-launch token for the API.
 */
export function checkRequest(request: IncomingMessage, port: number, needsToken: boolean, token: string): GuardVerdict {
  if (!LOOPBACK.test(request.socket.remoteAddress ?? '')) return { ok: false, status: 403, reason: 'not from this machine' };
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes((request.headers.host ?? '').toLowerCase())) return { ok: false, status: 421, reason: 'foreign Host header' };
  const origin = request.headers.origin;
  if (origin !== undefined && !allowedHosts.some((host) => origin.toLowerCase() === `http://${host}`)) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  if (needsToken && !tokenMatches(presentedToken(request), token)) return { ok: false, status: 401, reason: 'missing or wrong token' };
  return { ok: true };
}

function presentedToken(request: IncomingMessage): string {
  const header = request.headers['x-desk-token'];
  if (typeof header === 'string') return header;
  // EventSource cannot set headers, so the event stream alone takes the token in its query.
  return new URL(request.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
}

function tokenMatches(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
