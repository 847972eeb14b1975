import { useId } from 'react';
import type { VariantInput } from '../../../shared/calls/campaigns';
import { DLT_CATEGORY_LABELS } from '../../../shared/dlt/categories';
import { useDltStore } from '../dlt/dlt-store';

interface DltTemplateChoiceProps {
  variant: VariantInput;
  onChange(patch: Partial<VariantInput>): void;
}

/**
 * The DLT template a variant follows for Indian recipients, chosen from the profile's registry,
 * and whether it goes as text (with `template_id`) or as the template stored at Kaleyra.
 */
export function DltTemplateChoice({ variant, onChange }: DltTemplateChoiceProps) {
  const registry = useDltStore((s) => s.registry);
  const selectId = useId();
  const hintId = useId();
  const templates = registry?.templates ?? [];
  const chosen = templates.find((template) => template.templateId === variant.dltTemplateId) ?? null;
  const unknown = (variant.dltTemplateId ?? null) !== null && chosen === null;
  const choose = (templateId: string) =>
    onChange(templateId === '' ? { dltTemplateId: null, dltSend: 'text' } : { dltTemplateId: templateId, dltSend: variant.dltSend ?? 'text' });

  return (
    <div className="dlt-choice" data-testid="dlt-template-choice">
      <label htmlFor={selectId}>DLT template for Indian numbers</label>
      <select id={selectId} aria-describedby={hintId} value={variant.dltTemplateId ?? ''} onChange={(event) => choose(event.target.value)}>
        <option value="">No template chosen</option>
        {unknown && <option value={variant.dltTemplateId ?? ''}>{variant.dltTemplateId} (not in the registry)</option>}
        {templates.map((template) => (
          <option key={template.templateId} value={template.templateId}>
            {template.templateId}
            {template.name ? ` · ${template.name}` : ''} · {DLT_CATEGORY_LABELS[template.category]} · {template.header}
          </option>
        ))}
      </select>
      <p id={hintId} className="hint">
        {templates.length === 0
          ? 'No templates in this profile’s DLT registry yet: import your DLT portal’s export under DLT (India).'
          : chosen
            ? 'The message must follow the registered text below; each {#var#} may hold up to 30 characters.'
            : 'Operators drop commercial SMS to Indian numbers whose text matches no registered template.'}
      </p>
      {chosen && (
        <>
          <p className="dlt-text mono" data-testid="dlt-template-text">
            {chosen.text}
          </p>
          <fieldset className="choice-group">
            <legend>Send as</legend>
            <label>
              <input
                type="radio"
                name={`dlt-send-${selectId}`}
                checked={(variant.dltSend ?? 'text') === 'text'}
                onChange={() => onChange({ dltSend: 'text' })}
              />
              This text, with the template’s ID
            </label>
            <label>
              <input
                type="radio"
                name={`dlt-send-${selectId}`}
                checked={variant.dltSend === 'stored-template'}
                onChange={() => onChange({ dltSend: 'stored-template' })}
              />
              Use the template stored at Kaleyra (its variables filled from this text)
            </label>
          </fieldset>
        </>
      )}
    </div>
  );
}
