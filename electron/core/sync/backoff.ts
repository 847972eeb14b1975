import { MINUTE, SECOND } from '../time';

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const PULL_BACKOFF: BackoffPolicy = { baseMs: 2 * SECOND, capMs: 5 * MINUTE };

/** Exponential backoff with full jitter in its upper half, so many desktops do not retry in step. */
export function backoffDelay(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
