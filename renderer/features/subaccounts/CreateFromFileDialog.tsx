import { useState } from 'react';
import { CsvSyntaxError } from '../../../shared/csv-parser';
import { formatMoney } from '../../../shared/money';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { VirtualTable, type SortState, type VirtualColumn, useSortedRows } from '../../components/VirtualTable';
import { call } from '../../lib/desk';
import { errorMessage } from '../../lib/error-message';
import { readSubaccountFile, type FileRow } from './subaccount-file';
import { describeParentFunds, useAllSubaccounts, useParentFunds } from './use-console-data';
import { formatCount } from '../../../shared/format';

/** One line of the report: what the file said, then what happened when it was created. */
interface ReportRow {
  line: number;
  name: string;
  state: 'ready' | 'problem' | 'created' | 'refused';
  message: string;
  sid: string | null;
}

const STATE_LABELS: Record<ReportRow['state'], string> = { ready: 'Ready', problem: 'Not created', created: 'Created', refused: 'Refused' };

const COLUMNS: ReadonlyArray<VirtualColumn<ReportRow>> = [
  { id: 'line', title: 'Line', width: '60px', numeric: true, sortValue: (row) => row.line, cell: (row) => row.line },
  { id: 'name', title: 'Name', width: 'minmax(140px, 1fr)', sortValue: (row) => row.name, cell: (row) => row.name || '—' },
  {
    id: 'state',
    title: 'Result',
    width: '120px',
    sortValue: (row) => row.state,
    cell: (row) => <span className={`badge badge--file-${row.state}`}>{STATE_LABELS[row.state]}</span>,
  },
  { id: 'message', title: 'Details', width: 'minmax(220px, 2fr)', cell: (row) => row.message },
];

/**
 * Creates sub-accounts from a CSV file: every row is checked as the create form checks it, a
 * report shows what will be created and what will not (and why), one confirmation with the total
 * credit sends them, and the report then says how each row fared.
 */
export function CreateFromFileDialog({ onClose, onCreated }: { onClose(): void; onCreated(): void }) {
  const [funds] = useParentFunds();
  const known = useAllSubaccounts();
  const [fileName, setFileName] = useState<string | null>(null);
  const [report, setReport] = useState<ReportRow[] | null>(null);
  const [drafts, setDrafts] = useState<FileRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [finished, setFinished] = useState(false);
  const [sort, setSort] = useState<SortState | null>({ column: 'line', direction: 'asc' });
  const sorted = useSortedRows(report ?? [], COLUMNS, sort);
  const parent = funds.state === 'ready' ? funds.value : null;
  const ready = drafts.filter((row) => row.draft !== null);
  const totalCreditMinor = ready.reduce((sum, row) => sum + (row.draft?.creditType === 'assigned' ? (row.draft.creditAmountMinor ?? 0) : 0), 0);

  const choose = async (file: File | undefined) => {
    if (!file || known.state !== 'ready') return;
    setFileName(file.name);
    setProblem(null);
    try {
      const read = readSubaccountFile(await file.text(), { parent, known: known.value });
      setProblem(read.problem);
      setDrafts(read.rows);
      setReport(
        read.rows.map((row) => ({
          line: row.line,
          name: row.draft?.name ?? '',
          state: row.draft ? 'ready' : 'problem',
          message: row.draft ? `${row.draft.email} · ${row.draft.country} · ${row.draft.creditType}` : row.problems.join(' '),
          sid: null,
        })),
      );
    } catch (failure) {
      setReport(null);
      setProblem(failure instanceof CsvSyntaxError ? `The file cannot be read: ${failure.message}` : errorMessage(failure));
    }
  };

  const create = async () => {
    setBusy(true);
    for (const row of ready) {
      const draft = row.draft;
      if (!draft) continue;
      let outcome: Pick<ReportRow, 'state' | 'message' | 'sid'>;
      try {
        const created = await call('subaccounts.create', {
          name: draft.name,
          email: draft.email,
          country: draft.country,
          creditType: draft.creditType,
          invite: false,
          ...(draft.creditAmountMinor === null || draft.creditAmountMinor === undefined ? {} : { creditAmountMinor: draft.creditAmountMinor }),
          ...(draft.monthlyLimitMinor === null || draft.monthlyLimitMinor === undefined ? {} : { monthlyLimitMinor: draft.monthlyLimitMinor }),
        });
        outcome = { state: 'created', message: `Created ${created.sid} (${created.status}).`, sid: created.sid };
      } catch (failure) {
        outcome = { state: 'refused', message: errorMessage(failure), sid: null };
      }
      setReport((before) => before?.map((entry) => (entry.line === row.line ? { ...entry, ...outcome } : entry)) ?? null);
    }
    setBusy(false);
    setFinished(true);
    onCreated();
  };

  const counts = { ready: 0, problem: 0, created: 0, refused: 0 };
  for (const row of report ?? []) counts[row.state] += 1;
  const money = (minor: number) => formatMoney(minor, parent?.currency ?? 'INR');

  return (
    <Dialog title="Create sub-accounts from a file" onClose={busy ? () => undefined : onClose} testId="file-create-dialog" wide>
      <div className="dialog-form">
        <p className="hint">
          A CSV or TSV file whose first line names the columns: name, email, country (ISO code such as IN), and credit (assigned) or monthly limit (shared); a
          credit type column is optional. {parent ? describeParentFunds(parent) : ''}
        </p>
        {!finished && !busy && (
          <label>
            File <input type="file" accept=".csv,.tsv,.txt,text/csv" onChange={(e) => void choose(e.target.files?.[0])} disabled={known.state !== 'ready'} />
          </label>
        )}
        <ErrorBanner message={problem} />
        {report && (
          <>
            <p role="status" data-testid="file-create-summary">
              {fileName}: {formatCount(report.length)} rows · {formatCount(counts.ready)} ready · {formatCount(counts.problem)} not created
              {(counts.created > 0 || counts.refused > 0) && ` · ${formatCount(counts.created)} created · ${formatCount(counts.refused)} refused`}
            </p>
            <VirtualTable
              label="Rows of the file"
              className="bulk-results-table"
              rows={sorted}
              columns={COLUMNS}
              rowKey={(row) => String(row.line)}
              rowAttributes={(row) => ({ 'data-testid': 'file-row', 'data-line': row.line, 'data-state': row.state })}
              sort={sort}
              onSort={setSort}
              rowHeight={40}
            />
          </>
        )}
        <div className="dialog-actions">
          {!finished && (
            <button type="button" onClick={onClose} disabled={busy}>
              Cancel
            </button>
          )}
          {!finished && ready.length > 0 && (
            <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
              {busy
                ? 'Creating…'
                : `Confirm: create ${formatCount(ready.length)} sub-account${ready.length === 1 ? '' : 's'}` +
                  `${totalCreditMinor > 0 ? ` with ${money(totalCreditMinor)} of credit` : ''}`}
            </button>
          )}
          {finished && (
            <button type="button" className="primary" onClick={onClose} autoFocus>
              Done
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
