import { describe, expect, it } from 'vitest';
import { CopyLineDecoder, encodeCopyLine } from '../../../electron/core/workspace/copy-text';

describe("PostgreSQL's COPY text format", () => {
  const rows = [
    [1, '+919810000105', 'IN', 'Asia/Kolkata', '{"city":"पुणे"}'],
    [2, null, null, null, '{"note":"tab\there, line\nbreak, carriage\rreturn, back\\slash \\N not null"}'],
    [3, '+971501234567', 'AE', 'Asia/Dubai', '{"name":"مريم 😀"}'],
    [4, '', '\\', '\\\\N', '{}'],
  ];

  it('round-trips every value, NULL apart from the text \\N, whatever the network chunks cut', () => {
    const bytes = Buffer.from(rows.map(encodeCopyLine).join(''), 'utf8');
    // Cut into 3-byte pieces: lines and multi-byte characters are split between chunks.
    const decoder = new CopyLineDecoder();
    const decoded: Array<Array<string | null>> = [];
    for (let at = 0; at < bytes.length; at += 3) decoded.push(...decoder.push(bytes.subarray(at, at + 3)));
    decoder.end();
    expect(decoded).toEqual(rows.map((row) => row.map((value) => (value === null ? null : String(value)))));
  });

  it('writes one line per row: tabs, line breaks and backslashes in values are escaped', () => {
    expect(encodeCopyLine(['a\tb', 'c\nd', 'e\\f', null])).toBe('a\\tb\tc\\nd\te\\\\f\t\\N\n');
  });

  it('refuses a stream that ends in the middle of a row', () => {
    const decoder = new CopyLineDecoder();
    decoder.push(Buffer.from('1\t+9198\n2\t+44'));
    expect(() => decoder.end()).toThrow(/middle of a row/);
  });
});
