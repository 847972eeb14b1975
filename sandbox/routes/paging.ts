import { sandboxCodes } from '../../shared/kaleyra/errors';
import { SandboxError } from '../domain/errors';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Cursors are opaque to clients; here they are the last event sequence number seen. */
export function cursorFrom(query: URLSearchParams): number {
  const since = query.get('since') ?? '';
  if (since === '') return 0;
  if (!/^\d{1,15}$/.test(since)) throw new SandboxError(400, sandboxCodes.cursorInvalid, 'since must be a cursor returned by an earlier page', 'since');
  return Number(since);
}

export function limitFrom(query: URLSearchParams): number {
  const raw = query.get('limit') ?? '';
  if (raw === '') return DEFAULT_PAGE_SIZE;
  const limit = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new SandboxError(400, sandboxCodes.invalidQuery, `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
  return limit;
}
