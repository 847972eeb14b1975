import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError } from '../../../shared/csv-parser';
import { detectDelimiter } from '../../../shared/csv-delimiter';

function parse(
  text: string | string[],
  delimiter = ',',
  options: { maxFieldChars?: number; maxColumns?: number } = {},
): Array<{ cells: string[]; line: number }> {
  const parser = new CsvParser({ delimiter, ...options });
  const records: Array<{ cells: string[]; line: number }> = [];
  const sink = (cells: string[], line: number) => records.push({ cells, line });
  for (const chunk of Array.isArray(text) ? text : [text]) parser.push(chunk, sink);
  parser.end(sink);
  return records;
}
const cells = (text: string | string[], delimiter = ',') => parse(text, delimiter).map((r) => r.cells);

/** Writes rows the way a spreadsheet does: quotes only where needed, doubled inside. */
function toCsv(rows: string[][], delimiter: string, newline: string): string {
  const quote = (cell: string) => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return rows.map((row) => row.map(quote).join(delimiter)).join(newline) + newline;
}

describe('CsvParser', () => {
  it('reads quoted fields holding delimiters, doubled quotes and line breaks', () => {
    expect(cells('phone,city\r\n+91,"Pune, MH"\r\n+1,"say ""hi"""\r\n+44,"two\nlines"\r\n')).toEqual([
      ['phone', 'city'],
      ['+91', 'Pune, MH'],
      ['+1', 'say "hi"'],
      ['+44', 'two\nlines'],
    ]);
  });

  it('accepts LF, CRLF and CR line ends, a missing final newline and empty fields', () => {
    expect(cells('a,b\nc,d\r\ne,f\rg,')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', ''],
    ]);
    expect(cells('x,,\n')).toEqual([['x', '', '']]);
  });

  it('gives each record the line it starts on, counting line breaks inside quotes', () => {
    expect(parse('h\n"a\nb"\nc\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('parses the same whatever the chunk boundaries (CRLF, quotes and doubled quotes split)', () => {
    const text = 'p,n\r\n"1,2","a""b"\r\n3,"x\r\ny"\r\n';
    const whole = cells(text);
    for (let cut = 1; cut < text.length; cut++) expect(cells([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  });

  it('round-trips any table through a spreadsheet-style writer, for any chunking (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', ';', '\t', '"', '\n', '\r', ' ', 'é', '😀'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ';', '\t', '|'),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat(), { maxLength: 4 }),
        (rows, delimiter, newline, cuts) => {
          const text = toCsv(rows, delimiter, newline);
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...points].map((from, i) => text.slice(from, [...points, text.length][i]));
          expect(cells(chunks, delimiter)).toEqual(rows);
        },
      ),
    );
  });

  it('refuses an unterminated quote with the line it starts on', () => {
    const error = (() => {
      try {
        parse('a,b\n1,"open\n2,3\n');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ code: 'UNTERMINATED_QUOTE', line: 2 });
    expect((error as Error).message).toContain('line 2');
  });

  it('refuses a huge field and too many columns with a clear error instead of using up memory', () => {
    expect(() => parse(['a,', 'x'.repeat(600), 'y'.repeat(600)], ',', { maxFieldChars: 1000 })).toThrow(/longer than 1,000 characters/);
    expect(() => parse('"' + 'z'.repeat(2000), ',', { maxFieldChars: 1000 })).toThrowError(expect.objectContaining({ code: 'FIELD_TOO_LARGE' }));
    expect(() => parse(`${','.repeat(20)}\n`, ',', { maxColumns: 10 })).toThrowError(expect.objectContaining({ code: 'TOO_MANY_COLUMNS', line: 1 }));
  });

  it('yields nothing for an empty file', () => {
    expect(cells('')).toEqual([]);
  });
});

describe('detectDelimiter', () => {
  it('finds the separator that splits the lines consistently, ignoring those inside quotes', () => {
    expect(detectDelimiter('phone,name\n+91,"A; B"\n+1,C\n')).toBe(',');
    expect(detectDelimiter('phone;name;city\n+91;"A, B";Pune\n+1;C;D\n')).toBe(';');
    expect(detectDelimiter('phone\tname\n+91\tA,B\n+1\tC\n')).toBe('\t');
    expect(detectDelimiter('phone|name\n+91|A\n')).toBe('|');
    expect(detectDelimiter('+919810000001\n+919810000002\n')).toBe(',');
  });
});
