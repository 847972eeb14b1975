/** Column names taken as the number column of a suppression file (case and spacing ignored; "Phone number" works). */
const NUMBER_COLUMN = /^(phone|mobile|number|msisdn)\b|^(phone|mobile|msisdn)[\s_-]*(number|no)?$/i;
const DELIMITERS = [',', ';', '\t', '|'] as const;

export interface SuppressionFileNumbers {
  /** The cells of the number column, in file order, empty ones left out. */
  numbers: string[];
  /** The file's line number of each of `numbers` (1-based, the header counted). */
  rowNumbers: number[];
  /** The header's name of the number column, or null when the file has no header. */
  column: string | null;
}

/**
 * Reads a suppression file (.csv or .txt): the numbers are in the first column, or in the column
 * named phone / mobile / number / msisdn. A header is optional: a first line whose number cell
 * has no digit is one. Quoted cells are understood; an apostrophe a spreadsheet export put before
 * "+" (see shared/csv-export.ts) is dropped, so an exported list imports again as it was.
 */
export function readSuppressionFile(text: string): SuppressionFileNumbers {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const firstIndex = lines.findIndex((line) => line.trim() !== '');
  if (firstIndex < 0) return { numbers: [], rowNumbers: [], column: null };
  const firstLine = lines[firstIndex] ?? '';
  const delimiter = DELIMITERS.reduce((best, candidate) => (count(firstLine, candidate) > count(firstLine, best) ? candidate : best), DELIMITERS[0]);
  const first = splitLine(firstLine, delimiter);
  const named = first.findIndex((cell) => NUMBER_COLUMN.test(cell.trim()));
  const columnIndex = Math.max(named, 0);
  const hasHeader = named >= 0 || !/\d/.test(first[0] ?? '');
  const numbers: string[] = [];
  const rowNumbers: number[] = [];
  for (let index = hasHeader ? firstIndex + 1 : firstIndex; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') continue;
    const cell = (splitLine(line, delimiter)[columnIndex] ?? '').trim().replace(/^'(?=[+\d])/, '');
    if (cell === '') continue;
    numbers.push(cell);
    rowNumbers.push(index + 1);
  }
  return { numbers, rowNumbers, column: hasHeader ? (first[columnIndex]?.trim() ?? null) : null };
}

function count(line: string, delimiter: string): number {
  return line.split(delimiter).length - 1;
}

/** One line's cells; a quoted cell may hold the delimiter and doubled quotes. */
function splitLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
