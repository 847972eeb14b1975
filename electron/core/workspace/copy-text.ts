/**
 * PostgreSQL's COPY text format: one line per row, columns separated by tabs, `\N` for NULL, and
 * backslash escapes for the characters that would break a line or a column. Used for moving
 * audience rows with `COPY … FROM STDIN` and `COPY … TO STDOUT` (the text format needs no quoting
 * rules and is what the server reads and writes fastest).
 */

const NULL_FIELD = '\\N';
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const UNESCAPES: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' };

export type CopyValue = string | number | null;

export function encodeCopyField(value: CopyValue): string {
  if (value === null) return NULL_FIELD;
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c] ?? c) : text;
}

export function encodeCopyLine(values: readonly CopyValue[]): string {
  return `${values.map(encodeCopyField).join('\t')}\n`;
}

function decodeCopyField(field: string): string | null {
  if (field === NULL_FIELD) return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_whole, c: string) => UNESCAPES[c] ?? c);
}

/**
 * Splits COPY text output into rows of fields as they arrive, whatever the chunk boundaries (a
 * line, or a multi-byte character, may be cut between two network chunks).
 */
export class CopyLineDecoder {
  private pending = '';
  private readonly decoder = new TextDecoder('utf-8');

  /** The complete rows in this chunk of bytes. */
  push(chunk: Uint8Array): Array<Array<string | null>> {
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((line) => line.split('\t').map(decodeCopyField));
  }

  /** Checks nothing was left half-read at the end of the stream. */
  end(): void {
    const rest = this.pending + this.decoder.decode();
    if (rest !== '') throw new Error('the workspace ended a COPY in the middle of a row');
  }
}
