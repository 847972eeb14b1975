import type { NotSentTrace, UndeliveredTrace } from './errors';

/** What each trace code of the status API means, in words, for the monitor (the code stays beside it for support). */
export const TRACE_LABELS: Readonly<Record<NotSentTrace | UndeliveredTrace, string>> = {
  'NO-CREDITS': 'Not enough credit',
  'NOT-ALLOWED': 'Country not enabled for the account',
  'OPT-OUT': 'Opted out (answered STOP)',
  'INV-MOB-PATTRN': 'Not a valid mobile number',
  'SENDER-ID-NOT-FOUND': 'Sender ID not registered (DLT header)',
  BLACKLIST: 'Number blacklisted',
  'DND-NUMB': 'On the do-not-disturb registry (promotional)',
  'REJECTED-MULTIPART': 'Multipart message refused',
  CANCELLED: 'Cancelled before its time',
  'DLT-TEMPLATE-MISMATCH': 'Text does not match a DLT template',
  'DLT-PROMO-HOURS': 'Promotional message outside 09:00–21:00 India time',
  'INV-NUMBER': 'Number does not exist',
  'ABSENT-SUB': 'Phone unreachable',
  'MOB-OFF': 'Phone switched off',
  EXPIRED: 'Expired before delivery',
  'NET-ERR': 'Network error',
};

/** The words for a trace code, or null for one the API added later. */
export function traceLabel(code: string): string | null {
  return (TRACE_LABELS as Record<string, string>)[code] ?? null;
}
