/** Why a workbook cannot be read, in words that say what to do; `code` is for logs and tests. */
export type XlsxErrorCode =
  'NOT_A_ZIP' | 'LEGACY_OR_ENCRYPTED' | 'DAMAGED' | 'NO_WORKSHEET' | 'TOO_LARGE' | 'MALFORMED_XML' | 'TOO_MANY_COLUMNS' | 'CELL_TOO_LARGE';

export class XlsxReadError extends Error {
  constructor(
    readonly code: XlsxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'XlsxReadError';
  }
}

/** The advice every refusal ends with. */
export const RESAVE_ADVICE = 'Open it in Excel and save it again as an Excel Workbook (.xlsx), or export the sheet as CSV (UTF-8) and import that file.';
