import { useEffect, useRef, useState } from 'react';
import type { CampaignPlan, VariantInput } from '../../../shared/calls/campaigns';
import { formatMoney } from '../../../shared/money';
import { costOfUnits, parseUnitPrice } from '../../../shared/pricing';
import { renderBody, type PersonalisationValues } from '../../../shared/personalisation';
import { analyzeSms, countSmsSegments } from '../../../shared/sms';
import { Field } from '../../components/Field';
import { useAudiencesStore } from '../audiences/audiences-store';
import { useCampaignPlanStore } from './campaign-plan-store';
import { useSampleRecipientsStore } from './sample-recipients-store';
import { useCampaignsStore } from './campaigns-store';
import { OptOutControls } from './OptOutControls';
import { useOptOutStore } from './opt-out-store';
import { VariantCounter } from './VariantCounter';
import { pickVariant } from './variant-picker';
import { formatCount } from '../../../shared/format';
import { DltTemplateChoice } from './DltTemplateChoice';
import { DltCampaignCheck, DltMatchPanel, useDltApplies } from './DltMatchPanel';
import { useSharedCampaignsStore } from './shared-campaigns-store';

export function MessageSection() {
  const form = useCampaignsStore((s) => s.form);
  const campaign = useCampaignsStore((s) => s.campaign);
  const audiences = useAudiencesStore((s) => s.audiences);
  const fieldErrors = useCampaignsStore((s) => s.fieldErrors);
  const planProblem = useCampaignPlanStore((s) => s.planProblem);
  const saveState = useCampaignsStore((s) => s.saveState);
  const [newLanguage, setNewLanguage] = useState('');
  const [languageError, setLanguageError] = useState<string | null>(null);
  const sampleRecipients = useSampleRecipientsStore((s) => s.sampleRecipients);
  useEffect(() => {
    void useOptOutStore.getState().load();
  }, []);
  // Another account's draft (a parent manager's view) or a teammate's launch: shown, not changed here.
  const readOnly = useSharedCampaignsStore((s) => (campaign ? s.isReadOnly(campaign.id) : false));
  if (!form || !campaign) return null;
  const edit = useCampaignsStore.getState().edit;
  const editable = campaign.status === 'draft' && !readOnly;
  const audience = audiences.find((entry) => entry.id === form.audienceId) ?? null;
  const ready = audiences.filter((entry) => entry.status === 'ready');
  // The plan's complaint is about the saved draft: show it only once the draft on screen is saved.
  const errorOf = (field: string) => fieldErrors[field] ?? (planProblem?.field === field && saveState === 'saved' ? planProblem.message : undefined);

  // Who receives each variant, among the recipients loaded for the preview.
  const recipientsOf = (index: number) => sampleRecipients.filter((entry) => pickVariant(form.variants, entry.language) === index);

  const setVariant = (index: number, patch: Partial<VariantInput>) =>
    edit({
      variants: form.variants.map((variant, at) => (at === index ? { ...variant, ...patch } : patch.isDefault ? { ...variant, isDefault: false } : variant)),
    });

  const addVariant = () => {
    const language = newLanguage.trim();
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language)) {
      setLanguageError('Use a language code such as en, hi or pt-BR');
      return;
    }
    if (form.variants.some((variant) => variant.language.toLowerCase() === language.toLowerCase())) {
      setLanguageError(`There is already a ${language} variant`);
      return;
    }
    setLanguageError(null);
    setNewLanguage('');
    edit({ variants: [...form.variants, { language, body: '', isDefault: form.variants.length === 0 }] });
  };

  return (
    <fieldset className="campaign-fieldset" disabled={!editable}>
      <legend className="visually-hidden">Message</legend>
      <div className="card campaign-grid">
        <Field
          label="Audience"
          error={errorOf('audienceId') ? { message: errorOf('audienceId') ?? '' } : null}
          hint={
            audience
              ? `${formatCount(audience.validRows)} recipients · fields: ${['name', ...audience.customFields].join(', ')}`
              : ready.length === 0
                ? 'No ready audience yet: import one on the Audiences screen.'
                : 'Who receives this campaign'
          }
        >
          {(control) => (
            <select
              {...control}
              value={form.audienceId ?? ''}
              onChange={(event) => edit({ audienceId: event.target.value === '' ? null : event.target.value })}
            >
              <option value="">Choose an audience…</option>
              {ready.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.name} ({formatCount(entry.validRows)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label="Sender ID"
          error={errorOf('senderId') ? { message: errorOf('senderId') ?? '' } : null}
          hint="The approved header the messages come from, e.g. ACMERT"
        >
          {(control) => <input {...control} value={form.senderId} maxLength={15} onChange={(event) => edit({ senderId: event.target.value })} />}
        </Field>
        <fieldset className="choice-group">
          <legend>Route type</legend>
          {(['promotional', 'transactional'] as const).map((route) => (
            <label key={route}>
              <input type="radio" name="route-type" checked={form.routeType === route} onChange={() => edit({ routeType: route })} />
              {route === 'promotional' ? 'Promotional (offers; quiet hours apply)' : 'Transactional (service messages)'}
            </label>
          ))}
        </fieldset>
      </div>

      <DltCampaignCheck />
      {errorOf('variants') && (
        <p className="notice notice--error" role="alert">
          {errorOf('variants')}
        </p>
      )}
      {form.variants.length === 0 && (
        <p className="empty" data-testid="variants-empty">
          No message yet. Add a variant for your audience&apos;s main language below; recipients whose language has no variant get the default one.
        </p>
      )}
      {form.variants.map((variant, index) => (
        <VariantEditor
          key={index}
          index={index}
          variant={variant}
          fields={['name', ...(audience?.customFields ?? [])]}
          recipients={recipientsOf(index)}
          wholeAudience={audience !== null && sampleRecipients.length >= audience.validRows}
          onChange={(patch) => setVariant(index, patch)}
          onRemove={() =>
            edit({
              variants: form.variants
                .filter((_, at) => at !== index)
                .map((entry, at, list) => (list.some((v) => v.isDefault) ? entry : { ...entry, isDefault: at === 0 })),
            })
          }
        />
      ))}
      <div className="card inline-form">
        <label>
          Language of a new variant
          <input
            value={newLanguage}
            placeholder="en, hi, pt-BR…"
            aria-invalid={languageError !== null}
            aria-describedby={languageError ? 'new-language-error' : undefined}
            onChange={(event) => setNewLanguage(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                addVariant();
              }
            }}
          />
        </label>
        <button type="button" onClick={addVariant}>
          Add variant
        </button>
        {languageError && (
          <span id="new-language-error" className="field-error" role="alert">
            {languageError}
          </span>
        )}
      </div>
      <PreviewPanel />
    </fieldset>
  );
}

interface VariantEditorProps {
  index: number;
  variant: VariantInput;
  fields: string[];
  recipients: readonly PersonalisationValues[];
  wholeAudience: boolean;
  onChange(patch: Partial<VariantInput>): void;
  onRemove(): void;
}

function VariantEditor({ index, variant, fields, recipients, wholeAudience, onChange, onRemove }: VariantEditorProps) {
  const fieldErrors = useCampaignsStore((s) => s.fieldErrors);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [field, setField] = useState(fields[0] ?? 'name');
  const [fallback, setFallback] = useState('');
  const bodyError = fieldErrors[`variants.${index}.body`];
  const languageError = fieldErrors[`variants.${index}.language`];
  const title = `${variant.language} message`;
  const dltApplies = useDltApplies();

  const insertField = () => {
    const placeholder = `{{${field}${fallback.trim() ? `|${fallback.trim()}` : ''}}}`;
    const element = textarea.current;
    const start = element?.selectionStart ?? variant.body.length;
    const end = element?.selectionEnd ?? variant.body.length;
    onChange({ body: variant.body.slice(0, start) + placeholder + variant.body.slice(end) });
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  };

  return (
    <section className="card variant" aria-label={`Variant ${variant.language}`} data-testid="variant">
      <div className="variant-header">
        <Field label="Language" error={languageError ? { message: languageError } : null}>
          {(control) => (
            <input
              {...control}
              className="variant-language"
              value={variant.language}
              maxLength={16}
              onChange={(event) => onChange({ language: event.target.value })}
            />
          )}
        </Field>
        <label className="checkbox">
          <input type="radio" name="default-variant" checked={variant.isDefault} onChange={() => onChange({ isDefault: true })} />
          Default for other languages
        </label>
        <button type="button" className="danger-outline" onClick={onRemove} aria-label={`Remove the ${variant.language} variant`}>
          Remove
        </button>
      </div>
      <Field label={title} error={bodyError ? { message: bodyError } : null}>
        {(control) => <textarea {...control} ref={textarea} rows={4} value={variant.body} onChange={(event) => onChange({ body: event.target.value })} />}
      </Field>
      {dltApplies && <DltTemplateChoice variant={variant} onChange={onChange} />}
      {dltApplies && <DltMatchPanel index={index} />}
      <VariantCounter body={variant.body} recipients={recipients} wholeAudience={wholeAudience} onChange={(body) => onChange({ body })} />
      <div className="inline-form variant-tools">
        <label>
          Personalisation field
          <select value={field} onChange={(event) => setField(event.target.value)}>
            {fields.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Fallback when empty
          <input value={fallback} placeholder="e.g. there" onChange={(event) => setFallback(event.target.value)} />
        </label>
        <button type="button" onClick={insertField}>
          Insert field
        </button>
      </div>
      <OptOutControls language={variant.language} body={variant.body} onChange={(body) => onChange({ body })} />
    </section>
  );
}

/** A phone-shaped preview for one sample recipient, and how personalisation spreads segment counts. */
function PreviewPanel() {
  const form = useCampaignsStore((s) => s.form);
  const recipients = useSampleRecipientsStore((s) => s.sampleRecipients);
  const plan = useCampaignPlanStore((s) => s.plan);
  const [sample, setSample] = useState(0);
  if (!form) return null;
  const recipient = recipients[Math.min(sample, recipients.length - 1)] ?? null;
  const variantIndex = pickVariant(form.variants, recipient?.language ?? null);
  const variant = variantIndex === undefined ? null : form.variants[variantIndex];
  const text = variant
    ? recipient
      ? renderBody(variant.body, { name: recipient.name, fields: recipient.fields })
      : renderBody(variant.body, { name: null, fields: null })
    : '';
  const analysis = analyzeSms(text);
  const recipientCost = costForRecipient(plan, recipient?.country ?? null, analysis.segments);

  const spread = new Map<number, number>();
  for (const entry of recipients) {
    const index = pickVariant(form.variants, entry.language);
    const chosen = index === undefined ? undefined : form.variants[index];
    if (!chosen) continue;
    const segments = countSmsSegments(renderBody(chosen.body, { name: entry.name, fields: entry.fields }));
    spread.set(segments, (spread.get(segments) ?? 0) + 1);
  }
  const spreadEntries = [...spread.entries()].sort((a, b) => a[0] - b[0]);
  const uneven = spreadEntries.length > 1 || (plan !== null && plan.segments.min !== plan.segments.max);

  return (
    <div className="card preview-panel">
      <div className="preview-controls">
        <h2>Preview</h2>
        {recipients.length > 0 ? (
          <label>
            Sample recipient
            <select value={sample} onChange={(event) => setSample(Number(event.target.value))}>
              {recipients.map((entry, index) => (
                <option key={entry.rowNumber} value={index}>
                  {entry.name ?? entry.phoneE164} · {entry.language ?? 'no language'} · {entry.zone ?? 'zone unknown'}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <p className="hint">Choose an audience to preview the message as a real recipient sees it.</p>
        )}
        {uneven && (
          <div className="segment-spread" data-testid="segment-spread" role="note">
            <strong>Personalisation changes the length.</strong>{' '}
            {plan && plan.segments.max > 0 && (
              <span>
                Across the whole audience: {plan.segments.min} to {plan.segments.max} segments per message.{' '}
              </span>
            )}
            {spreadEntries.length > 0 && (
              <span>
                First {recipients.length} recipients:{' '}
                {spreadEntries.map(([segments, count]) => `${count} × ${segments} segment${segments === 1 ? '' : 's'}`).join(', ')}.
              </span>
            )}
          </div>
        )}
      </div>
      <div className="phone" aria-label="Phone preview" data-testid="phone-preview">
        <div className="phone-notch" aria-hidden="true" />
        <div className="phone-sender">{form.senderId || 'Sender ID'}</div>
        <div className="phone-screen">{text ? <div className="phone-bubble">{text}</div> : <p className="hint">Nothing to show yet.</p>}</div>
        <div className="phone-meta">
          {variant ? `${variant.language} variant · ` : ''}
          {analysis.encoding} · {analysis.segments} {analysis.segments === 1 ? 'segment' : 'segments'}
          {recipientCost && ` · ${recipientCost}`}
        </div>
      </div>
    </div>
  );
}

/** What this one message costs at the rate card's price for the recipient's country, when known. */
function costForRecipient(plan: CampaignPlan | null, country: string | null, segments: number): string | null {
  if (!plan?.currency || country === null || segments === 0) return null;
  const row = plan.estimate.byCountry.find((entry) => entry.country === country);
  if (!row) return null;
  try {
    const cost = costOfUnits(segments, parseUnitPrice(row.unitPrice, plan.currency));
    return `${segments} × ${row.unitPrice} = ${formatMoney(cost.minor, plan.currency)}`;
  } catch {
    return null;
  }
}
