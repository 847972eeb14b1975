import { useId, useMemo, useState, type DragEvent } from 'react';
import type { AudiencePreview, ColumnMappingInput } from '../../../shared/calls/audiences';
import { AudienceReport } from './AudienceReport';
import { useAudiencesStore } from './audiences-store';
import { formatCount } from '../../../shared/format';
import { ColumnHeaders } from '../../components/ColumnHeaders';

type ColumnUse = 'phone' | 'name' | 'language' | 'zone' | 'country' | 'custom' | 'ignore';
const USE_LABELS: Record<ColumnUse, string> = {
  phone: 'Phone number',
  name: 'Name',
  language: 'Language',
  zone: 'Time zone',
  country: 'Country',
  custom: 'Custom field',
  ignore: 'Ignore',
};
const SINGLE_USES: readonly ColumnUse[] = ['phone', 'name', 'language', 'zone', 'country'];
const COMMON_COUNTRIES = ['IN', 'US', 'GB', 'AE', 'SG', 'DE', 'FR', 'IT', 'ES', 'BR', 'MX', 'AU', 'ID', 'PH', 'NG', 'ZA', 'SA', 'CA'];
const DELIMITER_NAMES: Record<NonNullable<AudiencePreview['delimiter']>, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
/** What the picker offers: delimited text and Excel workbooks (.xlsx; the first sheet is read). */
const ACCEPTED_FILES = [
  '.csv',
  '.tsv',
  '.txt',
  '.xlsx',
  'text/csv',
  'text/tab-separated-values',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');
const SAMPLE_ROWS = 3;

export function ImportPanel() {
  const flow = useAudiencesStore((s) => s.flow);
  const closeImport = useAudiencesStore((s) => s.closeImport);
  const titleId = useId();
  if (flow.step === 'closed') return null;
  return (
    <section className="card import-panel" aria-labelledby={titleId}>
      <div className="import-panel-header">
        <h2 id={titleId}>Import an audience</h2>
        {flow.step !== 'importing' && (
          <button type="button" onClick={closeImport}>
            {flow.step === 'report' ? 'Done' : 'Close'}
          </button>
        )}
      </div>
      {flow.step === 'choose' && <ChooseFile busy={flow.busy} error={flow.error} />}
      {flow.step === 'map' && <MapColumns key={flow.preview.uploadId} preview={flow.preview} busy={flow.busy} error={flow.error} field={flow.field} />}
      {flow.step === 'importing' && <Importing />}
      {flow.step === 'report' && <AudienceReport />}
    </section>
  );
}

function ChooseFile({ busy, error }: { busy: boolean; error: string | null }) {
  const chooseFile = useAudiencesStore((s) => s.chooseFile);
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void chooseFile(file);
  };
  return (
    <div
      className={`drop-zone${dragging ? ' drop-zone--over' : ''}`}
      data-testid="audience-drop-zone"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p>Drop a CSV, TSV or Excel (.xlsx) file here, or</p>
      <label className="file-button">
        Choose a file…
        <input
          type="file"
          accept={ACCEPTED_FILES}
          disabled={busy}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void chooseFile(file);
            event.target.value = '';
          }}
        />
      </label>
      <p className="hint">
        Text in UTF-8 (with or without BOM), UTF-16 or Windows-1252, comma, semicolon, tab or pipe separated; or an Excel workbook (.xlsx), whose first sheet is
        read. A phone column is all it needs.
      </p>
      {busy && <p role="status">Reading the file…</p>}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function fileKind(preview: AudiencePreview): string {
  if (preview.format === 'xlsx') return `Excel workbook, sheet “${preview.sheetName ?? ''}”`;
  return `${preview.encoding?.toUpperCase() ?? ''} · ${preview.delimiter === null ? '' : DELIMITER_NAMES[preview.delimiter]}-separated`;
}

function initialUses(preview: AudiencePreview): { uses: ColumnUse[]; fields: string[] } {
  const mapping = preview.suggestedMapping;
  const uses: ColumnUse[] = Array.from({ length: preview.columnCount }, () => 'ignore');
  const fields: string[] = Array.from({ length: preview.columnCount }, (_, i) => `column_${i + 1}`);
  for (const field of mapping.customFields) {
    uses[field.column] = 'custom';
    fields[field.column] = field.field;
  }
  uses[mapping.phone] = 'phone';
  if (mapping.name !== null) uses[mapping.name] = 'name';
  if (mapping.language !== null) uses[mapping.language] = 'language';
  if (mapping.zone !== null) uses[mapping.zone] = 'zone';
  if (mapping.country !== null) uses[mapping.country] = 'country';
  return { uses, fields };
}

