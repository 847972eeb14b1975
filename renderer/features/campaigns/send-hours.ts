import type { QuietHours, RouteType, SendRuleReason, SendRuleTally } from '../../../shared/calls/campaigns';
import type { IsoWeekday } from '../../../shared/quiet-hours';
import { quietHoursOverrides, sendWindowsFor } from '../../../shared/send-windows';
import { formatCount } from '../../../shared/format';

const WEEKDAYS: Record<IsoWeekday, string> = { 1: 'Mondays', 2: 'Tuesdays', 3: 'Wednesdays', 4: 'Thursdays', 5: 'Fridays', 6: 'Saturdays', 7: 'Sundays' };

/**
 * The hours messages to each destination country may leave in, as the launch confirmation states
 * them: the campaign's quiet hours and, for promotional messages, the law's window (which wins).
 */
export function sendHoursLines(countries: ReadonlyArray<string | null>, quietHours: QuietHours, routeType: RouteType): string[] {
  const overrides = quietHoursOverrides(quietHours);
  const lines = new Map<string, string[]>();
  for (const country of countries) {
    const windows = sendWindowsFor(country ?? undefined, overrides, routeType === 'promotional');
    const text =
      windows.length === 0
        ? 'any time (no quiet hours: transactional messages only)'
        : windows
            .map(({ rule, window }) => {
              const days = window.noSendDays.length === 0 ? '' : `, never on ${window.noSendDays.map((day) => WEEKDAYS[day]).join(' or ')}`;
              const hours = window.from === window.until ? 'all day' : `${window.from}–${window.until}`;
              return `${hours} local${days}${rule === 'legal' ? ' (the law for promotional SMS)' : ''}`;
            })
            .join(' and ');
    const named = country ?? 'unknown country';
    lines.set(text, [...(lines.get(text) ?? []), named]);
  }
  return [...lines.entries()].map(([text, named]) => `${named.join(', ')}: ${text}`);
}

const REASON_TEXT: Record<SendRuleReason, string> = {
  'quiet-hours': 'quiet hours had begun in the recipients’ zone',
  legal: 'the law’s hours for promotional SMS had ended',
  'window-end': 'the campaign’s window end had passed',
  throttle: 'the throttle’s minute was full',
};

/** "12 requests (1,200 recipients) held until 09:00 UTC: quiet hours had begun…" — what the monitor says about held and skipped sends. */
export function sendRuleLine(tally: SendRuleTally, formatInstant: (iso: string) => string): string {
  const what = `${formatCount(tally.requests)} request${tally.requests === 1 ? '' : 's'} (${formatCount(tally.recipients)} recipients)`;
  const outcome = tally.outcome === 'skipped' ? 'skipped, not sent' : `held${tally.untilUtc === null ? '' : ` until ${formatInstant(tally.untilUtc)}`}`;
  return `${what} ${outcome}: ${REASON_TEXT[tally.reason]}`;
}
