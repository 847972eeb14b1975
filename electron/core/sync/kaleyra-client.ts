import { z } from 'zod';
import { DeskError } from '../../../shared/errors';
import { platformEnvelope } from '../../../shared/kaleyra/envelope';
import { wireSubaccount, type WireSubaccount } from '../../../shared/kaleyra/subaccount';

export interface KaleyraClientOptions {
  baseUrl: string;
  sid: string;
  apiKey: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const errorBody = z.object({
  code: z.string().optional(),
  message: z.string().optional(),
  error: z.union([z.object({ code: z.string().optional(), message: z.string().optional() }).passthrough(), z.array(z.unknown())]).optional(),
}).passthrough();

/**
 * Speaks Kaleyra's documented contract (and nothing the sandbox alone offers, unless a method
 * says [ours]). The API key travels only in the `api-key` header and never into an error message.
 */
export class KaleyraClient {
  constructor(private readonly options: KaleyraClientOptions) {}

  async listSubaccounts(): Promise<WireSubaccount[]> {
    const body = await this.request('GET', `/api/v1/${encodeURIComponent(this.options.sid)}/subaccounts`);
    const parsed = platformEnvelope(z.array(wireSubaccount)).safeParse(body);
    if (!parsed.success) {
      throw new DeskError('API_BAD_RESPONSE', 'The API answered with a sub-account list this app does not understand.');
    }
    return parsed.data.data;
  }

  private async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, payload?: unknown): Promise<unknown> {
    const url = new URL(path, this.options.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          'api-key': this.options.apiKey,
          accept: 'application/json',
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: payload === undefined ? undefined : JSON.stringify(payload),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      throw new DeskError(
        'API_UNREACHABLE',
        timedOut ? `${url.host} did not answer in time.` : `Cannot reach ${url.host}. Check the network or the profile's region.`,
      );
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) {
      if (json === undefined) throw new DeskError('API_BAD_RESPONSE', `${url.host} answered with something that is not JSON.`);
      return json;
    }
    throw toApiError(response, json);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, json: unknown): DeskError {
  const body = errorBody.safeParse(json);
  const nested = body.success && body.data.error && !Array.isArray(body.data.error) ? body.data.error : {};
  const apiCode = nested.code ?? (body.success ? body.data.code : undefined);
  const apiMessage = nested.message ?? (body.success ? body.data.message : undefined);
  const details = apiCode ? { apiCode } : {};
  switch (true) {
    case response.status === 401:
      return new DeskError('API_AUTH_FAILED', 'The API key was refused. It may be wrong or deactivated: enter a valid key for this profile.', details);
    case response.status === 403:
      return new DeskError('API_FORBIDDEN', 'This account may not do that (a sub-account key reaches only its own account).', details);
    case response.status === 429: {
      const retryAfter = response.headers.get('retry-after');
      return new DeskError('API_RATE_LIMITED', `The API asked to slow down${retryAfter ? `; retrying after ${retryAfter} s` : ''}.`, details);
    }
    case response.status >= 500:
      return new DeskError('API_SERVER_ERROR', `The API had a problem (HTTP ${response.status}). It will be retried.`, details);
    default:
      return new DeskError('API_REJECTED', apiMessage ?? `The API refused the request (HTTP ${response.status}).`, details);
  }
}
