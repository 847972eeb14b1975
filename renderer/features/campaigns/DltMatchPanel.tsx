import { useEffect } from 'react';
import { isIndianNumber, type DltCheckFailure } from '../../../shared/dlt/compliance';
import { describeMismatch, matchDltTemplate } from '../../../shared/dlt/template-match';
import { formatCount } from '../../../shared/format';
import { renderBody } from '../../../shared/personalisation';
import { useDltStore } from '../dlt/dlt-store';
import { Highlighted } from '../dlt/TemplateCheck';
import { useCampaignsStore } from './campaigns-store';
import { useDltCheckStore } from './dlt-check-store';
import { useSampleRecipientsStore } from './sample-recipients-store';
import { pickVariant } from './variant-picker';

/** How long the draft must stay unchanged before the whole audience is checked again. */
const CHECK_AFTER_TYPING_MS = 700;

/** Whether the message step shows DLT controls: the audience reaches Indian numbers, or a template is already chosen. */
export function useDltApplies(): boolean {
  const report = useDltCheckStore((s) => s.report);
  const sample = useSampleRecipientsStore((s) => s.sampleRecipients);
  const chosen = useCampaignsStore((s) => s.form?.variants.some((variant) => variant.dltTemplateId !== null && variant.dltTemplateId !== undefined) ?? false);
  return chosen || (report?.indianRecipients ?? 0) > 0 || sample.some((recipient) => isIndianNumber(recipient.phoneE164));
}

/**
 * Keeps the core's DLT check of the saved draft current and says, for the whole campaign, what the
 * registry lacks (no entity ID, nothing registered yet).
 */
export function DltCampaignCheck() {
  const campaign = useCampaignsStore((s) => s.campaign);
  const report = useDltCheckStore((s) => s.report);
  const error = useDltCheckStore((s) => s.error);
  const applies = useDltApplies();
  const id = campaign?.id;
  const revision = campaign?.revision;
  useEffect(() => {
    void useDltStore.getState().load();
  }, [id]);
  useEffect(() => {
    if (id === undefined || revision === undefined) return undefined;
    // The core renders every recipient for this check: once typing pauses, not at every saved keystroke.
    const timer = setTimeout(() => void useDltCheckStore.getState().refresh(id, revision), CHECK_AFTER_TYPING_MS);
    return () => clearTimeout(timer);
  }, [id, revision]);
  if (!applies || !report) return error ? <p className="notice notice--error">{error}</p> : null;
  if (!report.enforced) {
    return (
      <p className="notice notice--warn" role="note" data-testid="dlt-not-set-up">
        {formatCount(report.indianRecipients)} recipients have Indian numbers. Operators drop commercial SMS to India unless the sender ID and the text are
        registered on DLT: set up this profile’s registry under DLT (India), then choose each variant’s template here.
      </p>
    );
  }
  const entityMissing = report.failures.some((failure) => failure.problem === 'no-entity');
  return entityMissing ? (
    <p className="notice notice--error" role="alert" data-testid="dlt-no-entity">
      No principal entity ID is set for this profile: enter it under DLT (India). Until then nothing can be sent to Indian numbers.
    </p>
  ) : null;
}

/**
 * The live check of one variant: the sample recipients on screen at once (as you type), then every
 * Indian recipient of the audience in the core once the draft is saved, with what does not match
 * highlighted.
 */
