import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import { DLT_IMPORT_MAX_CHARS } from '../../../shared/calls/dlt';
import { DLT_CATEGORY_LABELS, dltCategories, type DltCategory } from '../../../shared/dlt/categories';
import type { DltTemplateView } from '../../../shared/dlt/registry';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FieldAlert } from '../../components/FieldAlert';
import { useProfilesStore } from '../profiles/profiles-store';
import { TemplateCheck } from './TemplateCheck';
import { useDltStore, type DltFailure } from './dlt-store';
import { formatCount } from '../../../shared/format';
import { ColumnHeaders } from '../../components/ColumnHeaders';

const CATEGORY_OPTIONS = dltCategories.map((category) => (
  <option key={category} value={category}>
    {DLT_CATEGORY_LABELS[category]}
  </option>
));

function EntitySection({ entityId }: { entityId: string | null }) {
  const setEntityId = useDltStore((s) => s.setEntityId);
  const [value, setValue] = useState(entityId ?? '');
  const [failure, setFailure] = useState<DltFailure | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(await setEntityId(value.trim() === '' ? null : value.trim()));
  };
  return (
    <form className="card form" onSubmit={(e) => void save(e)} aria-labelledby="dlt-entity-title">
      <h2 id="dlt-entity-title">Principal entity</h2>
      <label>
        Entity ID (PE ID)
        <input value={value} onChange={(e) => setValue(e.target.value)} inputMode="numeric" placeholder="19 digits from your DLT portal" spellCheck={false} />
      </label>
      <FieldAlert failure={failure} field="entityId" />
      <ErrorBanner message={failure?.field !== 'entityId' && failure?.message} />
      <button type="submit">Save entity ID</button>
    </form>
  );
}

