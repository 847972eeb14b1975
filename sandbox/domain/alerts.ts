import type { SandboxStore } from '../store/sandbox-store';
import { utcPeriod } from './clock';
import { fundingOf } from './funds';

/** Share of a monthly limit at which allowance accounts raise `usage_75_percent`. */
const USAGE_ALERT_NUMERATOR = 3;
const USAGE_ALERT_DENOMINATOR = 4;

/**
 * Records alert events after a money movement (the sandbox sends no e-mail; the app pulls them).
 * A low-balance alert fires once when the balance drops below the threshold and re-arms when
 * it is back at or above it; the 75% usage alert fires once per account per month.
 */
export function recordAlertsAfterMovement(store: SandboxStore, accountSid: string, now: number): void {
  const account = store.accounts.findBySid(accountSid);
  if (!account) return;
  const funding = fundingOf(store, account);
  if (funding.kind === 'balance') {
    const threshold = account.lowBalanceAlertMinor;
    if (!account.lowBalanceAlert || threshold === null) return;
    const below = account.balanceMinor < threshold;
    if (below && account.lowBalanceAlertArmed) {
      store.alerts.record({
        accountSid,
        kind: 'low_balance',
        amountMinor: account.balanceMinor,
        thresholdMinor: threshold,
        currency: account.currency,
        emails: account.lowBalanceAlertEmails,
        at: now,
      });
      store.accounts.setLowBalanceAlertArmed(accountSid, false);
    } else if (!below && !account.lowBalanceAlertArmed) {
      store.accounts.setLowBalanceAlertArmed(accountSid, true);
    }
    return;
  }
  const limit = account.monthlyLimitMinor;
  const period = utcPeriod(now);
  if (limit === null || limit <= 0 || account.usageAlertPeriod === period) return;
  const used = store.ledger.usedInPeriod(accountSid, period);
  if (used * USAGE_ALERT_DENOMINATOR >= limit * USAGE_ALERT_NUMERATOR) {
    store.alerts.record({
      accountSid,
      kind: 'usage_75_percent',
      amountMinor: used,
      thresholdMinor: Math.ceil((limit * USAGE_ALERT_NUMERATOR) / USAGE_ALERT_DENOMINATOR),
      currency: account.currency,
      emails: account.lowBalanceAlertEmails,
      at: now,
    });
    store.accounts.setUsageAlertPeriod(accountSid, period);
  }
}

export function isUsageAbove75Percent(used: number, limit: number): boolean {
  return limit > 0 && used * USAGE_ALERT_DENOMINATOR >= limit * USAGE_ALERT_NUMERATOR;
}
