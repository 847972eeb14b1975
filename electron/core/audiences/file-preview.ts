import { open } from 'node:fs/promises';
import { normalizePhone } from '../../../shared/phone';
import { CsvParser, CsvSyntaxError, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_FIELD_CHARS } from '../../../shared/csv-parser';
import { detectDelimiter } from '../../../shared/csv-delimiter';
import type { ColumnMapping, FileFormat } from './import-job';
import { createDecoder, detectEncoding } from './text-encoding';
import { detectFileFormat, previewXlsxRows } from './xlsx-reader';

export interface FilePreview {
  file: FileFormat;
  rows: string[][];
  columnCount: number;
  suggestedMapping: ColumnMapping;
  /** Data rows, header excluded: exact when `rowsExact`, else estimated from the file size and the first rows' average length. */
  estimatedRows: number;
  rowsExact: boolean;
}

const SAMPLE_BYTES = 256 * 1024;
const PREVIEW_ROWS = 20;

export class FileReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileReadError';
  }
}

/** Reads the head of a file: its format (encoding and delimiter, or workbook sheet), the first rows and a suggested column mapping. */
export async function previewFile(path: string, sizeBytes: number): Promise<FilePreview> {
  if (sizeBytes === 0) throw new FileReadError('The file is empty. Choose a CSV or Excel file with a phone number column.');
  const handle = await open(path, 'r');
  let head: Uint8Array;
  try {
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, sizeBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const sample = detectFileFormat(head) === 'xlsx' ? await sampleWorkbook(path, sizeBytes) : sampleDelimited(head, sizeBytes);
  const dataRecords = sample.records.filter((cells) => cells.some((cell) => cell.trim() !== ''));
  if (dataRecords.length === 0) throw new FileReadError('The file has no rows. Choose a CSV or Excel file with a phone number column.');

  const columnCount = Math.max(...dataRecords.map((cells) => cells.length));
  const suggestedMapping = suggestMapping(dataRecords, columnCount);
  const header = suggestedMapping.hasHeader ? 1 : 0;
  return {
    file: sample.file,
    rows: dataRecords.slice(0, PREVIEW_ROWS + 1),
    columnCount,
    suggestedMapping,
    estimatedRows: Math.max(0, (sample.complete ? sample.recordsWithData : sample.estimatedRows) - header),
    rowsExact: sample.complete,
  };
}

interface Sample {
  file: FileFormat;
  records: string[][];
  /** The whole file was read. */
  complete: boolean;
  /** Records holding a value among all those read (not only the preview's): the exact count when complete. */
  recordsWithData: number;
  /** Records in the file, from its size and the sample's average record length. */
  estimatedRows: number;
}

function sampleDelimited(head: Uint8Array, sizeBytes: number): Sample {
  const { encoding } = detectEncoding(head);
  const text = createDecoder(encoding).decode(head, { stream: true });
  const delimiter = detectDelimiter(text);

  const records: string[][] = [];
  let recordsInSample = 0;
  let recordsWithData = 0;
  const take = (cells: string[]) => {
    recordsInSample++;
    if (cells.some((cell) => cell.trim() !== '')) recordsWithData++;
    if (records.length <= PREVIEW_ROWS) records.push(cells);
  };
  const parser = new CsvParser({ delimiter, maxFieldChars: DEFAULT_MAX_FIELD_CHARS });
  try {
    parser.push(text, take);
    if (head.length === sizeBytes) parser.end(take);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new FileReadError(error.message);
    throw error;
  }
  // The records parsed so far (the sample ends mid-record) give the average length.
  const bytesPerRecord = head.length / Math.max(1, recordsInSample);
  return {
    file: { format: 'delimited', encoding, delimiter },
    records,
    complete: head.length === sizeBytes,
    recordsWithData,
    estimatedRows: Math.round(sizeBytes / bytesPerRecord),
  };
}

/** The first worksheet's first rows (the reader skips empty rows, so the header comes first). */
async function sampleWorkbook(path: string, sizeBytes: number): Promise<Sample> {
  const wanted = PREVIEW_ROWS + 1;
  const { workbook, rows, summary } = await previewXlsxRows(path, sizeBytes, wanted, {
    maxColumns: DEFAULT_MAX_COLUMNS,
    maxFieldChars: DEFAULT_MAX_FIELD_CHARS,
  });
  const last = rows.at(-1)?.rowNumber ?? 0;
  const bytesPerRow = summary.bytesParsed / Math.max(1, summary.rowsSeen);
  return {
    file: { format: 'xlsx', sheetName: workbook.sheetName },
    records: rows.map((row) => row.cells),
    complete: rows.length < wanted,
    recordsWithData: rows.length,
    estimatedRows: summary.dimensionRows !== null && summary.dimensionRows >= last ? summary.dimensionRows : Math.round(workbook.sheet.size / bytesPerRow),
  };
}

const PHONE_HEADER = /phone|mobile|msisdn|number|cell|tel|whatsapp|^to$|contact/i;
const NAME_HEADER = /^(first[ _-]?name|name|full[ _-]?name|customer[ _-]?name|given[ _-]?name)$/i;
const LANGUAGE_HEADER = /^(lang|language|locale|preferred[ _-]?language)$/i;
const ZONE_HEADER = /^(time[ _-]?zone|tz|zone|iana[ _-]?zone)$/i;
const COUNTRY_HEADER =
  /^(country|country[ _-]?(code|iso|name)?|countrycode|iso|iso[ _-]?2|iso[ _-]?country|cc|nation|nationality|dial(ling|ing)?[ _-]?code|calling[ _-]?code)$/i;

export function suggestMapping(records: readonly string[][], columnCount: number): ColumnMapping {
  const first = records[0] ?? [];
  const looksLikePhone = (value: string | undefined) => value !== undefined && /\d{6,}/.test(value.replace(/\D/g, '')) && normalizePhone(value).ok;
  const hasHeader = !first.some(looksLikePhone) && records.length > 1;
  const header = hasHeader ? first.map((cell) => cell.trim()) : [];
  const data = hasHeader ? records.slice(1) : records;
  const byHeader = (pattern: RegExp) => {
    const index = header.findIndex((cell) => pattern.test(cell));
    return index === -1 ? null : index;
  };

  let phone = byHeader(PHONE_HEADER);
  if (phone === null) {
    // No telling header: the column with the most digits-heavy cells.
    let bestScore = -1;
    for (let column = 0; column < columnCount; column++) {
      const score = data.filter((cells) => /^[+\d\s().-]{6,}$/.test(cells[column]?.trim() ?? '')).length;
      if (score > bestScore) {
        bestScore = score;
        phone = column;
      }
    }
  }
  const phoneColumn = phone ?? 0;
  const pick = (pattern: RegExp) => {
    const index = byHeader(pattern);
    return index === phoneColumn ? null : index;
  };
  const name = pick(NAME_HEADER);
  const language = pick(LANGUAGE_HEADER);
  const zone = pick(ZONE_HEADER);
  const country = pick(COUNTRY_HEADER);
  const used = new Set([phoneColumn, name, language, zone, country]);
  const customFields: Array<{ column: number; field: string }> = [];
  const taken = new Set<string>();
  for (let column = 0; column < columnCount && customFields.length < 50; column++) {
    if (used.has(column)) continue;
    const base = fieldName(header[column] ?? '') ?? `column_${column + 1}`;
    let field = base;
    for (let n = 2; taken.has(field); n++) field = `${base.slice(0, 36)}_${n}`;
    taken.add(field);
    customFields.push({ column, field });
  }
  return { hasHeader, phone: phoneColumn, name, language, zone, country, customFields };
}

/** A header as a personalisation field name: "First Name" → "first_name". */
export function fieldName(header: string): string | null {
  const slug = header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 40);
  return slug === '' ? null : slug;
}
