import { sandboxCodes } from '../../shared/kaleyra/errors';
import { smsSendRequest, smsTemplateSendRequest } from '../../shared/kaleyra/sms';
import type { SmsLogsResponse, SmsStatusResponse } from '../../shared/kaleyra/sms';
import type { AccountRoute } from '../http/router';
import type { ApiResult } from '../http/respond';
import type { SandboxServices } from '../domain/services';
import type { SendOutcome } from '../domain/sms-service';
import { renderTemplateSend } from '../domain/template-send';
import { parseRequest } from '../http/validate';
import { SandboxError } from '../domain/errors';
import { familySid, majorNumber } from '../domain/sms-service';
import { isoInstant } from '../domain/clock';
import { cursorFrom, limitFrom } from './paging';
import { toWireLogEntry } from './wire';

const MAX_STATUS_IDS = 1000;

/** The answer to a send; documented-only, without the fields Kaleyra does not document. */
function sendAnswer(services: SandboxServices, outcome: SendOutcome): ApiResult {
  const headers: Record<string, string> = outcome.replayed ? { 'idempotent-replay': 'true' } : {};
  const { scheduledDateTime: _scheduled, charged: _charged, currency: _currency, units: _units, ...documented } = outcome.response;
  return { httpStatus: 202, body: services.documentedOnly ? documented : outcome.response, headers };
}

const sendRoute = (base: 'sms' | 'messages'): AccountRoute => ({
  auth: 'account',
  method: 'POST',
  pattern: `/v1/:sid/${base}`,
  style: 'sms',
  handle({ services, target, body, now }) {
    const request = parseRequest(smsSendRequest, body);
    return sendAnswer(services, services.sms.send(target, request, now));
  },
});

/** Kaleyra's template send: the account's stored template, its variables filled from `template_data`. */
const templateSendRoute: AccountRoute = {
  auth: 'account',
  method: 'POST',
  pattern: '/v2/:sid/sms',
  style: 'sms',
  handle({ services, target, body, now }) {
    const request = parseRequest(smsTemplateSendRequest, body);
    return sendAnswer(services, services.sms.send(target, renderTemplateSend(services.store, target.sid, request), now));
  },
};

const statusRoute = (base: 'sms' | 'messages'): AccountRoute => ({
  auth: 'account',
  method: 'GET',
  pattern: `/v1/:sid/${base}/status`,
  style: 'sms',
  handle({ services, target, query }) {
    const ids = (query.get('message_ids') ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length === 0 || ids.length > MAX_STATUS_IDS) {
      throw new SandboxError(400, sandboxCodes.invalidQuery, `message_ids needs 1 to ${MAX_STATUS_IDS} comma-separated ids`, 'message_ids');
    }
    // Unknown ids and other accounts' ids are simply absent: the answer never tells them apart.
    const body: SmsStatusResponse = {
      data: services.sms.status(target, ids).map((row) => ({ campaign_id: row.messageId, status: row.status, status_details: row.trace })),
      error: {},
    };
    return { httpStatus: 200, body };
  },
});

export const smsRoutes: AccountRoute[] = [
  sendRoute('sms'),
  sendRoute('messages'),
  templateSendRoute,
  statusRoute('sms'),
  statusRoute('messages'),
  {
    auth: 'account',
    method: 'GET',
    pattern: '/v1/:sid/sms/logs',
    style: 'sms',
    ours: true,
    handle({ services, target, query }) {
      const since = cursorFrom(query);
      const { rows, hasMore } = services.sms.logs(target, since, limitFrom(query));
      const last = rows[rows.length - 1];
      const body: SmsLogsResponse = {
        data: rows.map((row) => toWireLogEntry(row, target.currency)),
        next_cursor: String(last ? last.seq : since),
        has_more: hasMore,
        error: {},
      };
      return { httpStatus: 200, body };
    },
  },
  {
    auth: 'account',
    method: 'DELETE',
    pattern: '/v1/:sid/sms/scheduled/:id',
    style: 'sms',
    ours: true,
    handle({ services, target, params, now }) {
      const id = params['id'] ?? '';
      const result = services.sms.cancelScheduled(target, id, now);
      return {
        httpStatus: 200,
        body: { id, cancelled: result.cancelled, refunded: majorNumber(result.refundedMinor, target.currency), currency: target.currency, error: {} },
      };
    },
  },
  {
    auth: 'account',
    method: 'GET',
    pattern: '/v1/:sid/pricing',
    style: 'sms',
    ours: true,
    handle({ services, target }) {
      const entries = services.store.rateCard.list(familySid(target));
      return {
        httpStatus: 200,
        body: {
          currency: target.currency,
          data: entries.map((entry) => ({ country: entry.country, price_per_unit: majorNumber(entry.priceMinor, target.currency) })),
          error: {},
        },
      };
    },
  },
  {
    auth: 'account',
    method: 'GET',
    pattern: '/v1/:sid/optouts',
    style: 'sms',
    ours: true,
    handle({ services, target }) {
      const entries = services.store.optOuts.list(familySid(target));
      return { httpStatus: 200, body: { data: entries.map((entry) => ({ phone: entry.phone, at: isoInstant(entry.at) })), error: {} } };
    },
  },
];
