/**
 * How a launch of a team workspace campaign ends on the desktop that held its lease: the campaign
 * `finished` sending, was `cancelled`, or the launch was `abandoned` (undone before it went live,
 * so the campaign is a draft again).
 */
export const LAUNCH_ENDINGS = ['finished', 'cancelled', 'abandoned'] as const;
export type LaunchEnding = (typeof LAUNCH_ENDINGS)[number];
