import { DeskError, type DeskErrorShape } from '../../../shared/errors';
import { sandboxCodes } from '../../../shared/kaleyra/errors';
import { RateLimitedError } from '../kaleyra/http';
import { backoffDelay, type BackoffPolicy } from '../sync/backoff';
import { MINUTE, SECOND } from '../time';

export interface RetryPolicy {
  readonly backoff: BackoffPolicy;
  /** Server errors and unreadable answers are retried this many times, then the request fails. */
  readonly maxServerAttempts: number;
}

export const OUTBOX_RETRY: RetryPolicy = { backoff: { baseMs: SECOND, capMs: 2 * MINUTE }, maxServerAttempts: 10 };

/**
 * What to do after a request failed:
 * - `retry`: transient (network, timeout, 5xx, an answer we could not read); the same reference
 *   goes again after the delay, and the API deduplicates it if the first one got through;
 * - `slow-down`: HTTP 429; the whole account waits (Retry-After when given);
 * - `block`: the account cannot send at all (key refused, account suspended, no credit): every
 *   live campaign of the account stops with the reason until someone resumes it;
 * - `unschedule`: the API refused the `time` (too close): keep the request and send it at its time;
 * - `fail`: the API refused this request for good; its reason is kept on the request.
 */
export type FailureAction =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly error: DeskErrorShape }
  | { readonly kind: 'slow-down'; readonly delayMs: number; readonly error: DeskErrorShape }
  | { readonly kind: 'block'; readonly error: DeskErrorShape }
  | { readonly kind: 'unschedule'; readonly error: DeskErrorShape }
  | { readonly kind: 'fail'; readonly error: DeskErrorShape };

export function actionFor(error: unknown, attempts: number, policy: RetryPolicy = OUTBOX_RETRY, random: () => number = Math.random): FailureAction {
  const backoff = () => backoffDelay(policy.backoff, attempts, random);
  if (!(error instanceof DeskError)) {
    return { kind: 'retry', delayMs: backoff(), error: { code: 'INTERNAL', message: 'Sending failed unexpectedly; it will be retried.' } };
  }
  const shape = error.toShape();
  switch (error.code) {
    case 'API_UNREACHABLE':
      // Offline is not the request's fault: wait for the network however long it takes.
      return { kind: 'retry', delayMs: backoff(), error: shape };
    case 'API_SERVER_ERROR':
    case 'API_BAD_RESPONSE':
    case 'INTERNAL':
      if (attempts >= policy.maxServerAttempts) {
        return { kind: 'fail', error: { ...shape, message: `Gave up after ${attempts} attempts: ${shape.message}` } };
      }
      return { kind: 'retry', delayMs: backoff(), error: shape };
    case 'API_RATE_LIMITED': {
      const asked = error instanceof RateLimitedError ? error.retryAfterMs : null;
      return { kind: 'slow-down', delayMs: asked ?? backoff(), error: shape };
    }
    case 'API_AUTH_FAILED':
    case 'API_FORBIDDEN':
    case 'API_NOT_AVAILABLE':
    case 'SECRET_UNAVAILABLE':
      // Also when the key cannot be read on this desktop: nothing can be sent until it can.
      return { kind: 'block', error: shape };
    case 'API_REJECTED':
      // [ours] the sandbox names "no credit" (HTTP 402); a real account's refusal stays a plain rejection.
      if (error.details.apiCode === sandboxCodes.noCredits) {
        return { kind: 'block', error: { ...shape, message: 'The account has no credit left for this campaign: recharge it, then resume.' } };
      }
      if (error.details.field === 'time') return { kind: 'unschedule', error: shape };
      return { kind: 'fail', error: shape };
    default:
      return { kind: 'fail', error: shape };
  }
}
