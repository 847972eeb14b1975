/**
 * CSV for people to open in a spreadsheet (RFC 4180, CRLF line ends). Spreadsheets run a cell
 * that begins with = + - @ (or a tab / carriage return) as a formula, so such cells are prefixed
 * with an apostrophe ("CSV injection"). Two shapes are exceptions, because they cannot run
 * anything: a plain decimal number such as "-250.00" (a withdrawal must stay a number to be
 * summed) and a phone number in E.164, "+" and digits only ("+17735550100"), which people must be
 * able to copy back out as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const PHONE_NUMBER = /^\+\d+$/;
const NEEDS_QUOTES = /[",\r\n]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) && !PHONE_NUMBER.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | null): string {
  const text = neutraliseCell(value === null ? '' : String(value));
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return csvLines([header, ...rows]);
}

/** Rows as CSV lines, each ended by CRLF: a part of a file written a slice at a time. */
export function csvLines(rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return rows.length === 0 ? '' : rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
