import { Fragment, useId, useState } from 'react';
import type { DltTemplateView } from '../../../shared/dlt/registry';
import { describeMismatch, matchDltTemplate, type DltMismatch } from '../../../shared/dlt/template-match';

/** The body with every mismatch range marked; a zero-width range (missing text) shows as a caret. */
export function Highlighted({ body, mismatches }: { body: string; mismatches: ReadonlyArray<Pick<DltMismatch, 'range'>> }) {
  const pieces: Array<{ text: string; marked: boolean; missing: boolean }> = [];
  let at = 0;
  for (const mismatch of [...mismatches].sort((a, b) => a.range.start - b.range.start)) {
    const start = Math.max(at, mismatch.range.start);
    if (start > at) pieces.push({ text: body.slice(at, start), marked: false, missing: false });
    if (mismatch.range.end === mismatch.range.start) pieces.push({ text: '‸', marked: true, missing: true });
    else if (mismatch.range.end > start) pieces.push({ text: body.slice(start, mismatch.range.end), marked: true, missing: false });
    at = Math.max(at, mismatch.range.end);
  }
  if (at < body.length) pieces.push({ text: body.slice(at), marked: false, missing: false });
  return (
    <p className="dlt-highlight mono" data-testid="dlt-check-highlight">
      {pieces.map((piece, index) => (
        <Fragment key={index}>{piece.marked ? <mark className={piece.missing ? 'dlt-missing' : undefined}>{piece.text}</mark> : piece.text}</Fragment>
      ))}
    </p>
  );
}

/** Type a message and see whether operators would let it through under a registered template. */
export function TemplateCheck({ templates }: { templates: readonly DltTemplateView[] }) {
  const [templateId, setTemplateId] = useState(templates[0]?.templateId ?? '');
  const [body, setBody] = useState('');
  const bodyId = useId();
  const templateFieldId = useId();
  const template = templates.find((candidate) => candidate.templateId === templateId) ?? templates[0];
  if (!template) return null;
  const result = body === '' ? null : matchDltTemplate(template.text, body);
  return (
    <section className="card" aria-labelledby="dlt-check-title">
      <h2 id="dlt-check-title">Check a message against a template</h2>
      <label htmlFor={templateFieldId}>Template</label>
      <select id={templateFieldId} value={template.templateId} onChange={(e) => setTemplateId(e.target.value)}>
        {templates.map((candidate) => (
          <option key={candidate.templateId} value={candidate.templateId}>
            {candidate.templateId} {candidate.name ? `· ${candidate.name}` : ''}
          </option>
        ))}
      </select>
      <p className="hint mono">{template.text}</p>
      <label htmlFor={bodyId}>Message</label>
      <textarea id={bodyId} value={body} onChange={(e) => setBody(e.target.value)} rows={3} />
      {result && (
        <div role="status" data-testid="dlt-check-result">
          {result.matches ? (
            <p className="success">Matches: operators will accept this text under template {template.templateId}.</p>
          ) : (
            <>
              <p className="field-error">Does not match: operators would drop this message.</p>
              <Highlighted body={body} mismatches={result.mismatches} />
              <ul>
                {result.mismatches.map((mismatch, index) => (
                  <li key={index}>{describeMismatch(mismatch, body)}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
