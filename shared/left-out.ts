/**
 * Why a person the audience file names is not in any wave: one value set for the plan, the budget
 * panel, the launch confirmation, the monitor and the results CSV.
 */
import type { UnscheduledReason } from './schedule';
import { assertNever } from './assert-never';

export const LEFT_OUT_REASONS = [
  'invalid',
  'duplicate',
  'suppressed',
  'frequency_cap',
  'no_variant',
  'no_price',
  'zone_unknown',
  'time_passed',
  'outside_window',
] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];

/** How each reason reads in a list: "12 invalid numbers", "3 with no price for their destination". */
export const LEFT_OUT_LABELS: Readonly<Record<LeftOutReason, string>> = {
  invalid: 'invalid number in the file',
  duplicate: 'duplicate of an earlier row',
  suppressed: 'on the suppression list (opted out)',
  frequency_cap: 'messaged recently (frequency cap)',
  no_variant: 'language without a message variant',
  no_price: 'no price for their destination (left out by choice)',
  zone_unknown: 'time zone unknown and no fallback zone',
  time_passed: 'local send time already passed (skipped)',
  outside_window: 'no allowed sending time (window or quiet hours)',
};

export interface LeftOutCount {
  readonly reason: LeftOutReason;
  readonly recipients: number;
}

/** Which left-out reason a recipient the planner could not schedule falls under. */
export function leftOutReasonOfUnscheduled(reason: UnscheduledReason): LeftOutReason {
  switch (reason) {
    case 'zone-unknown':
    case 'zone-ambiguous':
      return 'zone_unknown';
    case 'passed':
    case 'too-soon':
    case 'skipped':
      return 'time_passed';
    case 'too-far-ahead':
    case 'after-window-end':
    case 'never-allowed':
      return 'outside_window';
    default:
      return assertNever(reason);
  }
}

/** Counts per reason in the value set's order, only those above zero. */
export function leftOutList(counts: Partial<Record<LeftOutReason, number>>): LeftOutCount[] {
  return LEFT_OUT_REASONS.flatMap((reason) => ((counts[reason] ?? 0) > 0 ? [{ reason, recipients: counts[reason] ?? 0 }] : []));
}
