import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/errors';
import { RateLimitedError } from '../../../electron/core/kaleyra/http';
import { actionFor, type RetryPolicy } from '../../../electron/core/outbox/retry-policy';

const policy: RetryPolicy = { backoff: { baseMs: 1_000, capMs: 60_000 }, maxServerAttempts: 5 };
const low = () => 0;
const high = () => 1;

describe('outbox retry policy', () => {
  it('retries network loss and timeouts with jittered backoff, capped, however long it lasts', () => {
    const offline = new DeskError('API_UNREACHABLE', 'api.example did not answer in time.');
    expect(actionFor(offline, 1, policy, high)).toMatchObject({ kind: 'retry', delayMs: 1_000 });
    expect(actionFor(offline, 1, policy, low)).toMatchObject({ kind: 'retry', delayMs: 500 });
    expect(actionFor(offline, 4, policy, high)).toMatchObject({ kind: 'retry', delayMs: 8_000 });
    expect(actionFor(offline, 100, policy, high)).toMatchObject({ kind: 'retry', delayMs: 60_000 });
    expect(actionFor(offline, 100, policy, low)).toMatchObject({ kind: 'retry', delayMs: 30_000 });
  });

  it('retries 5xx and unreadable answers a bounded number of times, then fails with the reason', () => {
    const server = new DeskError('API_SERVER_ERROR', 'The API had a problem (HTTP 503). It will be retried.');
    expect(actionFor(server, 4, policy, high).kind).toBe('retry');
    const givenUp = actionFor(server, 5, policy, high);
    expect(givenUp).toMatchObject({ kind: 'fail', error: { code: 'API_SERVER_ERROR' } });
    expect(givenUp.error.message).toMatch(/^Gave up after 5 attempts/);
    expect(actionFor(new DeskError('API_BAD_RESPONSE', 'odd'), 2, policy, high).kind).toBe('retry');
    expect(actionFor(new Error('bug'), 2, policy, high)).toMatchObject({ kind: 'retry', error: { code: 'INTERNAL' } });
  });

  it('honours Retry-After for 429, and backs off when none is given', () => {
    expect(actionFor(new RateLimitedError(7_000), 1, policy, high)).toMatchObject({ kind: 'slow-down', delayMs: 7_000 });
    expect(actionFor(new RateLimitedError(null), 3, policy, high)).toMatchObject({ kind: 'slow-down', delayMs: 4_000 });
  });

  it('stops the account for a refused key, a forbidden or suspended account, a missing path and no credit', () => {
    for (const error of [
      new DeskError('API_AUTH_FAILED', 'key refused'),
      new DeskError('API_FORBIDDEN', 'suspended', { apiCode: 'SBX-ACCOUNT-NOT-ACTIVE' }),
      new DeskError('API_NOT_AVAILABLE', 'no such path'),
      new DeskError('API_REJECTED', 'no credit', { apiCode: 'SBX-NO-CREDITS' }),
      new DeskError('SECRET_UNAVAILABLE', 'the key cannot be read'),
    ]) {
      expect(actionFor(error, 1, policy, high).kind).toBe('block');
    }
  });

  it('keeps a request whose time the API found too close, and fails the rest of the refusals with the API’s reason', () => {
    expect(
      actionFor(new DeskError('API_REJECTED', 'time must be at least 15 minutes ahead', { field: 'time', apiCode: 'SBX-SCHEDULE-TOO-SOON' }), 1, policy).kind,
    ).toBe('unschedule');
    expect(
      actionFor(new DeskError('API_REJECTED', 'at most 100 recipients per request', { field: 'to', apiCode: 'SBX-TOO-MANY-RECIPIENTS' }), 1, policy),
    ).toEqual({
      kind: 'fail',
      error: { code: 'API_REJECTED', message: 'at most 100 recipients per request', field: 'to', apiCode: 'SBX-TOO-MANY-RECIPIENTS' },
    });
  });
});
