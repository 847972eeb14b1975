import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { TextDecoder } from 'node:util';
import { RESAVE_ADVICE, XlsxReadError } from './xlsx-error';
import { inflateEntry, readZipDirectory, type ZipEntry } from './zip-archive';

/**
 * Reads the first worksheet of an Excel workbook (.xlsx: a ZIP of XML parts) as rows of strings,
 * the way a CSV export of it would read: shared strings are loaded first, then the sheet's XML
 * streams through the inflater and a SAX parser, so a sheet of any length reads in small memory.
 * Cells land at the column their reference names (gaps are empty strings); numbers are written as
 * plain digits (a phone stored as 9.19812345678E11 reads "919812345678").
 */
export interface XlsxWorkbook {
  path: string;
  fileSize: number;
  sheetName: string;
  sheet: ZipEntry;
  sharedStrings: ZipEntry | null;
}

export interface XlsxRowLimits {
  maxColumns: number;
  maxFieldChars: number;
}

/** A row as the sheet numbers it (1-based) with its cells from column A. */
export type XlsxRowSink = (cells: string[], rowNumber: number) => void;

/** A ZIP's local file header, or the end record of an empty archive ("PK" alone starts plenty of CSVs). */
const ZIP_MAGICS = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const OFFICE_DOCUMENT = /\/officeDocument$/;

/** 'xlsx' for a ZIP archive, 'delimited' for anything else; a legacy or encrypted workbook is refused. */
export function detectFileFormat(head: Uint8Array): 'xlsx' | 'delimited' {
  if (OLE_MAGIC.every((byte, i) => head[i] === byte)) {
    throw new XlsxReadError(
      'LEGACY_OR_ENCRYPTED',
      'This is an old-format Excel workbook (.xls) or a password-protected one, which Campaign Desk cannot read. ' +
        'In Excel, remove any password and save it as an Excel Workbook (.xlsx), or export the sheet as CSV (UTF-8), and import that file.',
    );
  }
  return ZIP_MAGICS.some((magic) => magic.every((byte, i) => head[i] === byte)) ? 'xlsx' : 'delimited';
}

/** Finds the first worksheet (workbook order) and the shared strings. */
export async function openWorkbook(path: string, fileSize: number): Promise<XlsxWorkbook> {
  const entries = await readZipDirectory(path, fileSize);
  const find = (name: string) => entries.get(name.replace(/^\/+/, '').toLowerCase()) ?? null;
  const rootRels = find('_rels/.rels');
  const workbookPath = (rootRels && (await readRelationships(path, rootRels, '')).find((r) => OFFICE_DOCUMENT.test(r.type))?.target) ?? 'xl/workbook.xml';
  const workbookEntry = find(workbookPath);
  if (!workbookEntry) {
    throw new XlsxReadError(
      'NO_WORKSHEET',
      `This ZIP file is not an Excel workbook (it has no ${workbookPath}). Choose an .xlsx file saved by Excel, or a CSV file.`,
    );
  }
  const folder = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsEntry = find(`${folder}_rels/${workbookPath.slice(folder.length)}.rels`);
  const rels = relsEntry ? await readRelationships(path, relsEntry, folder) : [];
  const sheets: Array<{ name: string; relId: string }> = [];
  await parseSmallXml(path, workbookEntry, 'the workbook part', (tag) => {
    if (localName(tag.name) === 'sheet')
      sheets.push({ name: tag.attributes.name ?? '', relId: tag.attributes['r:id'] ?? attributeByLocalName(tag, 'id') ?? '' });
  });
  // Chart sheets and dialog sheets are not worksheets: the first worksheet in workbook order is read.
  const first = sheets
    .map((sheet) => ({ sheet, rel: rels.find((r) => r.id === sheet.relId) }))
    .find(({ rel }) => rel !== undefined && /\/worksheet$/.test(rel.type));
  if (!first?.rel) {
    throw new XlsxReadError(
      'NO_WORKSHEET',
      `This workbook has no worksheet to import. Put the audience on the first sheet and save it again, or export it as CSV (UTF-8).`,
    );
  }
  const sheetEntry = find(first.rel.target);
  if (!sheetEntry) throw new XlsxReadError('DAMAGED', `The workbook is damaged: its sheet "${first.sheet.name}" is missing from the file. ${RESAVE_ADVICE}`);
  const stringsTarget = rels.find((r) => /\/sharedStrings$/.test(r.type))?.target ?? `${folder}sharedStrings.xml`;
  return { path, fileSize, sheetName: first.sheet.name, sheet: sheetEntry, sharedStrings: find(stringsTarget) };
}

