import type { SpendOverview, SpendOverviewDay } from '../../../shared/calls/console-pages';
import type { SpendAccountRow } from '../../../shared/calls/spend';
import { formatMoney } from '../../../shared/money';
import { formatCount } from '../../../shared/format';

/** Series colours live in styles.css (`.spend-series-N`): the CSP allows no inline styles. */
export const SERIES_COUNT = 8;
export const seriesClass = (index: number) => `spend-series-${index % SERIES_COUNT}`;

/** Charts draw this many accounts by name; the rest are one "others" total (the table finds any account). */
export const CHARTED_ACCOUNTS = 8;
export const RANKED_ACCOUNTS = 10;
const OTHERS = '__others__';

/** The chart's drawing width; the SVG scales to its box, so labels keep a readable size at this width. */
const CHART_WIDTH = 600;
const CHART_HEIGHT = 180;
const AXIS_WIDTH = 70;
const BAR_GAP = 2;

/** Actual spend per day, one stacked segment per account (inline SVG: no chart library). */
export function SpendDayChart({
  days,
  accounts,
  accountsTotal,
  currency,
}: {
  days: readonly SpendOverviewDay[];
  accounts: readonly SpendAccountRow[];
  accountsTotal: number;
  currency: string;
}) {
  const max = Math.max(0, ...days.map((day) => day.actualMinor));
  const barWidth = Math.max(2, Math.min(40, Math.floor((CHART_WIDTH - AXIS_WIDTH - 10) / Math.max(1, days.length)) - BAR_GAP));
  const width = Math.max(CHART_WIDTH, AXIS_WIDTH + days.length * (barWidth + BAR_GAP) + 10);
  const scale = (minor: number) => (max === 0 ? 0 : (minor / max) * (CHART_HEIGHT - 10));
  // The core sends the top accounts, most spent first; a day's other accounts arrive as one amount.
  const charted = accounts.slice(0, CHARTED_ACCOUNTS);
  const others = accountsTotal - charted.length;
  const order = new Map(charted.map((account, index) => [account.sid, index]));
  const othersIndex = charted.length;
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  return (
    <figure className="spend-chart">
      <svg role="img" aria-label={`Actual spend per day, highest ${formatMoney(max, currency)}`} viewBox={`0 0 ${width} ${CHART_HEIGHT + 24}`} width="100%">
        <line className="spend-axis" x1={AXIS_WIDTH - 4} y1={0} x2={AXIS_WIDTH - 4} y2={CHART_HEIGHT} />
        <line className="spend-axis" x1={AXIS_WIDTH - 4} y1={CHART_HEIGHT} x2={width} y2={CHART_HEIGHT} />
        <text className="spend-axis-label" x={AXIS_WIDTH - 8} y={12} textAnchor="end">
          {formatMoney(max, currency)}
        </text>
        <text className="spend-axis-label" x={AXIS_WIDTH - 8} y={CHART_HEIGHT} textAnchor="end">
          0
        </text>
        {days.map((day, dayIndex) => {
          const x = AXIS_WIDTH + dayIndex * (barWidth + BAR_GAP);
          let top = CHART_HEIGHT;
          const segments = chartSegments(day, order, othersIndex);
          return (
            <g key={day.date} data-testid="spend-day" data-date={day.date} data-actual-minor={day.actualMinor}>
              <title>{`${day.date}: ${formatMoney(day.actualMinor, currency)}`}</title>
              {segments.map((segment) => {
                const height = scale(segment.actualMinor);
                top -= height;
                return (
                  <rect
                    key={segment.key}
                    className={segment.key === OTHERS ? 'spend-series-others' : seriesClass(segment.index)}
                    x={x}
                    y={top}
                    width={barWidth}
                    height={height}
                  />
                );
              })}
              {dayIndex % labelEvery === 0 && (
                <text className="spend-axis-label" x={x + barWidth / 2} y={CHART_HEIGHT + 16} textAnchor="middle">
                  {day.date.slice(5)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="spend-legend">
        {charted.map((account, index) => (
          <span key={account.sid}>
            <svg width="10" height="10" aria-hidden="true">
              <rect className={seriesClass(index)} width="10" height="10" />
            </svg>{' '}
            {account.name}
          </span>
        ))}
        {others > 0 && (
          <span data-testid="spend-legend-others">
            <svg width="10" height="10" aria-hidden="true">
              <rect className="spend-series-others" width="10" height="10" />
            </svg>{' '}
            {formatCount(others)} other accounts (find any in the table above)
          </span>
        )}
      </figcaption>
    </figure>
  );
}

const RANK_ROW = 24;
const RANK_LABEL = 160;
const RANK_BAR = 320;

/** The accounts that spent most, as horizontal bars, then one bar for all the others. */
export function SpendRanking({
  accounts,
  others: rest,
  currency,
}: {
  accounts: readonly SpendAccountRow[];
  others: SpendOverview['others'];
  currency: string;
}) {
  const top = accounts.slice(0, RANKED_ACCOUNTS);
  const others = rest.accounts + Math.max(0, accounts.length - RANKED_ACCOUNTS);
  const othersMinor = rest.actualMinor + accounts.slice(RANKED_ACCOUNTS).reduce((sum, account) => sum + account.actualMinor, 0);
  const bars = [
    ...top.map((account, index) => ({
      key: account.sid,
      label: account.name,
      minor: account.actualMinor,
      className: seriesClass(index),
      testId: 'spend-rank',
    })),
    ...(others > 0
      ? [{ key: OTHERS, label: `${formatCount(others)} others`, minor: othersMinor, className: 'spend-series-others', testId: 'spend-rank-others' }]
      : []),
  ];
  const max = Math.max(0, ...bars.map((bar) => bar.minor));
  const width = RANK_LABEL + RANK_BAR + 120;
  return (
    <figure className="spend-chart">
      <svg
        role="img"
        aria-label={`Accounts ranked by actual spend: the top ${top.length}${others > 0 ? ` and ${formatCount(others)} others` : ''}`}
        viewBox={`0 0 ${width} ${bars.length * RANK_ROW + 4}`}
        width="100%"
      >
        {bars.map((bar, rank) => {
          const y = rank * RANK_ROW + 2;
          const length = max === 0 ? 0 : Math.max(1, (bar.minor / max) * RANK_BAR);
          return (
            <g key={bar.key} data-testid={bar.testId} data-sid={bar.key === OTHERS ? undefined : bar.key} data-actual-minor={bar.minor}>
              <text className="spend-axis-label" x={RANK_LABEL - 8} y={y + 15} textAnchor="end">
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              <rect className={bar.className} x={RANK_LABEL} y={y + 3} width={length} height={RANK_ROW - 8} />
              <text className="spend-axis-label" x={RANK_LABEL + length + 6} y={y + 15}>
                {formatMoney(bar.minor, currency)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A day's stacked segments: the charted accounts in rank order, then everyone else as one. */
function chartSegments(
  day: SpendOverviewDay,
  order: ReadonlyMap<string, number>,
  othersIndex: number,
): Array<{ key: string; index: number; actualMinor: number }> {
  const segments: Array<{ key: string; index: number; actualMinor: number }> = [];
  let othersMinor = day.othersMinor;
  for (const entry of day.byAccount) {
    const index = order.get(entry.sid);
    if (index === undefined) othersMinor += entry.actualMinor;
    else segments.push({ key: entry.sid, index, actualMinor: entry.actualMinor });
  }
  segments.sort((a, b) => a.index - b.index);
  if (othersMinor > 0) segments.push({ key: OTHERS, index: othersIndex, actualMinor: othersMinor });
  return segments;
}
