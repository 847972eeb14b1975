import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { UnzipInflate } from 'fflate';
import { RESAVE_ADVICE, XlsxReadError } from './xlsx-error';

/**
 * Just enough ZIP for reading a workbook off disk: the central directory (at the end of the file,
 * authoritative for sizes even when a writer deferred them to data descriptors) names the entries;
 * an entry streams through fflate's ZIP inflater in small reads, with limits that stop a zip bomb
 * before it fills memory or disk.
 */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

/** An uncompressed entry larger than this is refused (a real sheet of a million rows is ~300 MB). */
export const MAX_ENTRY_BYTES = 1024 ** 3;
/** Deflate can reach ~1000:1 on repeated bytes; real sheets stay far below this. */
export const MAX_RATIO = 200;
/** Below this size an entry's ratio does not matter: it cannot hurt. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
const READ_BYTES = 64 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const U32_MAX = 0xffffffff;

const damaged = (what: string) => new XlsxReadError('DAMAGED', `The workbook is damaged (${what}). ${RESAVE_ADVICE}`);

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The archive's entries by name, from its central directory. */
export async function readZipDirectory(path: string, fileSize: number): Promise<Map<string, ZipEntry>> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(path, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at === -1) throw damaged('its table of contents is missing; the file may be cut short');
  let count = tail.readUInt16LE(at + 10);
  let directorySize = tail.readUInt32LE(at + 12);
  let directoryOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || directorySize === U32_MAX || directoryOffset === U32_MAX) {
    const locator = at - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR) throw damaged('its ZIP64 table of contents is missing');
    const record = await readAt(path, Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw damaged('its ZIP64 table of contents is unreadable');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directorySize > MAX_DIRECTORY_BYTES || directoryOffset + directorySize > fileSize) throw damaged('its table of contents points outside the file');
  const directory = await readAt(path, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_ENTRY) throw damaged('its table of contents is cut short');
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const flags = directory.readUInt16LE(p + 8);
    const entry: ZipEntry = {
      name: directory.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      flags,
      compressedSize: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      localHeaderOffset: directory.readUInt32LE(p + 42),
    };
    readZip64Sizes(entry, directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.set(entry.name.replace(/^\/+/, '').toLowerCase(), entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset that did not fit 32 bits are in the ZIP64 extra field, in this order. */
function readZip64Sizes(entry: ZipEntry, extra: Buffer): void {
  if (entry.size !== U32_MAX && entry.compressedSize !== U32_MAX && entry.localHeaderOffset !== U32_MAX) return;
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        const value = q + 8 <= p + 4 + length ? Number(extra.readBigUInt64LE(q)) : U32_MAX;
        q += 8;
        return value;
      };
      if (entry.size === U32_MAX) entry.size = next();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = next();
      if (entry.localHeaderOffset === U32_MAX) entry.localHeaderOffset = next();
      return;
    }
    p += 4 + length;
  }
}

export interface InflateOptions {
  /** What the entry is, for messages: "the first worksheet". */
  label: string;
  /** Receives the entry's bytes as they inflate (synchronously, during a read). */
  onData(bytes: Uint8Array): void;
  /** After each read: compressed bytes of this entry consumed so far. Awaited (back-pressure). */
  afterRead?(compressedBytes: number): Promise<void> | void;
  /** Checked after each read: true stops reading early (a preview has its rows). */
  done?(): boolean;
}

/** Streams one entry's uncompressed bytes, refusing a zip bomb by declared and by actual size. */
export async function inflateEntry(path: string, entry: ZipEntry, options: InflateOptions): Promise<void> {
  if (entry.flags & 0x1)
    throw new XlsxReadError(
      'LEGACY_OR_ENCRYPTED',
      `The workbook is password-protected. Remove the password in Excel (File › Info › Protect Workbook), save, and import it again.`,
    );
  checkSize(entry, entry.size, options.label);
  const header = await readAt(path, entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_HEADER) throw damaged(`${options.label} cannot be found in the archive`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return;

  let produced = 0;
  const deliver = (bytes: Uint8Array) => {
    produced += bytes.length;
    if (produced > entry.size) throw damaged(`${options.label} is larger than the archive says`);
    checkSize(entry, produced, options.label);
    options.onData(bytes);
  };
  let push: (chunk: Uint8Array, final: boolean) => void;
  if (entry.method === 0) push = (chunk) => deliver(chunk);
  else if (entry.method === 8) {
    const inflater = new UnzipInflate();
    inflater.ondata = (error, bytes) => {
      // fflate hands errors thrown by this handler back to it: pass ours on, name its own.
      if (error) throw typeof (error as { code?: unknown }).code === 'number' ? damaged(`${options.label} cannot be decompressed: ${error.message}`) : error;
      if (bytes.length > 0) deliver(bytes);
    };
    push = (chunk, final) => inflater.push(chunk, final);
  } else throw damaged(`${options.label} uses compression method ${entry.method}, which Campaign Desk does not read`);

  let consumed = 0;
  const stream = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: READ_BYTES });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      consumed += chunk.length;
      push(chunk, consumed >= entry.compressedSize);
      await options.afterRead?.(consumed);
      if (options.done?.()) return;
    }
  } finally {
    stream.destroy();
  }
  if (consumed < entry.compressedSize) throw damaged(`${options.label} is cut short`);
}

function checkSize(entry: ZipEntry, bytes: number, label: string): void {
  const tooBig = bytes > MAX_ENTRY_BYTES;
  const ratio = bytes / Math.max(1, entry.compressedSize);
  if (tooBig || (bytes > RATIO_FLOOR_BYTES && ratio > MAX_RATIO)) {
    const why = tooBig ? `more than ${MAX_ENTRY_BYTES / 1024 ** 3} GiB uncompressed` : `compressed more than ${MAX_RATIO}:1, which real spreadsheets never are`;
    throw new XlsxReadError(
      'TOO_LARGE',
      `Campaign Desk stopped reading this workbook: ${label} is ${why} (a "zip bomb" or a damaged file). ` +
        'Split the sheet, or export it as CSV (UTF-8) and import that file.',
    );
  }
}