/**
 * The shared string table, compact: strings joined into blocks with offsets, so a workbook with
 * millions of distinct names and e-mails fits the reader thread's heap.
 */
export class SharedStrings {
  private static readonly BLOCK = 4096;
  private readonly blocks: string[] = [];
  private readonly offsets: Int32Array[] = [];
  private pending: string[] = [];
  length = 0;

  push(value: string): void {
    this.pending.push(value);
    this.length++;
    if (this.pending.length === SharedStrings.BLOCK) this.seal();
  }

  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return undefined;
    const block = Math.floor(index / SharedStrings.BLOCK);
    const at = index % SharedStrings.BLOCK;
    if (block === this.blocks.length) return this.pending[at];
    const offsets = this.offsets[block];
    return offsets ? this.blocks[block]?.slice(offsets[at], offsets[at + 1]) : undefined;
  }

  private seal(): void {
    const offsets = new Int32Array(this.pending.length + 1);
    let total = 0;
    this.pending.forEach((value, i) => {
      offsets[i] = total;
      total += value.length;
    });
    offsets[this.pending.length] = total;
    this.blocks.push(this.pending.join(''));
    this.offsets.push(offsets);
    this.pending = [];
  }
}

/**
 * Loads the shared strings; `upTo` stops once that index is read (a preview needs only the first).
 * `afterRead` gets the compressed bytes consumed so far.
 */
export async function loadSharedStrings(
  workbook: XlsxWorkbook,
  limits: XlsxRowLimits,
  upTo = Infinity,
  afterRead?: (bytesRead: number) => Promise<void> | void,
): Promise<SharedStrings> {
  const strings = new SharedStrings();
  const entry = workbook.sharedStrings;
  if (!entry || upTo < 0) return strings;
  const label = 'the shared strings part';
  const parser = xmlParser(label, () => ` at string ${strings.length + 1}`);
  let inItem = false;
  let phonetic = 0;
  let inText = false;
  let text = '';
  parser.on('opentag', (tag) => {
    const name = localName(tag.name);
    if (name === 'si') {
      inItem = true;
      text = '';
    } else if (name === 'rPh') phonetic++;
    else if (name === 't' && inItem && phonetic === 0) inText = true;
  });
  const onText = (value: string) => {
    if (!inText) return;
    text += value;
    if (text.length > limits.maxFieldChars) throw cellTooLarge(`shared string ${strings.length + 1}`, limits);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si') {
      inItem = false;
      strings.push(unescapeOoxml(text));
    }
  });
  await streamXml(workbook.path, entry, label, parser, () => strings.length > upTo, { afterRead });
  return strings;
}

export interface ReadRowsOptions extends XlsxRowLimits {
  onRow: XlsxRowSink;
  /** After each read of the sheet: compressed bytes of the whole file consumed so far. */
  afterRead?(bytesRead: number): Promise<void> | void;
  /** True stops reading (a preview has its rows). */
  done?(): boolean;
}

/** What a sheet read found besides its rows. */
export interface SheetSummary {
  /** The last row of the sheet's `<dimension>`, when the writer recorded one. */
  dimensionRows: number | null;
  /** Uncompressed sheet bytes read and rows seen: for estimating the rest. */
  bytesParsed: number;
  rowsSeen: number;
}

/**
 * Streams the first worksheet's rows that hold a value (empty and formatting-only rows are skipped,
 * so the first row delivered is the header when there is one). `strings(i)` resolves shared strings.
 */
