export { SECOND, MINUTE, HOUR, DAY } from '../../shared/durations';

/** The core never reads the wall clock directly, so tests can fix "now". */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
export const isoAt = (epochMs: number): string => new Date(epochMs).toISOString();
