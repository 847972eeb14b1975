import { z } from 'zod';
import { sandboxCodes } from '../../shared/kaleyra/errors';
import type { AdminRoute } from '../http/router';
import { platformOk } from '../http/respond';
import { parseRequest } from '../http/validate';
import { SandboxError } from '../domain/errors';
import { checkRecipient } from '../domain/recipients';
import { familySid } from '../domain/sms-service';

const advanceRequest = z.strictObject({
  ms: z
    .number()
    .int()
    .min(0)
    .max(366 * 24 * 3600 * 1000),
});
const rateLimitRequest = z.strictObject({
  limit: z.union([z.strictObject({ requests: z.number().int().min(1), windowMs: z.number().int().min(1) }), z.null()]),
});
const dltRequest = z.strictObject({ scrubbing: z.boolean() });
const inboundRequest = z.strictObject({ sid: z.string(), from: z.string(), body: z.string().max(2000) });

/** [ours] test hooks, reachable from loopback with the admin token only. */
export const adminRoutes: AdminRoute[] = [
  {
    auth: 'admin',
    method: 'POST',
    pattern: '/__sandbox/clock/advance',
    style: 'admin',
    handle({ services, body }) {
      const { ms } = parseRequest(advanceRequest, body);
      services.clock.advance(ms);
      const now = services.clock.now();
      const transitions = services.delivery.processDue(now);
      return platformOk({ now: new Date(now).toISOString(), transitions });
    },
  },
  {
    auth: 'admin',
    method: 'POST',
    pattern: '/__sandbox/deliveries/process',
    style: 'admin',
    handle({ services, now }) {
      return platformOk({ transitions: services.delivery.processDue(now) });
    },
  },
  {
    auth: 'admin',
    method: 'PUT',
    pattern: '/__sandbox/accounts/:sid/rate-limit',
    style: 'admin',
    handle({ services, params, body }) {
      const sid = params['sid'] ?? '';
      const { limit } = parseRequest(rateLimitRequest, body);
      if (!services.store.accounts.findBySid(sid)) throw new SandboxError(404, sandboxCodes.notFound, `no account ${sid}`, 'sid');
      services.store.accounts.setRateLimit(sid, limit);
      services.rateLimiter.reset(sid);
      return platformOk({ sid, limit });
    },
  },
  {
    auth: 'admin',
    method: 'PUT',
    pattern: '/__sandbox/accounts/:sid/dlt',
    style: 'admin',
    handle({ services, params, body }) {
      const sid = params['sid'] ?? '';
      const { scrubbing } = parseRequest(dltRequest, body);
      if (!services.store.accounts.findBySid(sid)) throw new SandboxError(404, sandboxCodes.notFound, `no account ${sid}`, 'sid');
      services.store.templates.setScrubbed(sid, scrubbing);
      return platformOk({ sid, scrubbing });
    },
  },
  {
    auth: 'admin',
    method: 'POST',
    pattern: '/__sandbox/inbound',
    style: 'admin',
    handle({ services, body, now }) {
      const request = parseRequest(inboundRequest, body);
      const account = services.store.accounts.findBySid(request.sid);
      if (!account) throw new SandboxError(404, sandboxCodes.notFound, `no account ${request.sid}`, 'sid');
      const from = checkRecipient(request.from);
      if (from.kind === 'invalid') throw new SandboxError(400, sandboxCodes.invalidBody, 'from is not a phone number', 'from');
      const keyword = request.body.trim().toUpperCase();
      const family = familySid(account);
      if (keyword === 'STOP') services.store.optOuts.add(family, from.e164, now);
      else if (keyword === 'START') services.store.optOuts.remove(family, from.e164);
      return platformOk({ from: from.e164, keyword, opted_out: services.store.optOuts.has(family, from.e164) });
    },
  },
  {
    auth: 'admin',
    method: 'GET',
    pattern: '/__sandbox/ledger/check',
    style: 'admin',
    handle({ services }) {
      const discrepancies = services.store.ledger.discrepancies();
      return platformOk({ consistent: discrepancies.length === 0, discrepancies });
    },
  },
];