export async function readSheetRows(workbook: XlsxWorkbook, strings: (index: number) => string | undefined, options: ReadRowsOptions): Promise<SheetSummary> {
  const summary: SheetSummary = { dimensionRows: null, bytesParsed: 0, rowsSeen: 0 };
  let rowNumber = 0;
  let cells: string[] = [];
  let nextColumn = 0;
  let column = 0;
  let type = 'n';
  let inValue = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;
  let value = '';
  let hasValue = false;
  const parser = xmlParser('the first worksheet', () => (rowNumber === 0 ? ' before the first row' : ` in row ${rowNumber}`));

  parser.on('opentag', (tag) => {
    switch (localName(tag.name)) {
      case 'row': {
        const r = tag.attributes.r;
        rowNumber = r ? Number(r) : rowNumber + 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1) throw malformed(`a row is numbered "${r}"`);
        cells = [];
        nextColumn = 0;
        return;
      }
      case 'c': {
        const ref = tag.attributes.r;
        column = ref ? columnOf(ref) : nextColumn;
        if (column < 0) throw malformed(`row ${rowNumber} has a cell named "${ref}"`);
        if (column >= options.maxColumns) {
          throw new XlsxReadError(
            'TOO_MANY_COLUMNS',
            `Row ${rowNumber} has a value in column ${ref ?? column + 1}, past column ${options.maxColumns}. ` +
              'Delete the cells beyond your data, or export the sheet as CSV (UTF-8).',
          );
        }
        type = tag.attributes.t ?? 'n';
        value = '';
        hasValue = false;
        return;
      }
      case 'v':
        inValue = true;
        hasValue = true;
        return;
      case 'is':
        inInline = true;
        hasValue = true;
        return;
      case 'rPh':
        phonetic++;
        return;
      case 't':
        inText = inInline && phonetic === 0;
        return;
      case 'dimension': {
        const last = /(\d+)$/.exec(tag.attributes.ref ?? '');
        summary.dimensionRows = last ? Number(last[1]) : null;
        return;
      }
    }
  });
  const onText = (text: string) => {
    if (!inValue && !inText) return;
    value += text;
    if (value.length > options.maxFieldChars) throw cellTooLarge(`a cell in row ${rowNumber}`, options);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    switch (localName(tag.name)) {
      case 'v':
        inValue = false;
        return;
      case 't':
        inText = false;
        return;
      case 'rPh':
        phonetic--;
        return;
      case 'is':
        inInline = false;
        return;
      case 'c': {
        nextColumn = column + 1;
        if (!hasValue) return;
        const cell = cellText(type, value, strings, rowNumber, column);
        if (cell === '') return;
        while (cells.length < column) cells.push('');
        cells[column] = cell;
        return;
      }
      case 'row':
        summary.rowsSeen++;
        if (cells.some((cell) => cell.trim() !== '')) options.onRow(cells, rowNumber);
        cells = [];
        return;
    }
  });
  // The shared strings were read before the sheet: their bytes count as consumed.
  const before = workbook.sharedStrings?.compressedSize ?? 0;
  await streamXml(workbook.path, workbook.sheet, 'the first worksheet', parser, () => options.done?.() ?? false, {
    onBytes: (n) => (summary.bytesParsed += n),
    afterRead: (consumed) => options.afterRead?.(Math.min(workbook.fileSize, before + consumed)),
  });
  return summary;
}

function cellText(type: string, raw: string, strings: (index: number) => string | undefined, rowNumber: number, column: number): string {
  switch (type) {
    case 's': {
      const text = strings(Number(raw));
      if (text === undefined) throw malformed(`the cell ${columnName(column)}${rowNumber} points at shared string ${raw}, which does not exist`);
      return text;
    }
    case 'inlineStr':
    case 'str':
      return unescapeOoxml(raw);
    case 'b':
      return raw.trim() === '1' ? 'TRUE' : raw.trim() === '0' ? 'FALSE' : raw;
    case 'n':
      return plainNumber(raw.trim());
    default:
      // 'e' (an error such as #N/A) and 'd' (an ISO date) read as written.
      return raw;
  }
}

/** A number as a person would type it: integers as plain digits (never 9.19812345678E11 or a trailing .0). */
export function plainNumber(raw: string): string {
  if (/^-?\d+$/.test(raw)) return raw;
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) return raw;
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(value);
}

/** "B12" → 1; -1 when it is not a cell reference. */
export function columnOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 || i > 3 ? -1 : column - 1;
}

function columnName(column: number): string {
  let name = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(0x41 + ((n - 1) % 26)) + name;
  return name;
}

/** Excel writes characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_x). */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

function attributeByLocalName(tag: SaxesTagPlain, name: string): string | undefined {
  const key = Object.keys(tag.attributes).find((k) => k !== name && localName(k) === name);
  return key === undefined ? undefined : tag.attributes[key];
}

