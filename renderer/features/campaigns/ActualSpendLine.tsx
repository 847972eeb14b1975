import type { CampaignProgress } from '../../../shared/calls/campaigns';
import { SPEND_SOURCE_LABELS, type SourcedAmount } from '../../../shared/spend-source';

type Money = (minor: number) => string;

/**
 * The campaign's actual spend and where it came from: the API's message log, or computed from
 * the documented delivery statuses (units × the prices the launch was checked with, refunds
 * applied); where neither is possible, "not known" with why, never a silent 0.
 */
export function ActualSpendLine({ progress, money }: { progress: CampaignProgress; money: Money }) {
  const { totals, actualSpend } = progress;
  const { actual, refunded } = actualSpend;
  if (actual.minor === null || actual.source === null) {
    return (
      <p>
        Actual spend <strong data-testid="spend-actual">not known</strong> of an estimated{' '}
        <strong data-testid="spend-estimate">{money(totals.estimatedMinor)}</strong>.{' '}
        <span className="hint" data-testid="spend-actual-unavailable">
          {actual.unavailable}
        </span>
      </p>
    );
  }
  return (
    <>
      <p>
        Actual spend <strong data-testid="spend-actual">{money(actual.minor)}</strong> of an estimated{' '}
        <strong data-testid="spend-estimate">{money(totals.estimatedMinor)}</strong>
        {refunded.minor !== null && refunded.minor > 0 && (
          <>
            {' '}
            (<span data-testid="spend-refunded">{money(refunded.minor)}</span> refunded for messages not delivered)
          </>
        )}
        {totals.reservedMinor > 0 && <> · {money(totals.reservedMinor)} still reserved for waves not yet charged</>}.{' '}
        <span className="hint" data-testid="spend-actual-source" data-source={actual.source}>
          Source: {SPEND_SOURCE_LABELS[actual.source]}
          {actual.source === 'statuses' && ' (units × the prices the launch was checked with; the API reports no charges)'}.
        </span>
      </p>
      <SpendBar actual={actual.minor} estimate={totals.estimatedMinor} />
    </>
  );
}

/** One wave's actual spend, or "not known" with why in its title. */
export function WaveActual({ progress, waveNo, money }: { progress: CampaignProgress; waveNo: number; money: Money }) {
  const figure: SourcedAmount | undefined = progress.actualSpend.byWave.find((wave) => wave.waveNo === waveNo)?.actual;
  if (!figure || figure.minor === null) return <span title={figure?.unavailable ?? undefined}>not known</span>;
  return <span title={figure.source === null ? undefined : `Source: ${SPEND_SOURCE_LABELS[figure.source]}`}>{money(figure.minor)}</span>;
}

function SpendBar({ actual, estimate }: { actual: number; estimate: number }) {
  const max = Math.max(actual, estimate, 1);
  return (
    <svg
      viewBox="0 0 400 36"
      className="spend-bar"
      role="img"
      aria-label={`Actual spend is ${Math.round((actual / max) * 100)}% of the largest of actual and estimate`}
    >
      <rect x="70" y="2" width={(estimate / max) * 330} height="14" className="spend-estimate" />
      <rect x="70" y="20" width={(actual / max) * 330} height="14" className="spend-actual" />
      <text x="0" y="13" className="timeline-axis">
        estimated
      </text>
      <text x="0" y="31" className="timeline-axis">
        actual
      </text>
    </svg>
  );
}
