import type { SpendAlert } from '../../../shared/calls/spend';
import { formatMoney } from '../../../shared/money';
import { alertKindLabels } from './spend-format';

const SEEN_KEY = 'campaign-desk-spend-alerts-seen';
/** More than this many new alerts at once become one summary notification. */
const MAX_SEPARATE_NOTIFICATIONS = 3;
const MAX_REMEMBERED = 2_000;

export type NotificationState = 'unsupported' | NotificationPermission;

export function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Must run inside a click handler: browsers ask for permission only on a user gesture. */
export async function askNotificationPermission(): Promise<NotificationState> {
  if (typeof Notification === 'undefined') return 'unsupported';
  return Notification.requestPermission();
}

function seenIds(): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

function describe(alert: SpendAlert): string {
  const amount = formatMoney(alert.amountMinor, alert.currency);
  const threshold = formatMoney(alert.thresholdMinor, alert.currency);
  return alert.kind === 'low_balance' ? `Balance ${amount}, below ${threshold}.` : `${amount} used of the monthly limit (alert at ${threshold}).`;
}

/**
 * Raises a desktop notification for each alert this desktop has not notified before (when
 * allowed), and remembers them. Returns how many were new.
 */
export function notifyNewAlerts(alerts: readonly SpendAlert[]): number {
  const seen = seenIds();
  const fresh = alerts.filter((alert) => !seen.has(alert.id));
  if (fresh.length === 0) return 0;
  if (notificationState() === 'granted') {
    if (fresh.length > MAX_SEPARATE_NOTIFICATIONS) {
      new Notification('Campaign Desk: spend alerts', { body: `${fresh.length} new alerts; see the Spend screen.`, tag: 'spend-alerts' });
    } else {
      for (const alert of fresh) new Notification(`${alertKindLabels[alert.kind]}: ${alert.accountName}`, { body: describe(alert), tag: alert.id });
    }
  }
  const remembered = [...seen, ...fresh.map((alert) => alert.id)].slice(-MAX_REMEMBERED);
  localStorage.setItem(SEEN_KEY, JSON.stringify(remembered));
  return fresh.length;
}

export { describe as describeAlert };
