import type { SpendAccountRow, SpendAlert, SpendCampaignRow, SpendCountryRow, SpendDay, SpendFigures, SpendWaveRow } from '../../../shared/calls/spend';
import { toCsv } from '../../../shared/csv-export';
import { minorToMajorString } from '../../../shared/money';
import { alertKindLabels, deliveryRateText, sentMessages } from './spend-format';

/** CSV files of every dashboard table. Amounts are decimal major units of `currency`, one column per figure. */
const figureHeader = [
  'actual',
  'actual units',
  'refunded',
  'scheduled (charged)',
  'messages sent',
  'messages scheduled',
  'delivered',
  'undelivered',
  'not sent',
  'pending',
  'delivery rate',
];

function figureCells(figures: SpendFigures, currency: string): Array<string | number> {
  const money = (minor: number) => minorToMajorString(minor, currency);
  return [
    money(figures.actualMinor),
    figures.actualUnits,
    money(figures.refundedMinor),
    money(figures.scheduledMinor),
    sentMessages(figures),
    figures.scheduledMessages,
    figures.delivered,
    figures.undelivered,
    figures.notSent,
    figures.pending,
    deliveryRateText(figures),
  ];
}

const optionalMoney = (minor: number | null, currency: string) => (minor === null ? null : minorToMajorString(minor, currency));

export function accountsCsv(rows: readonly SpendAccountRow[], currency: string): string {
  return toCsv(
    ['account', 'sid', 'credit type', 'status', 'currency', 'planned', 'committed', 'reserved (desktop)', 'budget', 'balance', ...figureHeader],
    rows.map((row) => [
      row.name,
      row.sid,
      row.kind === 'parent' ? 'parent' : (row.creditType ?? ''),
      row.status ?? '',
      currency,
      minorToMajorString(row.plannedMinor, currency),
      minorToMajorString(row.committedMinor, currency),
      minorToMajorString(row.reservedMinor, currency),
      optionalMoney(row.budgetMinor, currency),
      optionalMoney(row.balanceMinor, currency),
      ...figureCells(row, currency),
    ]),
  );
}

export function campaignsCsv(rows: readonly SpendCampaignRow[], currency: string, accountName: (sid: string) => string): string {
  return toCsv(
    [
      'account',
      'sid',
      'campaign',
      'campaign id',
      'status',
      'currency',
      'budget',
      'estimated',
      'planned on',
      'plan revision',
      'planned at (UTC)',
      ...figureHeader,
    ],
    rows.map((row) => [
      accountName(row.sid),
      row.sid,
      row.name ?? (row.campaignId === null ? 'Sent outside Campaign Desk' : 'Campaign from another desktop'),
      row.campaignId,
      row.status,
      currency,
      optionalMoney(row.budgetMinor, currency),
      optionalMoney(row.estimatedMinor, currency),
      row.workspacePlan ? `${row.workspacePlan.plannedByName}'s desktop` : null,
      row.workspacePlan?.revision ?? null,
      row.workspacePlan?.plannedAt ?? null,
      ...figureCells(row, currency),
    ]),
  );
}

export function wavesCsv(rows: readonly SpendWaveRow[], currency: string): string {
  return toCsv(
    ['wave', 'zone', 'send at (UTC)', 'recipients', 'currency', 'estimated', ...figureHeader],
    rows.map((row) => [row.waveNo, row.zone, row.sendAt, row.recipients, currency, optionalMoney(row.estimatedMinor, currency), ...figureCells(row, currency)]),
  );
}

export function countriesCsv(rows: readonly SpendCountryRow[], currency: string): string {
  return toCsv(
    ['country', 'currency', ...figureHeader],
    rows.map((row) => [row.country, currency, ...figureCells(row, currency)]),
  );
}

export function daysCsv(days: readonly SpendDay[], accounts: readonly SpendAccountRow[], currency: string): string {
  return toCsv(
    ['date', 'currency', 'total actual', ...accounts.map((account) => `${account.name} (${account.sid})`)],
    days.map((day) => [
      day.date,
      currency,
      minorToMajorString(day.actualMinor, currency),
      ...accounts.map((account) => minorToMajorString(day.byAccount.find((entry) => entry.sid === account.sid)?.actualMinor ?? 0, currency)),
    ]),
  );
}

export function alertsCsv(alerts: readonly SpendAlert[]): string {
  return toCsv(
    ['at (UTC)', 'account', 'sid', 'alert', 'currency', 'amount', 'threshold'],
    alerts.map((alert) => [
      alert.at,
      alert.accountName,
      alert.sid,
      alertKindLabels[alert.kind],
      alert.currency,
      minorToMajorString(alert.amountMinor, alert.currency),
      minorToMajorString(alert.thresholdMinor, alert.currency),
    ]),
  );
}