function HeadersSection({ headers }: { headers: ReadonlyArray<{ header: string; category: DltCategory }> }) {
  const { addHeader, removeHeader } = useDltStore();
  const [header, setHeader] = useState('');
  const [category, setCategory] = useState<DltCategory>('transactional');
  const [failure, setFailure] = useState<DltFailure | null>(null);
  const add = async (event: FormEvent) => {
    event.preventDefault();
    const result = await addHeader({ header: header.trim(), category });
    setFailure(result);
    if (!result) setHeader('');
  };
  return (
    <section className="card" aria-labelledby="dlt-headers-title">
      <h2 id="dlt-headers-title">Headers (sender IDs)</h2>
      <p className="hint">Promotional headers are 6 digits; transactional and service headers are 6 letters.</p>
      {headers.length === 0 ? (
        <p className="empty">No header yet: add one below or import your portal's export.</p>
      ) : (
        <table data-testid="dlt-headers">
          <ColumnHeaders columns={['Header', 'Category']} actions />
          <tbody>
            {headers.map((entry) => (
              <tr key={`${entry.header}|${entry.category}`}>
                <td className="mono">{entry.header}</td>
                <td>{DLT_CATEGORY_LABELS[entry.category]}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => void removeHeader(entry).then(setFailure)}
                    aria-label={`Remove header ${entry.header} (${DLT_CATEGORY_LABELS[entry.category]})`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={(e) => void add(e)}>
        <label>
          Header
          <input value={header} onChange={(e) => setHeader(e.target.value)} maxLength={20} required spellCheck={false} />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.target.value as DltCategory)} aria-label="Category">
            {CATEGORY_OPTIONS}
          </select>
        </label>
        <button type="submit">Add header</button>
      </form>
      <FieldAlert failure={failure} field="header" />
      <ErrorBanner message={failure?.field !== 'header' && failure?.message} />
    </section>
  );
}

const emptyTemplate = { templateId: '', name: '', header: '', category: 'transactional' as DltCategory, text: '' };

function TemplateForm({ editing, onDone }: { editing: DltTemplateView | null; onDone(): void }) {
  const saveTemplate = useDltStore((s) => s.saveTemplate);
  const [draft, setDraft] = useState(editing ?? emptyTemplate);
  const [failure, setFailure] = useState<DltFailure | null>(null);
  const change = (field: keyof typeof emptyTemplate) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    setDraft({ ...draft, [field]: event.target.value });
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await saveTemplate({
      templateId: draft.templateId.trim(),
      name: draft.name,
      header: draft.header.trim(),
      category: draft.category,
      text: draft.text,
    });
    setFailure(result);
    if (!result) {
      setDraft(emptyTemplate);
      onDone();
    }
  };
  return (
    <form className="form" onSubmit={(e) => void save(e)} aria-label={editing ? `Edit template ${editing.templateId}` : 'Add a template'}>
      <label>
        Template ID
        <input value={draft.templateId} onChange={change('templateId')} readOnly={editing !== null} inputMode="numeric" required spellCheck={false} />
      </label>
      <FieldAlert failure={failure} field="templateId" />
      <label>
        Name
        <input value={draft.name} onChange={change('name')} maxLength={120} />
      </label>
      <label>
        Header
        <input value={draft.header} onChange={change('header')} maxLength={20} required spellCheck={false} />
      </label>
      <FieldAlert failure={failure} field="header" />
      <label>
        Category
        <select value={draft.category} onChange={change('category')} aria-label="Template category">
          {CATEGORY_OPTIONS}
        </select>
      </label>
      <label>
        Registered text (each variable as {'{#var#}'}, up to 30 characters each)
        <textarea value={draft.text} onChange={change('text')} rows={3} required />
      </label>
      <FieldAlert failure={failure} field="text" />
      <ErrorBanner message={failure && !['templateId', 'header', 'text'].includes(failure.field ?? '') && failure.message} />
      <div className="inline-form">
        <button type="submit">{editing ? 'Save template' : 'Add template'}</button>
        {editing && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function TemplatesSection({ templates }: { templates: readonly DltTemplateView[] }) {
  const removeTemplate = useDltStore((s) => s.removeTemplate);
  const [editing, setEditing] = useState<DltTemplateView | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [failure, setFailure] = useState<DltFailure | null>(null);
  return (
    <section className="card" aria-labelledby="dlt-templates-title">
      <h2 id="dlt-templates-title">Content templates</h2>
      {templates.length === 0 ? (
        <p className="empty">No template yet: add one below or import your portal's export.</p>
      ) : (
        <table data-testid="dlt-templates">
          <ColumnHeaders columns={['Template ID', 'Header', 'Category', 'Registered text', 'Variables']} actions />
          <tbody>
            {templates.map((template) => (
              <tr key={template.templateId}>
                <td className="mono">
                  {template.templateId}
                  {template.name && <div className="hint">{template.name}</div>}
                </td>
                <td className="mono">{template.header}</td>
                <td>{DLT_CATEGORY_LABELS[template.category]}</td>
                <td className="dlt-text">{template.text}</td>
                <td>{template.slots}</td>
                <td>
                  <button type="button" onClick={() => setEditing(template)} aria-label={`Edit template ${template.templateId}`}>
                    Edit
                  </button>
                  {confirmRemove === template.templateId ? (
                    <span role="group" aria-label="Confirm removal">
                      <button
                        type="button"
                        className="danger"
                        autoFocus
                        onClick={() =>
                          void removeTemplate(template.templateId).then((result) => {
                            setFailure(result);
                            setConfirmRemove(null);
                          })
                        }
                      >
                        Remove
                      </button>
                      <button type="button" onClick={() => setConfirmRemove(null)}>
                        Keep
                      </button>
                    </span>
                  ) : (
                    <button type="button" onClick={() => setConfirmRemove(template.templateId)} aria-label={`Remove template ${template.templateId}`}>
                      Remove…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBanner message={failure?.message} />
      {/* Keyed, so choosing another template to edit starts its form afresh. */}
      <TemplateForm key={editing?.templateId ?? 'new'} editing={editing} onDone={() => setEditing(null)} />
    </section>
  );
}

function ImportSection() {
  const { importCsv, importing, report } = useDltStore();
  const [failure, setFailure] = useState<string | null>(null);
  const pick = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const text = await file.text();
    if (text.length > DLT_IMPORT_MAX_CHARS) {
      setFailure(
        `${file.name} is larger than a DLT export (${formatCount(DLT_IMPORT_MAX_CHARS)} characters at most): export one header's templates at a time.`,
      );
      return;
    }
    setFailure((await importCsv(text))?.message ?? null);
  };
  const notImported = report?.rows.filter((row) => row.outcome === 'skipped' || row.outcome === 'invalid') ?? [];
  return (
    <section className="card" aria-labelledby="dlt-import-title">
      <h2 id="dlt-import-title">Import from your DLT portal</h2>
      <p className="hint">
        The CSV export of Jio TrueConnect, Vilpower, Airtel and the other portals: columns are found by their names (template ID, header, category or type,
        content, status, entity ID) in any order, with commas, semicolons or tabs. Only approved templates are kept.
      </p>
      <label className="file-button">
        {importing ? 'Importing…' : 'Choose a CSV file…'}
        <input type="file" accept=".csv,.txt,text/csv" onChange={(e) => void pick(e)} disabled={importing} />
      </label>
      <ErrorBanner message={failure} />
      {report && (
        <div role="status" data-testid="dlt-import-report">
          {report.missingColumns.length > 0 ? (
            <p className="field-error">Nothing was imported: no column was found for {report.missingColumns.join(', ')}. Check the file's first line.</p>
          ) : (
            <p>
              {report.added} added, {report.updated} updated, {report.skipped} skipped, {report.invalid} refused.
            </p>
          )}
          {notImported.length > 0 && (
            <table>
              <ColumnHeaders columns={['Line', 'Template ID', 'Why it was not imported']} />
              <tbody>
                {notImported.map((row) => (
                  <tr key={row.line}>
                    <td>{row.line}</td>
                    <td className="mono">{row.templateId ?? '—'}</td>
                    <td>{row.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}

/** India's DLT registration of the active profile: what operators check every message against. */
export function DltRegistryScreen() {
  const { registry, loadError, load } = useDltStore();
  const activeProfileId = useProfilesStore((s) => s.profiles.find((p) => p.isActive)?.id ?? null);
  useEffect(() => {
    void load();
  }, [load, activeProfileId]);
  return (
    <div className="screen">
      <header className="screen-header">
        <h1>DLT registry (India)</h1>
      </header>
      <p className="hint">
        Every commercial SMS to an Indian number must come from a header and match a content template registered on the DLT platform under your principal
        entity. Keep them here so campaigns can be checked before they go.
      </p>
      <ErrorBanner message={loadError} />
      {registry && (
        <>
          <EntitySection key={registry.entityId ?? ''} entityId={registry.entityId} />
          <ImportSection />
          <HeadersSection headers={registry.headers} />
          <TemplatesSection templates={registry.templates} />
          <TemplateCheck templates={registry.templates} />
        </>
      )}
    </div>
  );
}
