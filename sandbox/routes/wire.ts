import type { WireSubaccount } from '../../shared/kaleyra/subaccount';
import type { WireBilling, WireAlert } from '../../shared/kaleyra/billing';
import type { SmsLogEntry } from '../../shared/kaleyra/sms';
import type { AccountRecord } from '../store/accounts-repository';
import type { AlertRecord } from '../store/alerts-repository';
import type { MessageLogRecord } from '../store/messages-repository';
import type { SandboxStore } from '../store/sandbox-store';
import { isUsageAbove75Percent } from '../domain/alerts';
import { isoInstant, periodBounds, utcPeriod } from '../domain/clock';
import { fundingOf } from '../domain/funds';
import { majorNumber } from '../domain/sms-service';

/** Integer minor units inside, decimal major units on the wire. */
function major(minor: number | null, currency: string): number | null {
  return minor === null ? null : majorNumber(minor, currency);
}

export function toWireSubaccount(store: SandboxStore, sub: AccountRecord, now: number): WireSubaccount {
  const assigned = sub.creditType === 'assigned';
  return {
    account_name: sub.name,
    email: sub.email,
    status: sub.status,
    sid: sub.sid,
    api_key: sub.apiKey,
    channels: sub.channels,
    low_balance_alert: sub.lowBalanceAlert,
    subaccount_credit_type: sub.creditType ?? 'assigned',
    balance: assigned ? major(sub.balanceMinor, sub.currency) : null,
    ip_config_name: null,
    country_iso_code: sub.countryIsoCode,
    currency: sub.currency,
    monthly_usage_limit: assigned ? null : major(sub.monthlyLimitMinor, sub.currency),
    used_this_month: assigned ? null : major(store.ledger.usedInPeriod(sub.sid, utcPeriod(now)), sub.currency),
    low_balance_alert_amount: major(sub.lowBalanceAlertMinor, sub.currency),
    low_balance_alert_emails: sub.lowBalanceAlertEmails,
    created_at: isoInstant(sub.createdAt),
    updated_at: isoInstant(sub.updatedAt),
  };
}

export function toWireBilling(store: SandboxStore, account: AccountRecord, now: number): WireBilling {
  const funding = fundingOf(store, account);
  const currency = account.currency;
  const base = {
    sid: account.sid,
    subaccount_credit_type: account.creditType,
    currency,
    low_balance_alert: account.lowBalanceAlert,
    low_balance_alert_amount: major(account.lowBalanceAlertMinor, currency),
  };
  if (funding.kind === 'balance') {
    return {
      ...base,
      account_type: 'prepaid',
      balance: major(account.balanceMinor, currency),
      credit_limit: null,
      used_this_month: null,
      remaining_this_month: null,
      usage_75_percent: null,
      period: null,
    };
  }
  const limit = account.monthlyLimitMinor ?? 0;
  const used = store.ledger.usedInPeriod(account.sid, utcPeriod(now));
  return {
    ...base,
    account_type: 'postpaid',
    balance: null,
    credit_limit: major(limit, currency),
    used_this_month: major(used, currency),
    remaining_this_month: major(Math.max(0, limit - used), currency),
    usage_75_percent: isUsageAbove75Percent(used, limit),
    period: periodBounds(now),
  };
}

export function toWireAlert(alert: AlertRecord): WireAlert {
  return {
    cursor: String(alert.seq),
    sid: alert.accountSid,
    kind: alert.kind,
    currency: alert.currency,
    amount: majorNumber(alert.amountMinor, alert.currency),
    threshold: majorNumber(alert.thresholdMinor, alert.currency),
    emails: alert.emails,
    at: isoInstant(alert.at),
  };
}

export function toWireLogEntry(row: MessageLogRecord, currency: string): SmsLogEntry {
  return {
    cursor: String(row.seq),
    message_id: row.messageId,
    id: row.sendId,
    recipient: row.recipient,
    country: row.country,
    status: row.eventStatus,
    status_details: row.eventTrace,
    units: row.chargeMinor > 0 ? row.units : 0,
    charged: majorNumber(row.chargeMinor, currency),
    currency,
    ref_custom: row.refCustom,
    at: isoInstant(row.eventAt),
  };
}
