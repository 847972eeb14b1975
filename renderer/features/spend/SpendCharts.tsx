import type { SpendAccountRow, SpendDay } from '../../../shared/calls/spend';
import { formatMoney } from '../../../shared/money';

/** Series colours live in styles.css (`.spend-series-N`): the CSP allows no inline styles. */
export const SERIES_COUNT = 8;
export const seriesClass = (index: number) => `spend-series-${index % SERIES_COUNT}`;

/** The chart's drawing width; the SVG scales to its box, so labels keep a readable size at this width. */
const CHART_WIDTH = 600;
const CHART_HEIGHT = 180;
const AXIS_WIDTH = 70;
const BAR_GAP = 2;

/** Actual spend per day, one stacked segment per account (inline SVG: no chart library). */
export function SpendDayChart({ days, accounts, currency }: { days: readonly SpendDay[]; accounts: readonly SpendAccountRow[]; currency: string }) {
  const max = Math.max(0, ...days.map((day) => day.actualMinor));
  const barWidth = Math.max(2, Math.min(40, Math.floor((CHART_WIDTH - AXIS_WIDTH - 10) / Math.max(1, days.length)) - BAR_GAP));
  const width = Math.max(CHART_WIDTH, AXIS_WIDTH + days.length * (barWidth + BAR_GAP) + 10);
  const scale = (minor: number) => (max === 0 ? 0 : (minor / max) * (CHART_HEIGHT - 10));
  const order = new Map(accounts.map((account, index) => [account.sid, index]));
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
          const segments = [...day.byAccount].sort((a, b) => (order.get(a.sid) ?? 0) - (order.get(b.sid) ?? 0));
          return (
            <g key={day.date} data-testid="spend-day" data-date={day.date} data-actual-minor={day.actualMinor}>
              <title>{`${day.date}: ${formatMoney(day.actualMinor, currency)}`}</title>
              {segments.map((segment) => {
                const height = scale(segment.actualMinor);
                top -= height;
                return <rect key={segment.sid} className={seriesClass(order.get(segment.sid) ?? 0)} x={x} y={top} width={barWidth} height={height} />;
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
        {accounts.map((account, index) => (
          <span key={account.sid}>
            <svg width="10" height="10" aria-hidden="true">
              <rect className={seriesClass(index)} width="10" height="10" />
            </svg>{' '}
            {account.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

const RANK_ROW = 24;
const RANK_LABEL = 160;
const RANK_BAR = 320;

/** Accounts ranked by actual spend, as horizontal bars. */
export function SpendRanking({ accounts, currency }: { accounts: readonly SpendAccountRow[]; currency: string }) {
  const ranked = accounts.map((account, index) => ({ account, index })).sort((a, b) => b.account.actualMinor - a.account.actualMinor);
  const max = Math.max(0, ...accounts.map((account) => account.actualMinor));
  const width = RANK_LABEL + RANK_BAR + 120;
  return (
    <figure className="spend-chart">
      <svg role="img" aria-label="Accounts ranked by actual spend" viewBox={`0 0 ${width} ${ranked.length * RANK_ROW + 4}`} width="100%">
        {ranked.map(({ account, index }, rank) => {
          const y = rank * RANK_ROW + 2;
          const length = max === 0 ? 0 : Math.max(1, (account.actualMinor / max) * RANK_BAR);
          return (
            <g key={account.sid} data-testid="spend-rank" data-sid={account.sid}>
              <text className="spend-axis-label" x={RANK_LABEL - 8} y={y + 15} textAnchor="end">
                {account.name.length > 22 ? `${account.name.slice(0, 21)}…` : account.name}
              </text>
              <rect className={seriesClass(index)} x={RANK_LABEL} y={y + 3} width={length} height={RANK_ROW - 8} />
              <text className="spend-axis-label" x={RANK_LABEL + length + 6} y={y + 15}>
                {formatMoney(account.actualMinor, currency)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
