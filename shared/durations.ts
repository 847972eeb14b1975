/** Durations in milliseconds, defined once for the core, the sandbox and the renderer. */
export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