export function DltMatchPanel({ index }: { index: number }) {
  const form = useCampaignsStore((s) => s.form);
  const saveState = useCampaignsStore((s) => s.saveState);
  const sample = useSampleRecipientsStore((s) => s.sampleRecipients);
  const registry = useDltStore((s) => s.registry);
  const report = useDltCheckStore((s) => s.report);
  const checking = useDltCheckStore((s) => s.checking);
  const checkedRevision = useDltCheckStore((s) => s.revision);
  const revision = useCampaignsStore((s) => s.campaign?.revision);
  const variant = form?.variants[index];
  if (!form || !variant?.dltTemplateId) return null;
  const template = registry?.templates.find((candidate) => candidate.templateId === variant.dltTemplateId);

  // At once, on the sample: the first Indian recipient of this variant whose text does not match.
  const mine = sample.filter((recipient) => isIndianNumber(recipient.phoneE164) && pickVariant(form.variants, recipient.language) === index);
  let sampleFailure: { phone: string; body: string; lines: string[]; ranges: ReturnType<typeof matchDltTemplate>['mismatches'] } | null = null;
  let sampleMatching = 0;
  if (template) {
    for (const recipient of mine) {
      const body = renderBody(variant.body, { name: recipient.name, fields: recipient.fields });
      const match = matchDltTemplate(template.text, body);
      if (match.matches) sampleMatching++;
      else sampleFailure ??= { phone: recipient.phoneE164, body, lines: match.mismatches.map((m) => describeMismatch(m, body)), ranges: match.mismatches };
    }
  }
  // The core's answer counts only for the draft as saved now (an older one would show what was fixed).
  const saved = saveState === 'saved' && checkedRevision === revision && !checking;
  const tally = saved ? report?.variants[index] : undefined;
  const failures = saved ? (report?.failures.filter((failure) => failure.variant === variant.language) ?? []) : [];

  return (
    <div className="dlt-match" role="status" aria-live="polite" data-testid="dlt-match">
      {mine.length > 0 && template && (
        <p className={sampleFailure ? 'field-error' : 'success'} data-testid="dlt-match-sample">
          {sampleFailure
            ? `Does not match template ${template.templateId} for ${sampleFailure.phone} ` +
              `(${formatCount(sampleMatching)} of ${formatCount(mine.length)} shown recipients match).`
            : `Matches template ${template.templateId} for the ${formatCount(mine.length)} Indian recipients shown.`}
        </p>
      )}
      {sampleFailure && (
        <>
          <Highlighted body={sampleFailure.body} mismatches={sampleFailure.ranges} />
          <ul className="dlt-mismatches">
            {sampleFailure.lines.map((line, at) => (
              <li key={at}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <p className="hint" data-testid="dlt-match-audience">
        {!saved || !tally
          ? 'Checking every Indian recipient…'
          : tally.failingRecipients === 0
            ? `Whole audience: all ${formatCount(tally.indianRecipients)} Indian recipients of this variant pass the DLT check.`
            : `Whole audience: ${formatCount(tally.failingRecipients)} of ${formatCount(tally.indianRecipients)} ` +
              'Indian recipients of this variant would be dropped.'}
      </p>
      {failures.length > 0 && (
        <ul className="dlt-failures" data-testid="dlt-failures">
          {failures.map((failure, at) => (
            <DltFailureItem key={at} failure={failure} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DltFailureItem({ failure }: { failure: DltCheckFailure }) {
  const others = failure.recipientCount - failure.recipients.length;
  return (
    <li data-testid="dlt-failure">
      <span className="field-error">{failure.message}</span>{' '}
      <span className="hint">
        {failure.recipients.join(', ')}
        {others > 0 ? ` and ${formatCount(others)} more` : ''}
      </span>
      {failure.body !== null && <Highlighted body={failure.body} mismatches={failure.mismatches} />}
    </li>
  );
}

/** One line for the launch confirmation: whether every Indian recipient passes the DLT check. */
export function DltLaunchSummary() {
  const current = useDltCheckStore((s) => s.report);
  const checkedRevision = useDltCheckStore((s) => s.revision);
  const checking = useDltCheckStore((s) => s.checking);
  const id = useCampaignsStore((s) => s.campaign?.id);
  const revision = useCampaignsStore((s) => s.campaign?.revision);
  useEffect(() => {
    if (id !== undefined && revision !== undefined) void useDltCheckStore.getState().refresh(id, revision);
  }, [id, revision]);
  const report = checkedRevision === revision && !checking ? current : null;
  if (!report || report.indianRecipients === 0) return null;
  const line = !report.enforced
    ? `${formatCount(report.indianRecipients)} Indian recipients; no DLT registry is set up for this profile, so operators may drop them.`
    : report.failingRecipients === 0
      ? `All ${formatCount(report.indianRecipients)} Indian recipients pass: ` +
        `registered header, matching templates${report.hoursChecked ? ', promotional hours' : ''}.`
      : `${formatCount(report.failingRecipients)} of ${formatCount(report.indianRecipients)} Indian recipients would be dropped: ` +
        `${report.failures[0]?.message ?? ''}`;
  return (
    <>
      <dt>India DLT</dt>
      <dd data-testid="confirm-dlt" className={report.enforced && report.failingRecipients > 0 ? 'field-error' : undefined}>
        {line}
      </dd>
    </>
  );
}
