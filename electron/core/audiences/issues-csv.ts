import type { AudienceIssue } from '../store/audiences-repository';

/**
 * A cell a spreadsheet will not run: text beginning with = + - @ (or a tab or carriage return,
 * which some spreadsheets skip before looking) gets a leading apostrophe, as OWASP recommends.
 */
export function neutralizeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string): string {
  const safe = neutralizeCell(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const ISSUES_CSV_HEADER = ['row', 'problem', 'value', 'code', 'reason'];

export function issuesCsv(issues: Iterable<AudienceIssue>): { csv: string; rows: number } {
  const lines = [ISSUES_CSV_HEADER.join(',')];
  for (const issue of issues) {
    lines.push([String(issue.rowNumber), issue.kind, issue.value ?? '', issue.code, issue.message].map(csvCell).join(','));
  }
  return { csv: `${lines.join('\r\n')}\r\n`, rows: lines.length - 1 };
}
