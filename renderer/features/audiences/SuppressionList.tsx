import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { SUPPRESSION_IMPORT_CHUNK, type SuppressionView } from '../../../shared/calls/audiences';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { saveTextFile } from '../../lib/save-file';
import { countryOptions } from '../subaccounts/countries';
import { readSuppressionFile } from './suppression-file';
import { CsvSyntaxError } from '../../../shared/csv-parser';
import { formatCount } from '../../../shared/format';

const SHOWN = 20;
const INVALID_SHOWN = 50;
const SEARCH_DELAY_MS = 250;

type Reason = SuppressionView['reason'];

interface ImportRun {
  fileName: string;
  done: number;
  total: number;
  cancelling: boolean;
}

interface ImportSummary {
  fileName: string;
  /** Numbers sent before the end or a cancel. */
  read: number;
  total: number;
  added: number;
  alreadyListed: number;
  invalidCount: number;
  invalid: Array<{ row: number; value: string; message: string }>;
  cancelled: boolean;
}

/**
 * The profile's suppression list: numbers every import reports as opted out instead of adding.
 * Numbers are typed in or imported from a file (read here, sent in chunks of
 * SUPPRESSION_IMPORT_CHUNK, one transaction each, so the window never waits on the whole file),
 * searched by their start, removed after a confirmation, and exported as CSV.
 */
