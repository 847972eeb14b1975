/**
 * A streaming CSV/TSV parser (RFC 4180 plus what spreadsheets write): quoted fields may hold the
 * delimiter, doubled quotes and line breaks; CRLF, LF and CR all end a record. Text arrives in
 * chunks of any size (a record may span chunks) and records leave through a callback, so a
 * file of any length parses in constant memory. Limits turn hostile input into a clear error
 * instead of an out-of-memory crash.
 */

export type CsvErrorCode = 'UNTERMINATED_QUOTE' | 'FIELD_TOO_LARGE' | 'TOO_MANY_COLUMNS';

export class CsvSyntaxError extends Error {
  constructor(
    readonly code: CsvErrorCode,
    message: string,
    /** 1-based line of the file where the problem starts. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvParserOptions {
  delimiter: string;
  /** Longest field accepted, in characters. */
  maxFieldChars?: number;
  maxColumns?: number;
}

export const DEFAULT_MAX_FIELD_CHARS = 64 * 1024;
export const DEFAULT_MAX_COLUMNS = 1000;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first of a doubled quote or the closing one. */
  QuoteInQuoted,
}

export type RecordSink = (cells: string[], line: number) => void;

export class CsvParser {
  private readonly delimiter: number;
  private readonly maxFieldChars: number;
  private readonly maxColumns: number;
  private state = State.FieldStart;
  private field = '';
  private cells: string[] = [];
  private skipLineFeed = false;
  /** Physical line the parser is on, and the line the current record started on. */
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(options: CsvParserOptions) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter is one character');
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxFieldChars = options.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS;
    this.maxColumns = options.maxColumns ?? DEFAULT_MAX_COLUMNS;
  }

  push(text: string, onRecord: RecordSink): void {
    const length = text.length;
    const delimiter = this.delimiter;
    let i = 0;
    while (i < length) {
      const c = text.charCodeAt(i);
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (c === LF) {
          i++;
          continue;
        }
      }
      switch (this.state) {
        case State.Quoted: {
          const close = text.indexOf('"', i);
          const end = close === -1 ? length : close;
          this.appendQuoted(text, i, end);
          i = end;
          if (close !== -1) {
            this.state = State.QuoteInQuoted;
            i++;
          }
          continue;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.append('"');
            this.state = State.Quoted;
            i++;
            continue;
          }
          // The closing quote: whatever follows is read as the rest of the field (spreadsheets do so).
          this.state = State.Unquoted;
          continue;
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            i++;
            continue;
          }
          this.state = State.Unquoted;
          continue;
        case State.Unquoted: {
          if (c === delimiter) {
            this.endField();
            i++;
            continue;
          }
          if (c === LF || c === CR) {
            this.endField();
            this.endRecord(onRecord);
            this.line++;
            this.recordLine = this.line;
            if (c === CR) this.skipLineFeed = true;
            i++;
            continue;
          }
          let j = i + 1;
          while (j < length) {
            const d = text.charCodeAt(j);
            if (d === delimiter || d === LF || d === CR) break;
            j++;
          }
          this.append(text.slice(i, j));
          i = j;
          continue;
        }
      }
    }
  }

  /** Flushes the last record; a quote still open at the end of the file is an error. */
  end(onRecord: RecordSink): void {
    if (this.state === State.Quoted) {
      throw new CsvSyntaxError(
        'UNTERMINATED_QUOTE',
        `A quoted field that starts on line ${this.quoteLine} is never closed: check that line for a missing closing quote (").`,
        this.quoteLine,
      );
    }
    if (this.state !== State.FieldStart || this.cells.length > 0) {
      this.endField();
      this.endRecord(onRecord);
    }
  }

  private appendQuoted(text: string, from: number, to: number): void {
    if (to === from) return;
    const part = text.slice(from, to);
    for (let k = part.indexOf('\n'); k !== -1; k = part.indexOf('\n', k + 1)) this.line++;
    this.append(part);
  }

  private append(part: string): void {
    this.field += part;
    if (this.field.length > this.maxFieldChars) {
      throw new CsvSyntaxError(
        'FIELD_TOO_LARGE',
        `A field on line ${this.recordLine} is longer than ${this.maxFieldChars.toLocaleString('en')} characters: ` +
          'this is probably not a CSV file, or a quote is missing its closing partner.',
        this.recordLine,
      );
    }
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = '';
    this.state = State.FieldStart;
    if (this.cells.length > this.maxColumns) {
      throw new CsvSyntaxError('TOO_MANY_COLUMNS', `Line ${this.recordLine} has more than ${this.maxColumns} columns: check the delimiter.`, this.recordLine);
    }
  }

  private endRecord(onRecord: RecordSink): void {
    const cells = this.cells;
    this.cells = [];
    onRecord(cells, this.recordLine);
  }
}
