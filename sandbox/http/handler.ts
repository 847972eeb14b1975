import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { sandboxCodes } from '../../shared/kaleyra/errors';
import { SandboxError } from '../domain/errors';
import type { SandboxServices } from '../domain/services';
import { parseBody, readBody } from './body';
import { errorBody, writeJson } from './respond';
import type { ApiResult, ApiStyle } from './respond';
import type { Router } from './router';
import { styleForPath } from './router';

const ADMIN_TOKEN_HEADER = 'x-sandbox-admin-token';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** The request pipeline: body (size-capped) → route → key → access → rate limit → handler. */
export function createRequestHandler(services: SandboxServices, router: Router) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let style: ApiStyle = styleForPath(request.url ?? '/');
    try {
      const url = parseUrl(request.url);
      style = styleForPath(url.pathname);
      const raw = await readBody(request);
      const match = router.match(request.method ?? 'GET', url.pathname);
      if (match.kind === 'not-found') throw new SandboxError(404, sandboxCodes.notFound, `no route ${url.pathname}`);
      if (match.kind === 'method-not-allowed') {
        style = match.style;
        throw new SandboxError(405, sandboxCodes.methodNotAllowed, `use ${match.allowed.join(', ')}`);
      }
      const { route, params } = match;
      style = route.style;
      const now = services.clock.now();
      const base = { services, params, query: url.searchParams, now, body: undefined as unknown };
      let result: ApiResult;
      if (route.auth === 'admin') {
        assertAdmin(request, services.adminToken);
        base.body = raw.length > 0 ? parseBody(raw, request.headers['content-type']) : {};
        result = route.handle(base);
      } else {
        const caller = authenticate(services, request);
        const target = services.store.accounts.findBySid(params['sid'] ?? '');
        // Same 403 whether the SID exists elsewhere or not at all: nothing leaks.
        if (!target || target.status === 'deleted' || (target.sid !== caller.sid && target.parentSid !== caller.sid)) {
          throw new SandboxError(403, sandboxCodes.forbidden, 'this key cannot reach that account');
        }
        const override =
          caller.rateLimitRequests !== null && caller.rateLimitWindowMs !== null
            ? { requests: caller.rateLimitRequests, windowMs: caller.rateLimitWindowMs }
            : null;
        services.rateLimiter.admit(caller.sid, override, now);
        base.body = raw.length > 0 ? parseBody(raw, request.headers['content-type']) : undefined;
        result = route.handle({ ...base, caller, target });
      }
      writeJson(response, result);
    } catch (error) {
      const refusal = error instanceof SandboxError ? error : internal(error);
      const headers: Record<string, string> = {};
      if (refusal.retryAfterSeconds !== undefined) headers['retry-after'] = String(refusal.retryAfterSeconds);
      if (refusal.httpStatus === 413) headers['connection'] = 'close';
      writeJson(response, { httpStatus: refusal.httpStatus, body: errorBody(style, refusal), headers });
      if (refusal.httpStatus === 413) request.resume();
    }
  };
}

function parseUrl(raw: string | undefined): URL {
  try {
    return new URL(raw ?? '/', 'http://sandbox.invalid');
  } catch {
    throw new SandboxError(400, sandboxCodes.invalidQuery, 'the request URL cannot be parsed');
  }
}

function authenticate(services: SandboxServices, request: IncomingMessage) {
  const header = request.headers['api-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const caller = key ? services.store.accounts.findByApiKey(key) : undefined;
  if (!caller || caller.status === 'deleted') {
    throw new SandboxError(401, sandboxCodes.unauthorized, 'missing or invalid api-key header');
  }
  return caller;
}

function assertAdmin(request: IncomingMessage, adminToken: string): void {
  const remote = request.socket.remoteAddress ?? '';
  const header = request.headers[ADMIN_TOKEN_HEADER];
  const given = Buffer.from(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  const expected = Buffer.from(adminToken);
  if (!LOOPBACK.has(remote) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SandboxError(401, sandboxCodes.unauthorized, 'admin routes need the admin token, from loopback');
  }
}

function internal(error: unknown): SandboxError {
  console.error('[sandbox] unexpected error', error);
  return new SandboxError(500, sandboxCodes.internal, 'the sandbox failed unexpectedly; nothing was changed');
}
