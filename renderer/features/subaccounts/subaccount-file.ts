import { readCsvRecords } from '../../../shared/csv-records';
import type { CreditType } from '../../../shared/kaleyra/subaccount';
import { checkNewSubaccount, parseAmountText, type KnownSubaccount, type NewSubaccountDraft, type ParentFundsForRules } from '../../../shared/subaccount-rules';

/** The columns a sub-account file may have, by the names CRMs and spreadsheets give them (case, accents and spacing ignored). */
const COLUMN_NAMES: Record<FileColumn, RegExp> = {
  name: /^(name|account ?name|customer|customer ?name|company|company ?name|nombre|nom|firma|empresa|kunde|cliente)$/,
  email: /^(e-?mail|e-?mail ?address|business ?e-?mail|correo|correo ?electronico|courriel|mail)$/,
  country: /^(country|country ?code|country ?iso|iso|pais|pays|land|paese)$/,
  creditType: /^(credit ?type|type|tipo|billing|funding)$/,
  creditAmount: /^(credit|credit ?amount|initial ?credit|amount|budget|balance|credito|credito inicial|kredit|montant|importe|betrag|guthaben)$/,
  monthlyLimit: /^(monthly ?limit|monthly ?usage ?limit|usage ?limit|limit|limite|limite ?mensuel)$/,
};
type FileColumn = 'name' | 'email' | 'country' | 'creditType' | 'creditAmount' | 'monthlyLimit';

export interface FileRow {
  /** The file's line (1-based, the header is line 1). */
  line: number;
  draft: NewSubaccountDraft | null;
  /** Why the row cannot be created as it is; empty when it can. */
  problems: string[];
}

export interface SubaccountFile {
  rows: FileRow[];
  /** Columns found, by what the file calls them. */
  columns: Partial<Record<FileColumn, string>>;
  /** Set when the file cannot be read as a list of sub-accounts at all. */
  problem: string | null;
}

const normalise = (header: string) =>
  header
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[_\s-]+/g, ' ')
    .trim();

/**
 * Reads a file of new sub-accounts with the audience import's parser and delimiter detection, and
 * checks every row against the platform's rules as the create form does: names and e-mails unique
 * among the parent's sub-accounts and the rows above, and the parent's money covering the initial
 * credits of every row before it. A malformed file throws CsvSyntaxError with its line.
 */
export function readSubaccountFile(text: string, context: { parent: ParentFundsForRules | null; known: readonly KnownSubaccount[] }): SubaccountFile {
  const records = readCsvRecords(text);
  const header = records[0]?.cells ?? [];
  const index: Partial<Record<FileColumn, number>> = {};
  const columns: Partial<Record<FileColumn, string>> = {};
  header.forEach((cell, position) => {
    const name = normalise(cell);
    for (const column of Object.keys(COLUMN_NAMES) as FileColumn[]) {
      if (index[column] === undefined && COLUMN_NAMES[column].test(name)) {
        index[column] = position;
        columns[column] = cell.trim();
      }
    }
  });
  if (index.name === undefined || index.email === undefined) {
    return {
      rows: [],
      columns,
      problem: 'The first line must name the columns, with at least a name and an e-mail column (for example: name, email, country, credit).',
    };
  }
  const currency = context.parent?.currency ?? 'INR';
  const known: KnownSubaccount[] = [...context.known];
  let availableMinor = context.parent?.availableMinor ?? null;
  const rows = records.slice(1).map(({ cells, line }): FileRow => {
    const cell = (column: FileColumn) => (index[column] === undefined ? '' : (cells[index[column]] ?? '').trim());
    const problems: string[] = [];
    const amount = (column: FileColumn, label: string): number | null => {
      const raw = cell(column);
      if (raw === '') return null;
      const parsed = parseAmountText(raw.replace(/^[^\d-]+/, ''), currency);
      if (parsed.ok) return parsed.minor;
      problems.push(`${label} “${raw}” is not an amount in ${currency}.`);
      return null;
    };
    const creditAmountMinor = amount('creditAmount', 'The credit');
    const monthlyLimitMinor = amount('monthlyLimit', 'The monthly limit');
    const creditType = creditTypeOf(cell('creditType'), creditAmountMinor, monthlyLimitMinor, context.parent?.billing ?? 'prepaid');
    if (creditType === null) problems.push(`The credit type “${cell('creditType')}” is neither assigned nor shared.`);
    const draft: NewSubaccountDraft = {
      name: cell('name'),
      email: cell('email'),
      country: cell('country').toUpperCase(),
      creditType: creditType ?? 'assigned',
      ...(creditType === 'shared' ? { monthlyLimitMinor } : { creditAmountMinor }),
    };
    const parent = context.parent && availableMinor !== null ? { ...context.parent, availableMinor } : null;
    problems.push(...checkNewSubaccount(draft, { parent, known }).map((issue) => issue.message));
    if (problems.length > 0) return { line, draft: null, problems };
    known.push({ sid: `file-line-${line}`, name: draft.name, email: draft.email, status: 'active' });
    if (availableMinor !== null && draft.creditType === 'assigned') availableMinor -= draft.creditAmountMinor ?? 0;
    return { line, draft, problems };
  });
  return { rows, columns, problem: rows.length === 0 ? 'The file has a header but no sub-account rows.' : null };
}

function creditTypeOf(text: string, creditMinor: number | null, limitMinor: number | null, billing: ParentFundsForRules['billing']): CreditType | null {
  const value = normalise(text);
  if (value === '') return limitMinor !== null && creditMinor === null && billing === 'postpaid' ? 'shared' : 'assigned';
  if (/^(assigned|assign budget|assigned budget|budget|prepaid|asignado|zugewiesen)$/.test(value)) return 'assigned';
  if (/^(shared|shared usage|usage|postpaid|compartido|partage|geteilt)$/.test(value)) return 'shared';
  return null;
}
