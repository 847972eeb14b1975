import { z } from 'zod';
import { DeskError } from '../../../shared/errors';
import type { RequestBudget, RequestPriority } from './request-budget';

export interface KaleyraConnection {
  baseUrl: string;
  sid: string;
  apiKey: string;
  timeoutMs?: number;
  /**
   * The request budget of the key's owner (`account`, the profile's SID even when the path names a
   * sub-account): background requests wait for a slot, and every 429 slows background work.
   */
  budget?: { gate: RequestBudget; account: string; priority: RequestPriority };
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const DEFAULT_TIMEOUT_MS = 15_000;
const errorBody = z
  .object({
    code: z.string().optional(),
    message: z.string().optional(),
    error: z
      .union([z.object({ code: z.string().optional(), message: z.string().optional(), field: z.string().optional() }).passthrough(), z.array(z.unknown())])
      .optional(),
  })
  .passthrough();

/** Thrown for HTTP 429: carries how long the API asked us to wait. */
export class RateLimitedError extends DeskError {
  constructor(
    readonly retryAfterMs: number | null,
    details: { apiCode?: string } = {},
  ) {
    super('API_RATE_LIMITED', `The API asked to slow down${retryAfterMs === null ? '' : `; retrying in ${Math.ceil(retryAfterMs / 1000)} s`}.`, details);
  }
}

/**
 * Thrown when no answer came. `requestMayHaveArrived` is false only when the connection was never
 * made (refused, name not found, no route): then the API cannot have acted on the request. After a
 * timeout or a dropped connection it may have, so a caller that spends money must not assume not.
 */
export class ApiUnreachableError extends DeskError {
  readonly requestMayHaveArrived: boolean;

  constructor(message: string, { requestMayHaveArrived }: { requestMayHaveArrived: boolean }) {
    super('API_UNREACHABLE', message);
    this.requestMayHaveArrived = requestMayHaveArrived;
  }
}

/** Failures of the connection itself (Node's and undici's codes): the request never left. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function neverConnected(cause: unknown): boolean {
  const inner = cause instanceof Error ? cause.cause : undefined;
  if (!(inner instanceof Error)) return false;
  // fetch refuses ports browsers block (e.g. 9) before connecting, with no code.
  if (inner.message === 'bad port') return true;
  const code = 'code' in inner ? inner.code : undefined;
  return typeof code === 'string' && NEVER_CONNECTED.has(code);
}

/**
 * Kaleyra's transport: the key travels only in the `api-key` header and never into an error
 * message or log; every failure becomes a DeskError with a code the sync layer can act on
 * (retry on API_UNREACHABLE / API_SERVER_ERROR / API_RATE_LIMITED, stop on the rest).
 */
export class KaleyraHttp {
  constructor(readonly connection: KaleyraConnection) {}

  get sid(): string {
    return this.connection.sid;
  }

  /** Sends a request and parses a successful body with `schema`; failures throw DeskError. */
  async request<T>(method: HttpMethod, path: string, schema: z.ZodType<T>, payload?: unknown, what = 'answer'): Promise<T> {
    const url = new URL(path, this.connection.baseUrl);
    const budget = this.connection.budget;
    if (budget?.priority === 'background') await budget.gate.takeBackground(budget.account);
    else budget?.gate.noteForeground(budget.account);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'api-key': this.connection.apiKey,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.connection.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new ApiUnreachableError(timedOut ? `${url.host} did not answer in time.` : `Cannot reach ${url.host}. Check the network or the profile's region.`, {
        requestMayHaveArrived: timedOut || !neverConnected(cause),
      });
    }
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new ApiUnreachableError(`The connection to ${url.host} dropped while it answered.`, { requestMayHaveArrived: true });
    }
    const json = parseJson(text);
    if (!response.ok) {
      const error = toApiError(response, json);
      if (error instanceof RateLimitedError) budget?.gate.noteRateLimited(budget.account, error.retryAfterMs);
      throw error;
    }
    if (json === undefined) throw new DeskError('API_BAD_RESPONSE', `${url.host} answered with something that is not JSON.`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new DeskError('API_BAD_RESPONSE', `The API sent a ${what} this app does not understand.`);
    return parsed.data;
  }
}

export function sidPath(sid: string): string {
  return encodeURIComponent(sid);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function toApiError(response: Response, json: unknown): DeskError {
  const body = errorBody.safeParse(json);
  const nested = body.success && body.data.error && !Array.isArray(body.data.error) ? body.data.error : {};
  const apiCode = nested.code ?? (body.success ? body.data.code : undefined);
  const apiMessage = nested.message ?? (body.success ? body.data.message : undefined);
  const details = { ...(apiCode ? { apiCode } : {}), ...(nested.field ? { field: nested.field } : {}) };
  switch (true) {
    case response.status === 401:
      return new DeskError('API_AUTH_FAILED', 'The API key was refused. It may be wrong or deactivated: enter a valid key for this profile.', details);
    case response.status === 403:
      return new DeskError('API_FORBIDDEN', apiMessage ?? 'This account may not do that (a sub-account key reaches only its own account).', details);
    case response.status === 429:
      return new RateLimitedError(retryAfterMs(response.headers.get('retry-after')), details);
    case response.status === 404:
      return new DeskError('API_NOT_AVAILABLE', apiMessage ?? `${new URL(response.url).pathname} is not offered by this API.`, details);
    case response.status >= 500:
      return new DeskError('API_SERVER_ERROR', `The API had a problem (HTTP ${response.status}). It will be retried.`, details);
    default:
      return new DeskError('API_REJECTED', apiMessage ?? `The API refused the request (HTTP ${response.status}).`, details);
  }
}
