export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The core never reads the wall clock directly, so tests can fix "now". */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
export const isoAt = (epochMs: number): string => new Date(epochMs).toISOString();
