import { describe, expect, it } from 'vitest';
import { createDecoder, detectEncoding, NotTextError } from '../../../electron/core/audiences/text-encoding';

const decodeInChunks = (bytes: Uint8Array, size: number) => {
  const { encoding } = detectEncoding(bytes);
  const decoder = createDecoder(encoding);
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += decoder.decode(bytes.subarray(i, i + size), { stream: true });
  return text + decoder.decode();
};

describe('text encodings', () => {
  const text = 'phone,name\n+91,Zoë 😀 Łukasz\n';

  it('detects UTF-8 with and without a BOM and drops the BOM', () => {
    const plain = Buffer.from(text, 'utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), plain]);
    expect(detectEncoding(plain)).toEqual({ encoding: 'utf-8', hasBom: false });
    expect(detectEncoding(bom)).toEqual({ encoding: 'utf-8', hasBom: true });
    expect(decodeInChunks(bom, 3)).toBe(text);
  });

  it('detects UTF-16 LE and BE by their BOM and decodes characters split across chunks', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    expect(detectEncoding(le).encoding).toBe('utf-16le');
    expect(detectEncoding(be).encoding).toBe('utf-16be');
    for (const size of [1, 3, 7]) {
      expect(decodeInChunks(le, size)).toBe(text);
      expect(decodeInChunks(be, size)).toBe(text);
    }
  });

  it('reads text that is not UTF-8 as Windows-1252', () => {
    const latin = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x5a, 0x6f, 0xeb, 0x0a]); // "name\nZoë\n"
    expect(detectEncoding(latin).encoding).toBe('windows-1252');
    expect(decodeInChunks(latin, 4)).toBe('name\nZoë\n');
  });

  it('accepts a UTF-8 sample cut in the middle of a character', () => {
    const cut = Buffer.from('ab😀', 'utf8').subarray(0, 4);
    expect(detectEncoding(cut).encoding).toBe('utf-8');
  });

  it('refuses binary files (a workbook, NUL bytes) with a message that says what to do', () => {
    expect(() => detectEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]))).toThrow(/Excel workbook.*Save or export it as CSV/);
    expect(() => detectEncoding(Buffer.from([0x01, 0x02, 0x00, 0x05]))).toThrow(NotTextError);
  });
});