export function SuppressionList() {
  const titleId = useId();
  const [total, setTotal] = useState<number | null>(null);
  const [matching, setMatching] = useState(0);
  const [latest, setLatest] = useState<SuppressionView[]>([]);
  const [search, setSearch] = useState('');
  const [numbers, setNumbers] = useState('');
  const [reason, setReason] = useState<Reason>('opt_out');
  const [country, setCountry] = useState('IN');
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [run, setRun] = useState<ImportRun | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const cancelRef = useRef(false);
  const searchRef = useRef('');

  const refresh = useCallback(async () => {
    const term = searchRef.current.trim();
    const list = await call('suppressions.list', term === '' ? { limit: SHOWN } : { limit: SHOWN, search: term });
    setTotal(list.total);
    setMatching(list.matching);
    setLatest(list.latest);
  }, []);
  useEffect(() => {
    searchRef.current = search;
    const timer = setTimeout(
      () => refresh().catch((failure: unknown) => setNotice({ tone: 'error', text: errorMessage(failure) })),
      search === '' ? 0 : SEARCH_DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [search, refresh]);

  const add = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const result = await call('suppressions.add', { numbers, reason, defaultCountry: country });
      const invalid = result.invalid.length > 0 ? ` Not numbers: ${result.invalid.map((i) => i.value).join(', ')}.` : '';
      setNotice({ tone: result.invalid.length > 0 ? 'error' : 'success', text: `${result.added} added, ${result.alreadyListed} already listed.${invalid}` });
      if (result.invalid.length === 0) setNumbers('');
      await refresh();
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (file: File) => {
    setNotice(null);
    setSummary(null);
    cancelRef.current = false;
    setRun({ fileName: file.name, done: 0, total: 0, cancelling: false });
    const tally: ImportSummary = { fileName: file.name, read: 0, total: 0, added: 0, alreadyListed: 0, invalidCount: 0, invalid: [], cancelled: false };
    try {
      const parsed = readSuppressionFile(await file.text());
      if (parsed.numbers.length === 0) {
        setNotice({
          tone: 'error',
          text: `No numbers found in ${file.name}: put them in the first column, or in a column named phone, mobile, number or msisdn.`,
        });
        return;
      }
      tally.total = parsed.numbers.length;
      setRun({ fileName: file.name, done: 0, total: tally.total, cancelling: false });
      for (let start = 0; start < parsed.numbers.length; start += SUPPRESSION_IMPORT_CHUNK) {
        if (cancelRef.current) {
          tally.cancelled = true;
          break;
        }
        const chunk = parsed.numbers.slice(start, start + SUPPRESSION_IMPORT_CHUNK);
        const result = await call('suppressions.import', { numbers: chunk, reason, defaultCountry: country });
        tally.read += chunk.length;
        tally.added += result.added;
        tally.alreadyListed += result.alreadyListed;
        tally.invalidCount += result.invalidCount;
        for (const invalid of result.invalid) {
          if (tally.invalid.length < INVALID_SHOWN)
            tally.invalid.push({ row: parsed.rowNumbers[start + invalid.index] ?? 0, value: invalid.value, message: invalid.message });
        }
        setRun((current) => current && { ...current, done: tally.read });
      }
      setSummary(tally);
    } catch (failure) {
      // What was sent before the failure is in the list: say so with the error.
      if (tally.read > 0) setSummary(tally);
      const text = failure instanceof CsvSyntaxError ? `${file.name} could not be read: ${failure.message}` : errorMessage(failure);
      setNotice({ tone: 'error', text });
    } finally {
      setRun(null);
      await refresh().catch(() => undefined);
    }
  };

  const remove = async (phoneE164: string) => {
    setConfirmRemove(null);
    try {
      await call('suppressions.remove', { phoneE164 });
      setNotice({ tone: 'success', text: `${phoneE164} removed from the suppression list.` });
      await refresh();
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    }
  };

  const exportList = async () => {
    setBusy(true);
    try {
      const exported = await call('suppressions.export', {});
      saveTextFile(exported.fileName, exported.csv);
      setNotice({ tone: 'success', text: `${formatCount(exported.rows)} numbers exported to ${exported.fileName}.` });
    } catch (failure) {
      setNotice({ tone: 'error', text: errorMessage(failure) });
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && run === null) void importFile(file);
  };

  return (
    <details className="card suppression-list">
      <summary>
        <span id={titleId}>Suppression list</span> · <span data-testid="suppression-count">{total === null ? '…' : `${formatCount(total)} numbers`}</span>
      </summary>
      <p className="hint">
        Numbers here are never added to an audience: imports report them as opted out. Numbers written without + and a country code are read as numbers of the
        place chosen below.
      </p>
      <div className="inline-form">
        <label>
          Numbers without + are from
          <select value={country} onChange={(e) => setCountry(e.target.value)} data-testid="suppression-country">
            {countryOptions().map((option) => (
              <option key={option.code} value={option.code}>
                {option.name} ({option.code})
              </option>
            ))}
          </select>
        </label>
        <label>
          Reason
          <select value={reason} onChange={(e) => setReason(e.target.value as Reason)}>
            <option value="opt_out">Opted out (STOP)</option>
            <option value="do_not_contact">Do not contact</option>
          </select>
        </label>
      </div>
      <form
        className="inline-form"
        aria-labelledby={titleId}
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <label>
          Numbers to suppress (one per line)
          <textarea value={numbers} onChange={(e) => setNumbers(e.target.value)} rows={3} cols={32} required />
        </label>
        <button type="submit" disabled={busy || run !== null || numbers.trim() === ''}>
          Add to the list
        </button>
      </form>

      <div
        className={`drop-zone suppression-drop${dragging ? ' drop-zone--over' : ''}`}
        data-testid="suppression-drop-zone"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop a .csv or .txt file of numbers here, or</p>
        <label className="file-button">
          Import a file…
          <input
            type="file"
            accept=".csv,.txt,text/csv,text/plain"
            disabled={run !== null}
            data-testid="suppression-file"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void importFile(file);
              event.target.value = '';
            }}
          />
        </label>
        <p className="hint">Numbers in the first column, or in a column named phone, mobile, number or msisdn; a header line is optional.</p>
      </div>

      {run && (
        <div className="suppression-import" data-testid="suppression-import-progress">
          <label>
            Importing {run.fileName}: {formatCount(run.done)} of {formatCount(run.total)} numbers
            <progress value={run.done} max={Math.max(run.total, 1)} />
          </label>
          <button
            type="button"
            disabled={run.cancelling}
            onClick={() => {
              cancelRef.current = true;
              setRun({ ...run, cancelling: true });
            }}
          >
            {run.cancelling ? 'Stopping after this chunk…' : 'Cancel import'}
          </button>
        </div>
      )}
      {summary && <ImportSummaryView summary={summary} />}
      {notice && (
        <p className={notice.tone === 'error' ? 'field-error' : 'success'} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}

      <div className="inline-form suppression-tools">
        <label>
          Search numbers
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="+91 98100"
            inputMode="tel"
            data-testid="suppression-search"
          />
        </label>
        <button type="button" disabled={busy || total === 0} onClick={() => void exportList()} data-testid="suppression-export">
          Export list (CSV)
        </button>
      </div>
      {search.trim() !== '' && (
        <p className="hint" role="status" data-testid="suppression-matching">
          {formatCount(matching)} {matching === 1 ? 'number matches' : 'numbers match'}
          {matching > latest.length && `; the first ${latest.length} are shown`}.
        </p>
      )}
      {latest.length > 0 ? (
        <ul className="suppressed" data-testid="suppressed-numbers">
          {latest.map((entry) => (
            <li key={entry.phoneE164}>
              <span className="mono">{entry.phoneE164}</span> <span className="hint">{entry.reason === 'opt_out' ? 'opted out' : 'do not contact'}</span>{' '}
              <button type="button" onClick={() => setConfirmRemove(entry.phoneE164)} aria-label={`Remove ${entry.phoneE164} from the suppression list`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : (
        total !== null && (
          <p className="empty">
            {search.trim() === '' ? 'The list is empty: type numbers above or import a file.' : 'No number on the list starts like that.'}
          </p>
        )
      )}

      {confirmRemove && (
        <Dialog title="Remove from the suppression list?" onClose={() => setConfirmRemove(null)} testId="suppression-remove-dialog">
          <div className="dialog-form">
            <p>
              <span className="mono">{confirmRemove}</span> will no longer be left out of audiences imported from now on, so campaigns may message it again.
            </p>
            <FormActions onCancel={() => setConfirmRemove(null)}>
              <button type="button" className="danger" onClick={() => void remove(confirmRemove)}>
                Remove
              </button>
            </FormActions>
          </div>
        </Dialog>
      )}
    </details>
  );
}

function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  return (
    <div className="suppression-summary" role="status" data-testid="suppression-import-summary">
      <p>
        {summary.cancelled
          ? `Import of ${summary.fileName} cancelled after ${formatCount(summary.read)} of ${formatCount(summary.total)} numbers: `
          : `Imported ${summary.fileName}: `}
        {formatCount(summary.added)} added, {formatCount(summary.alreadyListed)} already listed (or repeated in the file),{' '}
        {`${formatCount(summary.invalidCount)} not valid numbers.`}
      </p>
      {summary.invalid.length > 0 && (
        <>
          <p className="hint">{summary.invalidCount > summary.invalid.length ? `The first ${summary.invalid.length} not valid:` : 'Not valid:'}</p>
          <ul className="suppression-invalid" data-testid="suppression-invalid">
            {summary.invalid.map((invalid) => (
              <li key={invalid.row}>
                Row {invalid.row}: <span className="mono">{invalid.value}</span> — {invalid.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