function MapColumns({ preview, busy, error, field }: { preview: AudiencePreview; busy: boolean; error: string | null; field: string | null }) {
  const startImport = useAudiencesStore((s) => s.startImport);
  const initial = useMemo(() => initialUses(preview), [preview]);
  const [uses, setUses] = useState(initial.uses);
  const [fields, setFields] = useState(initial.fields);
  const [hasHeader, setHasHeader] = useState(preview.suggestedMapping.hasHeader);
  const [name, setName] = useState(preview.fileName.replace(/\.[^.]+$/, ''));
  const [defaultCountry, setDefaultCountry] = useState('IN');
  const header = hasHeader ? preview.rows[0] : undefined;
  const samples = (hasHeader ? preview.rows.slice(1) : preview.rows).slice(0, SAMPLE_ROWS);
  const phoneColumn = uses.indexOf('phone');

  const setUse = (column: number, use: ColumnUse) =>
    setUses((current) => current.map((existing, i) => (i === column ? use : SINGLE_USES.includes(use) && existing === use ? 'ignore' : existing)));

  const submit = () => {
    const find = (use: ColumnUse) => {
      const index = uses.indexOf(use);
      return index === -1 ? null : index;
    };
    const mapping: ColumnMappingInput = {
      hasHeader,
      phone: phoneColumn,
      name: find('name'),
      language: find('language'),
      zone: find('zone'),
      country: find('country'),
      customFields: uses.flatMap((use, column) => (use === 'custom' ? [{ column, field: fields[column] ?? `column_${column + 1}` }] : [])),
    };
    void startImport({ name: name.trim(), mapping, defaultCountry: defaultCountry.trim() === '' ? null : defaultCountry.trim().toUpperCase() });
  };

  return (
    <form
      className="import-map"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <p className="hint" data-testid="preview-summary">
        {preview.fileName} · {formatBytes(preview.sizeBytes)} · {fileKind(preview)} · {rowCountText(preview)}
      </p>
      <div className="import-fields">
        <label>
          Audience name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} aria-invalid={field === 'name'} />
        </label>
        <label>
          {uses.includes('country') ? 'Default country (for rows without a Country and numbers without +code)' : 'Default country (for numbers without +code)'}
          <input
            value={defaultCountry}
            onChange={(e) => setDefaultCountry(e.target.value)}
            list="audience-countries"
            maxLength={2}
            placeholder="none"
            aria-invalid={field === 'defaultCountry'}
          />
          <datalist id="audience-countries">
            {COMMON_COUNTRIES.map((code) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={hasHeader} onChange={(e) => setHasHeader(e.target.checked)} />
          The first row holds column names
        </label>
      </div>
      <div className="table-scroll">
        <table className="data-table mapping-table">
          <ColumnHeaders columns={['Column', 'Use as', 'First values']} />
          <tbody>
            {uses.map((use, column) => {
              const title = header?.[column]?.trim() || `Column ${column + 1}`;
              return (
                <tr key={column} data-testid="mapping-row">
                  <th scope="row">{title}</th>
                  <td>
                    <div className="row-actions">
                      <select aria-label={`Use of ${title}`} value={use} onChange={(e) => setUse(column, e.target.value as ColumnUse)}>
                        {(Object.keys(USE_LABELS) as ColumnUse[]).map((option) => (
                          <option key={option} value={option}>
                            {USE_LABELS[option]}
                          </option>
                        ))}
                      </select>
                      {use === 'custom' && (
                        <input
                          aria-label={`Field name for ${title}`}
                          className="mono"
                          value={fields[column] ?? ''}
                          onChange={(e) => setFields((current) => current.map((value, i) => (i === column ? e.target.value : value)))}
                          pattern="[a-z][a-z0-9_]{0,39}"
                          title="Lower-case letters, digits and _, starting with a letter"
                          aria-invalid={field === `mapping.customFields.${column}.field`}
                        />
                      )}
                    </div>
                  </td>
                  <td>
                    <div className="samples">
                      {samples.map((cells, i) => (
                        <span key={i} className={cells[column]?.trim() ? 'sample' : 'sample sample--empty'}>
                          {cells[column]?.trim() ? cells[column] : 'empty'}
                        </span>
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {uses.includes('country') && (
        <p className="hint" data-testid="country-mapping-hint">
          A number written with its +code keeps that country; otherwise its row’s Country (an ISO code such as GB, an English name, or a dialling code such as
          +44) is used, and the default country only where the row has none.
        </p>
      )}
      {phoneColumn === -1 && (
        <p className="field-error" role="alert">
          Choose which column holds the phone numbers.
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="primary" disabled={busy || phoneColumn === -1 || name.trim() === ''}>
          {busy ? 'Starting…' : 'Import'}
        </button>
      </div>
    </form>
  );
}

function Importing() {
  const flow = useAudiencesStore((s) => s.flow);
  const cancelImport = useAudiencesStore((s) => s.cancelImport);
  if (flow.step !== 'importing') return null;
  const percent = flow.progress?.percent ?? 0;
  return (
    <div className="importing">
      <p>
        Importing <strong>{flow.fileName}</strong>…
      </p>
      <div className="progress" role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p className="hint" data-testid="import-progress">
        {formatCount(flow.progress?.rowsRead ?? 0)} rows read{flow.estimatedRows !== null ? ` of about ${formatCount(flow.estimatedRows)}` : ''} ·{' '}
        {formatCount(flow.progress?.validRows ?? 0)} recipients · {percent.toFixed(0)}%
      </p>
      <button type="button" onClick={() => void cancelImport()} disabled={flow.cancelling}>
        {flow.cancelling ? 'Cancelling…' : 'Cancel import'}
      </button>
    </div>
  );
}

/** Exact when the whole file fit in the sample, else an estimate the import's count replaces. */
function rowCountText(preview: AudiencePreview): string {
  const rows = formatCount(preview.estimatedRows);
  return preview.rowsExact ? `${rows} rows` : `about ${rows} rows`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
