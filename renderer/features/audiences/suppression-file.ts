import { readCsvRecords } from '../../../shared/csv-records';

/** Column names taken as the number column of a suppression file (case and spacing ignored; "Phone number" works). */
const NUMBER_COLUMN = /^(phone|mobile|number|msisdn)\b|^(phone|mobile|msisdn)[\s_-]*(number|no)?$/i;

export interface SuppressionFileNumbers {
  /** The cells of the number column, in file order, empty ones left out. */
  numbers: string[];
  /** The file's line number of each of `numbers` (1-based, the header counted). */
  rowNumbers: number[];
  /** The header's name of the number column, or null when the file has no header. */
  column: string | null;
}

/**
 * Reads a suppression file (.csv or .txt) with the audience import's own parser and delimiter
 * detection: the numbers are in the first column, or in the column named phone / mobile / number
 * / msisdn. A header is optional: a first line whose number cell has no digit is one. An
 * apostrophe a spreadsheet export put before "+" (see shared/csv-export.ts) is dropped, so an
 * exported list imports again as it was. A malformed file throws CsvSyntaxError with its line.
 */
export function readSuppressionFile(text: string): SuppressionFileNumbers {
  const records = readCsvRecords(text);
  const first = records[0]?.cells;
  if (!first) return { numbers: [], rowNumbers: [], column: null };
  const named = first.findIndex((cell) => NUMBER_COLUMN.test(cell.trim()));
  const columnIndex = Math.max(named, 0);
  const hasHeader = named >= 0 || !/\d/.test(first[0] ?? '');
  const numbers: string[] = [];
  const rowNumbers: number[] = [];
  for (const { cells, line } of hasHeader ? records.slice(1) : records) {
    const cell = (cells[columnIndex] ?? '').trim().replace(/^'(?=[+\d])/, '');
    if (cell === '') continue;
    numbers.push(cell);
    rowNumbers.push(line);
  }
  return { numbers, rowNumbers, column: hasHeader ? (first[columnIndex]?.trim() ?? null) : null };
}
