import { sendRuleLine } from './send-hours';
import { LeftOutList } from './LeftOutList';
import { DateTime } from 'luxon';
import { useEffect, useState } from 'react';
import type { CampaignProgress } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { ErrorDetails } from '../../components/ErrorDetails';
import { withoutCodes } from '../../lib/error-message';
import { useCampaignMonitorStore } from './campaign-monitor-store';
import { useCampaignsStore } from './campaigns-store';
import { DeliveryTimeline } from './DeliveryTimeline';
import { ActualSpendLine, WaveActual } from './ActualSpendLine';
import { ReplayDialog } from './ReplayDialog';
import { formatCount, formatDateTime, formatShortDateTime, formatTime, formatUtcInstant, localZone } from '../../../shared/format';
import { traceLabel } from '../../../shared/kaleyra/trace-labels';

const REFRESH_MS = 5_000;

export function MonitorSection() {
  const campaign = useCampaignsStore((s) => s.campaign);
  const progress = useCampaignMonitorStore((s) => s.progress);
  const busy = useCampaignMonitorStore((s) => s.busy);
  const actionError = useCampaignMonitorStore((s) => s.actionError);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [replaying, setReplaying] = useState(false);
  const live = campaign !== null && ['scheduled', 'running', 'paused'].includes(campaign.status);
  // A cancel reaches the API's scheduled messages a moment later: keep watching until they settle.
  const settling = progress !== null && progress.status === 'cancelled' && progress.totals.queued + progress.totals.scheduled > 0;
  const watch = live || settling;

  useEffect(() => {
    if (!watch) return;
    // Events bring most changes; this catches statuses pulled on the main side's own timer.
    const timer = setInterval(() => void useCampaignsStore.getState().refreshProgress(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [watch]);

  if (!campaign) return null;
  if (campaign.status === 'draft') {
    return (
      <p className="empty" data-testid="monitor-empty">
        Nothing to monitor yet: this campaign has not been launched. Delivery, spend and a chart per wave appear here once it is.
      </p>
    );
  }
  if (!progress) return <p className="empty">Loading progress…</p>;
  const { totals } = progress;
  const currency = progress.currency;
  const money = (minor: number) => (currency ? formatMoney(minor, currency) : '—');
  const store = useCampaignsStore.getState();

  return (
    <div className="monitor" data-testid="monitor">
      {progress.blockedReason && (
        <p className="notice notice--error" role="alert" data-testid="blocked-reason">
          Sending stopped: {withoutCodes(progress.blockedReason.message)}
        </p>
      )}
      {actionError && (
        <p className="notice notice--error" role="alert">
          {actionError}
        </p>
      )}
      <div className="card monitor-actions">
        <span className={`badge badge--campaign-${progress.status}`} data-testid="monitor-status">
          {progress.status}
        </span>
        {progress.launchedAt && (
          <span className="hint" data-testid="launched-at">
            Launched{' '}
            <time dateTime={progress.launchedAt} title={formatUtcInstant(progress.launchedAt)}>
              {formatDateTime(progress.launchedAt)}
            </time>
          </span>
        )}
        <div className="row-actions">
          {(progress.status === 'running' || progress.status === 'scheduled') && (
            <button type="button" disabled={busy} onClick={() => void store.control('pause')}>
              Pause
            </button>
          )}
          {progress.status === 'paused' && (
            <button type="button" disabled={busy} onClick={() => void store.control('resume')}>
              Resume
            </button>
          )}
          {live && (
            <button type="button" className="danger-outline" disabled={busy} onClick={() => setConfirmCancel(true)}>
              Cancel waves not yet sent…
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => void store.syncStatuses()}>
            Check delivery now
          </button>
          <button type="button" disabled={busy} onClick={() => void useCampaignMonitorStore.getState().exportResults(campaign.id)} data-testid="export-results">
            Export results (CSV)
          </button>
          {(progress.status === 'completed' || progress.status === 'cancelled') && (
            <button type="button" disabled={busy} onClick={() => setReplaying(true)}>
              Replay…
            </button>
          )}
        </div>
      </div>

      <p className="hint" data-testid="monitor-requests">
        API requests: {progress.requests.accepted} of {progress.requests.total} accepted
        {progress.requests.pending > 0 && `, ${progress.requests.pending} waiting to be sent`}
        {progress.requests.failed > 0 && `, ${progress.requests.failed} refused`}
        {progress.requests.cancelled > 0 && `, ${progress.requests.cancelled} cancelled`}
        {settling && ' · cancelling the scheduled messages at Kaleyra…'}
      </p>
      {progress.sendRules.length > 0 && (
        <ul className="notice" data-testid="monitor-send-rules" aria-label="Held back or skipped when due">
          {progress.sendRules.map((tally) => (
            <li key={`${tally.reason}/${tally.outcome}`}>
              {sendRuleLine(tally, (iso) => DateTime.fromISO(iso, { zone: 'utc' }).toFormat("d LLL HH:mm 'UTC'"))}
            </li>
          ))}
        </ul>
      )}
      <dl className="report-counts" data-testid="monitor-totals">
        <Count label="Recipients" value={totals.recipients} id="recipients" />
        <Count label="Waiting" value={totals.queued + totals.scheduled} id="waiting" />
        <Count label="Sent, no report yet" value={totals.sent} id="sent" />
        <Count label="Delivered" value={totals.delivered} id="delivered" />
        <Count label="Undelivered" value={totals.undelivered} id="undelivered" />
        <Count label="Not sent" value={totals.notSent + totals.failed} id="not-sent" />
        <Count label="Cancelled" value={totals.cancelled} id="cancelled" />
      </dl>
      <div className="hint monitor-left-out">
        <strong>Left out</strong> <LeftOutList leftOut={progress.leftOut} testId="monitor-left-out" />
      </div>
      <div className="card spend" data-testid="monitor-spend">
        <h2>Spend</h2>
        <ActualSpendLine progress={progress} money={money} />
        <EnteredPrices />
      </div>

      <div className="card">
        <h2>Waves over time</h2>
        <WaveChart progress={progress} />
        <DeliveryTimeline progress={progress} />
      </div>

      <table className="data-table" aria-label="Progress per wave">
        <thead>
          <tr>
            <th>Wave (recipients’ local time)</th>
            <th>Your time ({localZone()})</th>
            <th className="numeric">Recipients</th>
            <th className="numeric">Waiting</th>
            <th className="numeric">Awaiting report</th>
            <th className="numeric">Delivered</th>
            <th className="numeric">Undelivered</th>
            <th className="numeric">Not sent</th>
            <th className="numeric">Cancelled</th>
            <th className="numeric">Cost (actual / est.)</th>
          </tr>
        </thead>
        <tbody>
          {progress.waves.map((wave) => (
            <tr key={wave.waveNo} data-testid="progress-wave">
              <td>
                {wave.zone} · {wave.localDate} {wave.localTime} <span className="hint">local</span>
              </td>
              <td data-testid="wave-your-time">
                <time dateTime={wave.utc} title={formatUtcInstant(wave.utc)}>
                  {formatShortDateTime(wave.utc)}
                </time>
              </td>
              <td className="numeric">{wave.recipients}</td>
              <td className="numeric">{wave.queued + wave.scheduled}</td>
              <td className="numeric">{wave.sent}</td>
              <td className="numeric">{wave.delivered}</td>
              <td className="numeric">{wave.undelivered}</td>
              <td className="numeric">{wave.notSent + wave.failed}</td>
              <td className="numeric">{wave.cancelled}</td>
              <td className="numeric">
                <WaveActual progress={progress} waveNo={wave.waveNo} money={money} /> / {money(wave.estimatedMinor)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {progress.failures.length > 0 && (
        <div className="card" data-testid="failures">
          <h2>Refused by the API</h2>
          <ul>
            {progress.failures.map((failure, index) => (
              <li key={index}>
                Wave {failure.waveNo}: {formatCount(failure.recipients)} recipients — {withoutCodes(failure.error.message)}
                <ErrorDetails code={failure.error.apiCode} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {progress.undeliveredByReason.length > 0 && <ReasonTable progress={progress} />}

      {replaying && <ReplayDialog progress={progress} onClose={() => setReplaying(false)} />}
      {confirmCancel && (
        <Dialog title="Cancel the waves not yet sent?" onClose={() => setConfirmCancel(false)} testId="cancel-dialog">
          <div className="dialog-form">
            <p>
              {totals.queued + totals.scheduled} recipients have not been sent to yet. Their waves are cancelled here and at Kaleyra; messages already sent stay
              sent. This cannot be undone.
            </p>
            <div className="dialog-actions">
              <button type="button" onClick={() => setConfirmCancel(false)}>
                Keep sending
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setConfirmCancel(false);
                  void store.control('cancel');
                }}
              >
                Cancel waves
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </div>
  );
}

/** Undelivered and not-sent messages by the operator's trace reason: one column per wave, totals last. */
function ReasonTable({ progress }: { progress: CampaignProgress }) {
  const waves = progress.waves.filter((wave) => wave.undeliveredByReason.length > 0);
  const countIn = (list: CampaignProgress['undeliveredByReason'], reason: string) => list.find((entry) => entry.reason === reason)?.count ?? 0;
  return (
    <table className="data-table" aria-label="Undelivered by reason" data-testid="undelivered-reasons">
      <thead>
        <tr>
          <th>Reason</th>
          {waves.map((wave) => (
            <th key={wave.waveNo} className="numeric">
              {wave.zone} · {wave.localTime} local
            </th>
          ))}
          <th className="numeric">All waves</th>
        </tr>
      </thead>
      <tbody>
        {progress.undeliveredByReason.map(({ reason, count }) => (
          <tr key={reason} data-testid="undelivered-reason">
            <td>
              {traceLabel(reason) ?? reason} {traceLabel(reason) !== null && <span className="hint mono">{reason}</span>}
            </td>
            {waves.map((wave) => (
              <td key={wave.waveNo} className="numeric">
                {countIn(wave.undeliveredByReason, reason)}
              </td>
            ))}
            <td className="numeric">{count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Count({ label, value, id }: { label: string; value: number; id: string }) {
  return (
    <div className={`report-count report-count--${id}`} data-testid={`monitor-${id}`}>
      <dt>{label}</dt>
      <dd>{formatCount(value)}</dd>
    </div>
  );
}

const STACK = [
  { key: 'delivered', label: 'delivered' },
  { key: 'undelivered', label: 'undelivered' },
  { key: 'sent', label: 'sent, no report yet' },
  { key: 'notSent', label: 'not sent / refused' },
  { key: 'waiting', label: 'waiting' },
  { key: 'cancelled', label: 'cancelled' },
] as const;

/** Each wave as a stacked bar at its instant (labelled in the user's time): how its recipients split by status. */
function WaveChart({ progress }: { progress: CampaignProgress }) {
  const width = 900;
  const height = 180;
  const left = 40;
  const bottom = 32;
  const waves = [...progress.waves].sort((a, b) => a.utc.localeCompare(b.utc));
  if (waves.length === 0) return <p className="hint">No waves.</p>;
  // Bars in time order, evenly spaced (waves often share an instant), each labelled with its time.
  const slot = (width - left - 10) / waves.length;
  const barWidth = Math.max(10, Math.min(48, slot * 0.6));
  const x = (index: number) => left + index * slot + (slot - barWidth) / 2;
  const max = Math.max(...waves.map((wave) => wave.recipients), 1);
  const scale = (height - bottom - 10) / max;
  return (
    <figure className="wave-chart" data-testid="wave-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Delivery per wave for ${waves.length} waves; the table below lists the same figures.`}>
        <line x1={left} x2={width} y1={height - bottom} y2={height - bottom} className="timeline-tick" />
        <text x={4} y={14} className="timeline-axis">
          {max}
        </text>
        {waves.map((wave, index) => {
          const values: Record<(typeof STACK)[number]['key'], number> = {
            delivered: wave.delivered,
            undelivered: wave.undelivered,
            sent: wave.sent,
            notSent: wave.notSent + wave.failed,
            waiting: wave.queued + wave.scheduled,
            cancelled: wave.cancelled,
          };
          let y = height - bottom;
          const bx = x(index);
          return (
            <g key={wave.waveNo}>
              <title>
                {`${wave.zone} ${wave.localTime} recipients’ local time; ${formatShortDateTime(wave.utc)} your time (${formatUtcInstant(wave.utc)}): ` +
                  STACK.map((part) => `${values[part.key]} ${part.label}`).join(', ')}
              </title>
              {STACK.map((part) => {
                const h = values[part.key] * scale;
                y -= h;
                return h > 0 ? <rect key={part.key} x={bx} y={y} width={barWidth} height={h} className={`chart-${part.key}`} /> : null;
              })}
              <text x={bx + barWidth / 2} y={height - 14} textAnchor="middle" className="timeline-axis">
                {wave.zone.split('/').at(-1)?.replaceAll('_', ' ')}
              </text>
              <text x={bx + barWidth / 2} y={height - 2} textAnchor="middle" className="timeline-axis">
                {formatTime(wave.utc)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="timeline-legend">
        {STACK.map((part) => (
          <span key={part.key} className="legend-item">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" className={`chart-${part.key}`} />
            </svg>{' '}
            {part.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Estimates that rest on a price the user typed (the rate card had none): said next to charged vs estimated. */
function EnteredPrices() {
  const choices = useCampaignsStore((s) => s.campaign?.noPriceChoices ?? {});
  const entered = Object.entries(choices).flatMap(([country, choice]) => (choice.action === 'price' ? [`${country} ${choice.unitPrice} per SMS`] : []));
  if (entered.length === 0) return null;
  return (
    <p className="hint" data-testid="monitor-entered-prices">
      The estimate uses prices entered by you for destinations the rate card had none for: {entered.join(', ')}.
    </p>
  );
}
