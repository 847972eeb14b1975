/** Where the sandbox reads "now" (epoch ms); tests inject their own. */
export interface SandboxClock {
  now(): number;
}

export const realClock: SandboxClock = { now: () => Date.now() };

export { SECOND, MINUTE, HOUR, DAY } from '../../shared/durations';

/**
 * Wraps the configured clock with an offset the tests (and the admin route) can move forward,
 * so delivery simulation and scheduling run on controllable time without sleeping.
 */
export class AdjustableClock implements SandboxClock {
  private offsetMs = 0;

  constructor(private readonly base: SandboxClock) {}

  now(): number {
    return this.base.now() + this.offsetMs;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }
}

/** Usage periods are UTC calendar months [ours]. */
export function utcPeriod(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

export function periodBounds(epochMs: number): { start: string; end: string } {
  const date = new Date(epochMs);
  const start = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const end = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

export function isoInstant(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
