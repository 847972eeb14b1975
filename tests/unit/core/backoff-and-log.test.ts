import { describe, expect, it } from 'vitest';
import { backoffDelay, PULL_BACKOFF } from '../../../electron/core/sync/backoff';
import { createLogger } from '../../../electron/core/log';

describe('backoff', () => {
  it('doubles per failure within [ceiling/2, ceiling] and stops at the cap', () => {
    const low = () => 0;
    const high = () => 1;
    expect(backoffDelay(PULL_BACKOFF, 1, low)).toBe(PULL_BACKOFF.baseMs / 2);
    expect(backoffDelay(PULL_BACKOFF, 1, high)).toBe(PULL_BACKOFF.baseMs);
    expect(backoffDelay(PULL_BACKOFF, 3, high)).toBe(PULL_BACKOFF.baseMs * 4);
    expect(backoffDelay(PULL_BACKOFF, 50, high)).toBe(PULL_BACKOFF.capMs);
    expect(backoffDelay(PULL_BACKOFF, 50, low)).toBe(PULL_BACKOFF.capMs / 2);
  });
});

describe('logger', () => {
  it('redacts fields that could hold a secret', () => {
    const lines: string[] = [];
    createLogger('test', (line) => lines.push(line)).info('saved', { apiKey: 'k-123', profileId: 'p1', authorization: 'Bearer x' });
    expect(lines[0]).not.toContain('k-123');
    expect(lines[0]).not.toContain('Bearer x');
    expect(JSON.parse(lines[0]!)).toMatchObject({ scope: 'test', message: 'saved', profileId: 'p1', apiKey: '[redacted]' });
  });
});
