import { DateTime } from 'luxon';
import { useEffect, useRef, useState } from 'react';
import type { CampaignTimeline } from '../../../shared/calls/campaign-timeline';
import type { CampaignProgress } from '../../../shared/calls/campaigns';
import { ErrorBanner } from '../../components/ErrorBanner';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { formatCount, formatDateTime, localZone } from '../../../shared/format';

/**
 * Progress events can come many times a second during a launch: the stored timeline is read at
 * most this often, and never more than a tenth of the time (a million messages take the core
 * most of a second to count, so the chart then refreshes every few seconds).
 */
export const TIMELINE_REFRESH_MS = 2_000;
const READ_SHARE = 10;

const LINES = [
  { key: 'sent', label: 'sent (handed to Kaleyra)' },
  { key: 'delivered', label: 'delivered' },
  { key: 'undelivered', label: 'undelivered' },
  { key: 'notSent', label: 'not sent' },
] as const;
type LineKey = (typeof LINES)[number]['key'];

/**
 * The campaign's stored delivery history (or one wave's), read from the store so it is there after
 * a restart: cumulative lines over time, axes in the person's local time, and the same figures in
 * words for screen readers. Re-read when progress changes, at most every TIMELINE_REFRESH_MS.
 */
export function DeliveryTimeline({ progress }: { progress: CampaignProgress }) {
  const [waveNo, setWaveNo] = useState<number | null>(null);
  const [timeline, setTimeline] = useState<CampaignTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastRead = useRef(0);
  const lastReadMs = useRef(0);
  // Answers for another campaign or wave than the one now shown are dropped; a read in flight is not.
  const shown = useRef('');
  const campaignId = progress.campaignId;
  const scope = `${campaignId}:${waveNo ?? ''}`;

  useEffect(() => {
    shown.current = scope;
  }, [scope]);

  useEffect(() => {
    const read = () => {
      const started = Date.now();
      lastRead.current = started;
      call('campaigns.timeline', waveNo === null ? { id: campaignId } : { id: campaignId, waveNo })
        .then((value) => {
          lastReadMs.current = Date.now() - started;
          if (shown.current !== scope) return;
          setTimeline(value);
          setError(null);
        })
        .catch((caught: unknown) => {
          if (shown.current === scope) setError(errorMessage(caught));
        });
    };
    const every = Math.max(TIMELINE_REFRESH_MS, lastReadMs.current * READ_SHARE);
    const timer = setTimeout(read, Math.max(0, lastRead.current + every - Date.now()));
    return () => clearTimeout(timer);
  }, [campaignId, waveNo, scope, progress]);

  const waves = [...progress.waves].sort((a, b) => a.utc.localeCompare(b.utc));
  return (
    <div className="delivery-timeline" data-testid="delivery-timeline">
      <div className="delivery-timeline-head">
        <h3>Deliveries over time</h3>
        {waves.length > 1 && (
          <label>
            Show{' '}
            <select
              value={waveNo ?? ''}
              onChange={(event) => {
                lastRead.current = 0;
                setTimeline(null);
                setWaveNo(event.target.value === '' ? null : Number(event.target.value));
              }}
              data-testid="timeline-wave"
            >
              <option value="">All waves</option>
              {waves.map((wave) => (
                <option key={wave.waveNo} value={wave.waveNo}>
                  Wave {wave.waveNo}: {wave.zone} · {wave.localDate} {wave.localTime} local
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorBanner message={error} />
      {timeline === null ? (
        <p className="hint">Loading the delivery history…</p>
      ) : timeline.buckets.length === 0 ? (
        <p className="empty" data-testid="timeline-empty">
          Nothing handed to Kaleyra yet: the history starts with the first message sent.
        </p>
      ) : (
        <TimelineChart timeline={timeline} />
      )}
    </div>
  );
}

function TimelineChart({ timeline }: { timeline: CampaignTimeline }) {
  const width = 900;
  const height = 200;
  const left = 56;
  const right = 16;
  const top = 12;
  const bottom = 36;
  const totals: Record<LineKey, number> = { sent: 0, delivered: 0, undelivered: 0, notSent: 0 };
  const cumulative = timeline.buckets.map((bucket) => {
    for (const line of LINES) totals[line.key] += bucket[line.key];
    return { ...totals };
  });
  const first = timeline.buckets[0];
  const last = timeline.buckets.at(-1);
  if (!first || !last) return null;
  const bucketMs = timeline.bucketMinutes * 60_000;
  const startMs = Date.parse(first.startUtc);
  const endMs = Date.parse(last.startUtc) + bucketMs;
  const max = Math.max(1, ...LINES.map((line) => totals[line.key]));
  // Each point sits at the end of its bucket: what had happened by then.
  const x = (ms: number) => left + ((ms - startMs) / (endMs - startMs)) * (width - left - right);
  const y = (value: number) => height - bottom - (value / max) * (height - bottom - top);
  const points = (key: LineKey) =>
    [
      `${x(startMs).toFixed(1)},${y(0).toFixed(1)}`,
      ...cumulative.map((counts, index) => `${x(startMs + (index + 1) * bucketMs).toFixed(1)},${y(counts[key]).toFixed(1)}`),
    ].join(' ');
  const local = (ms: number) => DateTime.fromMillis(ms).toLocal();
  const sameDay = local(startMs).hasSame(local(endMs - 1), 'day');
  const tickLabel = (ms: number) => local(ms).toFormat(sameDay ? 'HH:mm' : 'd LLL HH:mm');
  const ticks = [startMs, startMs + (endMs - startMs) / 2, endMs];
  const size = timeline.bucketMinutes >= 60 ? `${timeline.bucketMinutes / 60}-hour` : `${timeline.bucketMinutes}-minute`;
  const summary =
    `From ${formatDateTime(startMs)} to ${formatDateTime(endMs)} (your time, ${localZone()}; ${size} steps): ` +
    LINES.map((line) => `${formatCount(totals[line.key])} ${line.label}`).join(', ') +
    '.';
  return (
    <figure className="timeline-chart" data-testid="timeline-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Cumulative deliveries over time. ${summary}`}>
        <line x1={left} x2={width - right} y1={y(0)} y2={y(0)} className="timeline-tick" />
        <line x1={left} x2={left} y1={top} y2={y(0)} className="timeline-tick" />
        <text x={left - 6} y={y(max) + 4} textAnchor="end" className="timeline-axis">
          {formatCount(max)}
        </text>
        <text x={left - 6} y={y(0)} textAnchor="end" className="timeline-axis">
          0
        </text>
        <text x={12} y={(top + y(0)) / 2} className="timeline-axis" transform={`rotate(-90 12 ${(top + y(0)) / 2})`} textAnchor="middle">
          messages
        </text>
        {ticks.map((ms, index) => (
          <text
            key={index}
            x={x(ms)}
            y={height - 18}
            textAnchor={index === 0 ? 'start' : index === ticks.length - 1 ? 'end' : 'middle'}
            className="timeline-axis"
          >
            {tickLabel(ms)}
          </text>
        ))}
        <text x={(left + width - right) / 2} y={height - 3} textAnchor="middle" className="timeline-axis">
          your local time
        </text>
        {LINES.map((line) => (
          <polyline key={line.key} points={points(line.key)} className={`timeline-line timeline-line--${line.key}`} />
        ))}
      </svg>
      <figcaption>
        <span className="timeline-legend">
          {LINES.map((line) => (
            <span key={line.key} className={`legend-item timeline-key--${line.key}`}>
              — {line.label}
            </span>
          ))}
        </span>
        <span className="hint" data-testid="timeline-summary">
          {summary}
        </span>
      </figcaption>
    </figure>
  );
}
