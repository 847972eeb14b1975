import { detectDelimiter } from './csv-delimiter';
import { CsvParser } from './csv-parser';

export interface CsvRecord {
  cells: string[];
  /** The file line the record starts on (1-based), for reports that name the row. */
  line: number;
}

/**
 * Every non-blank record of a small file read whole (a suppression list, a sub-account sheet, a
 * DLT export): byte-order mark dropped, delimiter detected from the start of the file. A malformed
 * file throws CsvSyntaxError naming its line. Audience files stream through CsvParser instead.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const body = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  const keep = (cells: string[], line: number) => {
    if (cells.some((cell) => cell.trim() !== '')) records.push({ cells, line });
  };
  const parser = new CsvParser({ delimiter: detectDelimiter(body.slice(0, 64 * 1024)) });
  parser.push(body, keep);
  parser.end(keep);
  return records;
}
