import { useEffect, useState } from 'react';
import { formatCount } from '../../shared/format';
import { errorMessage } from '../lib/error-message';

export interface PrintColumn<Row> {
  title: string;
  numeric?: boolean;
  text(row: Row): string;
}

interface PrintReportProps<Row> {
  title: string;
  /** Reads every row (page by page), saying how far it got. */
  loadAll(onProgress: (done: number, total: number) => void): Promise<Row[]>;
  columns: ReadonlyArray<PrintColumn<Row>>;
  rowKey(row: Row): string;
  onDone(): void;
  /** `alone`: the printout is this table. `alongside`: the rest of the screen prints too, this table in place of the on-screen one. */
  mode?: 'alone' | 'alongside';
}

/**
 * Prints every row of a table, not only the ones a virtualised table has on screen: the rows are
 * read first (with progress), drawn as a plain table only the printout shows, then printed.
 */
export function PrintReport<Row>({ title, loadAll, columns, rowKey, onDone, mode = 'alone' }: PrintReportProps<Row>) {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    loadAll((done, total) => current && setProgress({ done, total })).then(
      (all) => current && setRows(all),
      (failure: unknown) => current && setError(errorMessage(failure)),
    );
    return () => {
      current = false;
    };
    // Read once per report.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (rows === null) return;
    const bodyClass = mode === 'alone' ? 'printing-report' : 'printing-with-report';
    document.body.classList.add(bodyClass);
    const finish = () => onDone();
    window.addEventListener('afterprint', finish, { once: true });
    // Let the table reach the page before the print dialog takes its picture.
    const timer = setTimeout(() => window.print(), 0);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('afterprint', finish);
      document.body.classList.remove(bodyClass);
    };
  }, [rows, onDone, mode]);

  return (
    <>
      <div className="notice no-print" role="status" data-testid="print-report-status">
        {error
          ? `The report could not be prepared: ${error}`
          : rows
            ? `${formatCount(rows.length)} rows ready to print.`
            : `Preparing the report${progress ? `: ${formatCount(progress.done)} of ${formatCount(progress.total)} rows read` : ''}…`}{' '}
        <button type="button" className="link-button" onClick={onDone}>
          {rows || error ? 'Close' : 'Cancel'}
        </button>
      </div>
      {rows && (
        <section className="print-report" aria-label={title} data-testid="print-report">
          <h2>{title}</h2>
          <table className="data-table">
            <thead>
              <tr>
                {columns.map((column) => (
                  <th key={column.title} scope="col" className={column.numeric ? 'numeric' : undefined}>
                    {column.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={rowKey(row)} data-testid="print-report-row">
                  {columns.map((column) => (
                    <td key={column.title} className={column.numeric ? 'numeric' : undefined}>
                      {column.text(row)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/** Reads every window of a paged call, `limit` rows at a time. */
export async function readAllWindows<Row>(
  fetchWindow: (offset: number, limit: number) => Promise<{ total: number; rows: Row[] }>,
  onProgress: (done: number, total: number) => void,
  limit = 500,
): Promise<Row[]> {
  const all: Row[] = [];
  for (;;) {
    const page = await fetchWindow(all.length, limit);
    all.push(...page.rows);
    onProgress(all.length, page.total);
    if (page.rows.length === 0 || all.length >= page.total) return all;
  }
}
