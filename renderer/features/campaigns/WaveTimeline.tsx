import { DateTime } from 'luxon';
import type { CampaignPlan } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { spreadProblem, waveSpreadLabel } from './guard-rails';
import { explainWave, formatUtc, sortedWaves, type WaveMark } from './wave-notes';
import { formatCount, formatDateTime, formatShortDateTime } from '../../../shared/format';
import { plural } from '../../lib/plural';
import { DAY, HOUR } from '../../../shared/durations';

const WIDTH = 900;
const LANE = 34;
const LEFT = 170;
const RIGHT = 70;
const TOP = 28;
const MAX_TICKS = 14;
const TICK_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

const MARK_LABEL: Record<WaveMark, string> = {
  normal: 'as requested',
  moved: 'moved by quiet hours',
  dst: 'daylight saving',
  passed: 'already past',
};

/**
 * The plan as a picture: one lane per zone, each wave a dot at its UTC instant sized by its
 * recipients, labelled with its local time; colours mark quiet-hour, DST and already-past moves.
 */
export function WaveTimeline({ plan }: { plan: CampaignPlan }) {
  const waves = sortedWaves(plan);
  if (waves.length === 0) return null;
  const zones = [...new Set(waves.map((wave) => wave.zone))];
  const times = waves.map((wave) => Date.parse(wave.utc));
  const now = Date.parse(plan.generatedAt);
  const firstWave = Math.min(...times);
  // A throttled wave lasts until its last request: the axis runs to the end of the latest spread.
  const last = Math.max(...waves.map((wave) => Date.parse(wave.lastUtc)));
  // Show "now" on the axis when it is close to the waves; otherwise say how far ahead they are.
  const nowOnAxis = firstWave - now < 2 * DAY;
  const first = nowOnAxis ? Math.min(firstWave, now) : firstWave;
  const start = Math.floor(first / HOUR) * HOUR - HOUR;
  const end = Math.max(Math.ceil(last / HOUR) * HOUR + HOUR, start + 6 * HOUR);
  const span = end - start;
  const x = (ms: number) => LEFT + ((ms - start) / span) * (WIDTH - LEFT - RIGHT);
  const height = TOP + zones.length * LANE + 24;
  const maxRecipients = Math.max(...waves.map((wave) => wave.recipients), 1);
  const currency = plan.currency;

  // Grid: every day boundary (UTC) and a few hour ticks in between.
  const tickStep = TICK_STEPS.find((step) => span / step <= MAX_TICKS) ?? 7 * DAY;
  const ticks: number[] = [];
  for (let at = Math.ceil(start / tickStep) * tickStep; at <= end; at += tickStep) ticks.push(at);

  return (
    <figure className="wave-timeline" data-testid="wave-timeline">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc" className="timeline-svg">
        <title id="timeline-title">Timeline of the campaign&apos;s waves</title>
        <desc id="timeline-desc">
          {plural(waves.length, 'wave')} across {plural(zones.length, 'time zone')}, from {formatDateTime(Math.min(...times))} to {formatDateTime(last)} (your
          time). The table below lists the same waves.
        </desc>
        {ticks.map((at) => {
          const moment = DateTime.fromMillis(at, { zone: 'utc' });
          const midnight = moment.hour === 0;
          return (
            <g key={at}>
              <line x1={x(at)} x2={x(at)} y1={TOP - 6} y2={height - 20} className={midnight ? 'timeline-day' : 'timeline-tick'} />
              <text x={x(at)} y={height - 6} className="timeline-axis" textAnchor="middle">
                {midnight ? moment.toFormat('d LLL') : moment.toFormat('HH:mm')}
              </text>
            </g>
          );
        })}
        {nowOnAxis ? (
          <>
            <line x1={x(now)} x2={x(now)} y1={TOP - 14} y2={height - 20} className="timeline-now" />
            <text x={x(now) + 4} y={TOP - 16} className="timeline-now-label">
              now
            </text>
          </>
        ) : (
          <text x={LEFT} y={TOP - 16} className="timeline-now-label">
            ← now is {Math.round((firstWave - now) / DAY)} days before the first wave
          </text>
        )}
        {zones.map((zone, lane) => (
          <g key={zone}>
            <text x={8} y={TOP + lane * LANE + LANE / 2 + 4} className="timeline-zone">
              {zone}
            </text>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={TOP + lane * LANE + LANE / 2} y2={TOP + lane * LANE + LANE / 2} className="timeline-lane" />
          </g>
        ))}
        {waves.map((wave) => {
          const lane = zones.indexOf(wave.zone);
          const cx = x(Date.parse(wave.utc));
          const cy = TOP + lane * LANE + LANE / 2;
          const radius = 5 + 9 * Math.sqrt(wave.recipients / maxRecipients);
          const { mark, notes } = explainWave(wave, plan.generatedAt);
          const late = spreadProblem(wave);
          if (late) notes.push(late);
          const cost = currency ? formatMoney(wave.costMinor, currency) : '—';
          const spreadEnd = x(Date.parse(wave.lastUtc));
          return (
            <g key={wave.id} className={`timeline-wave timeline-wave--${mark}`} data-testid="timeline-wave" data-mark={mark}>
              <title>
                {`${wave.zone}: ${wave.localDate} ${waveSpreadLabel(wave)} local · ${formatShortDateTime(wave.utc)} your time (${formatUtc(wave.utc)}) · ` +
                  `${formatCount(wave.recipients)} recipients · ${cost}${notes.length ? `\n${notes.join('\n')}` : ''}`}
              </title>
              {spreadEnd > cx && (
                <line
                  x1={cx}
                  x2={spreadEnd}
                  y1={cy}
                  y2={cy}
                  className={`timeline-spread${late ? ' timeline-spread--late' : ''}`}
                  data-testid="timeline-spread"
                />
              )}
              <circle cx={cx} cy={cy} r={radius} />
              <text x={cx + radius + 3} y={cy - 4} className="timeline-label">
                {waveSpreadLabel(wave)}
                {mark !== 'normal' ? ' *' : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="timeline-legend">
        {(Object.keys(MARK_LABEL) as WaveMark[]).map((mark) => (
          <span key={mark} className="legend-item">
            <svg width="12" height="12" aria-hidden="true" className={`timeline-wave--${mark}`}>
              <circle cx="6" cy="6" r="5" />
            </svg>{' '}
            {MARK_LABEL[mark]}
          </span>
        ))}
        <span className="legend-item">dot size: recipients · label: local time · bar: spread by the throttle</span>
      </figcaption>
    </figure>
  );
}
