import { TextDecoder } from 'node:util';

/**
 * Which text encoding a file uses, from its first bytes: a byte-order mark decides (UTF-8,
 * UTF-16 LE/BE); without one, valid UTF-8 is UTF-8 and anything else is read as Windows-1252,
 * which is what spreadsheets on Windows write. NUL bytes without a UTF-16 mark mean a binary
 * file (a spreadsheet, an archive, an image): refused with a message that says what to do.
 */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: TextEncodingName;
  hasBom: boolean;
}

export class NotTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotTextError';
  }
}

export function detectEncoding(head: Uint8Array): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', hasBom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', hasBom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', hasBom: true };
  if (looksBinary(head)) {
    const kind = head[0] === 0x50 && head[1] === 0x4b ? ' (it looks like an Excel workbook or a ZIP archive)' : '';
    throw new NotTextError(`This file is not a text file${kind}. Save or export it as CSV (UTF-8) and import that file.`);
  }
  return { encoding: isValidUtf8(head) ? 'utf-8' : 'windows-1252', hasBom: false };
}

/** A decoder for the whole stream; it drops the BOM and joins characters split across chunks. */
export function createDecoder(encoding: TextEncodingName): TextDecoder {
  return new TextDecoder(encoding);
}

function looksBinary(head: Uint8Array): boolean {
  const sample = head.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** Valid UTF-8, allowing a sequence cut off at the end of the sample. */
function isValidUtf8(bytes: Uint8Array): boolean {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let extra: number;
    if (b < 0x80) extra = 0;
    else if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return false;
    for (let k = 1; k <= extra; k++) {
      // A sequence cut off by the end of the sample is fine; a wrong byte inside it is not.
      if (i + k >= bytes.length) return true;
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}
