import { useState } from 'react';
import { optOutTextFor } from '../../../shared/opt-out-text';
import { useOptOutStore } from './opt-out-store';

/**
 * "Add opt-out text" in the variant's own language (English and Hindi ship; other languages fall
 * back to English until the profile adds theirs), and the text's editor, kept per profile.
 */
export function OptOutControls({ language, body, onChange }: { language: string; body: string; onChange(body: string): void }) {
  const texts = useOptOutStore((s) => s.view.texts);
  const chosen = optOutTextFor(language, texts);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(chosen.text);
  const [error, setError] = useState<string | null>(null);
  const editKey = language.trim().toLowerCase() || chosen.language;

  const save = async () => {
    const problem = await useOptOutStore.getState().save(editKey, draft);
    setError(problem);
    if (problem === null) setEditing(false);
  };

  return (
    <div className="opt-out-controls" data-testid="opt-out-controls">
      <button type="button" disabled={body.includes(chosen.text)} onClick={() => onChange(`${body.trimEnd()}${body.trim() ? ' ' : ''}${chosen.text}`)}>
        Add opt-out text
      </button>
      <span className="hint" data-testid="opt-out-text">
        “{chosen.text}”{chosen.language !== editKey ? ` (${chosen.language}: no ${language} text yet)` : ''}
      </span>
      <button
        type="button"
        className="link"
        aria-expanded={editing}
        onClick={() => {
          setDraft(texts[editKey] ?? chosen.text);
          setError(null);
          setEditing(!editing);
        }}
      >
        Edit the {editKey} opt-out text
      </button>
      {editing && (
        <div className="inline-form">
          <label>
            Opt-out text ({editKey})
            <input
              value={draft}
              maxLength={160}
              aria-invalid={error !== null}
              aria-describedby={error ? `opt-out-error-${editKey}` : undefined}
              onChange={(event) => setDraft(event.target.value)}
            />
          </label>
          <button type="button" onClick={() => void save()}>
            Save for this profile
          </button>
          {error && (
            <span id={`opt-out-error-${editKey}`} className="field-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
    </div>
  );
}