function malformed(what: string): XlsxReadError {
  return new XlsxReadError('MALFORMED_XML', `The workbook is damaged: ${what}. ${RESAVE_ADVICE}`);
}

function cellTooLarge(where: string, limits: XlsxRowLimits): XlsxReadError {
  return new XlsxReadError(
    'CELL_TOO_LARGE',
    `${where[0]?.toUpperCase()}${where.slice(1)} is longer than ${limits.maxFieldChars.toLocaleString('en')} characters: ` +
      `this is not an audience list. ${RESAVE_ADVICE}`,
  );
}

type Parser = SaxesParser<{ xmlns: false; position: false }>;

/** A parser whose XML errors say where they happened, in the sheet's terms. */
function xmlParser(label: string, where: () => string): Parser {
  const parser: Parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('error', (error) => {
    throw new XlsxReadError(
      'MALFORMED_XML',
      `The workbook is damaged: the XML of ${label} is malformed${where()} (${error.message.replace(/^.*?: /, '').replace(/\.$/, '')}). ${RESAVE_ADVICE}`,
    );
  });
  return parser;
}

async function streamXml(
  path: string,
  entry: ZipEntry,
  label: string,
  parser: Parser,
  done: () => boolean,
  hooks: { onBytes?(n: number): void; afterRead?(consumed: number): Promise<void> | void } = {},
): Promise<void> {
  const decoder = new TextDecoder('utf-8');
  await inflateEntry(path, entry, {
    label,
    onData: (bytes) => {
      hooks.onBytes?.(bytes.length);
      if (!done()) parser.write(decoder.decode(bytes, { stream: true }));
    },
    afterRead: hooks.afterRead,
    done,
  });
  if (!done()) parser.write(decoder.decode()).close();
}

async function readRelationships(path: string, entry: ZipEntry, folder: string): Promise<Array<{ id: string; type: string; target: string }>> {
  const rels: Array<{ id: string; type: string; target: string }> = [];
  await parseSmallXml(path, entry, 'the relationships part', (tag) => {
    if (localName(tag.name) !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
    rels.push({ id: tag.attributes.Id ?? '', type: tag.attributes.Type ?? '', target: resolveTarget(folder, tag.attributes.Target ?? '') });
  });
  return rels;
}

async function parseSmallXml(path: string, entry: ZipEntry, label: string, onTag: (tag: SaxesTagPlain) => void): Promise<void> {
  const parser = xmlParser(label, () => '');
  parser.on('opentag', onTag);
  await streamXml(path, entry, label, parser, () => false);
}

/** A relationship target: absolute from the package root, or relative to the part's folder. */
function resolveTarget(folder: string, target: string): string {
  const parts: string[] = [];
  for (const part of (target.startsWith('/') ? target : folder + target).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

/** The whole import read: the first worksheet's rows with their shared strings. */
export async function readXlsxRows(path: string, fileSize: number, options: ReadRowsOptions): Promise<SheetSummary> {
  const workbook = await openWorkbook(path, fileSize);
  const strings = await loadSharedStrings(workbook, options, Infinity, options.afterRead);
  return readSheetRows(workbook, (index) => strings.get(index), options);
}

/**
 * The first rows for a preview, without loading every shared string: the rows are read once to
 * learn which strings they use, those strings are loaded (the table stops there), and the rows are
 * read again with them. Both reads stop after `rows` rows.
 */
export async function previewXlsxRows(
  path: string,
  fileSize: number,
  rows: number,
  limits: XlsxRowLimits,
): Promise<{ workbook: XlsxWorkbook; rows: Array<{ cells: string[]; rowNumber: number }>; summary: SheetSummary }> {
  const workbook = await openWorkbook(path, fileSize);
  const read = async (strings: (index: number) => string | undefined) => {
    const found: Array<{ cells: string[]; rowNumber: number }> = [];
    const summary = await readSheetRows(workbook, strings, {
      ...limits,
      onRow: (cells, rowNumber) => found.push({ cells, rowNumber }),
      done: () => found.length >= rows,
    });
    return { found: found.slice(0, rows), summary };
  };
  let highest = -1;
  await read((index) => {
    if (Number.isInteger(index)) highest = Math.max(highest, index);
    return '?';
  });
  const strings = await loadSharedStrings(workbook, limits, highest);
  const { found, summary } = await read((index) => strings.get(index));
  return { workbook, rows: found, summary };
}
