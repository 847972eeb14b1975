import type { AudienceCounts, AudienceIssue, AudienceReport, RecipientColumns } from '../store/audiences-repository';
import type { Delimiter } from '../../../shared/csv-delimiter';
import type { TextEncodingName } from './text-encoding';

/** Which column (0-based) holds what; null when the file has no such column. */
export interface ColumnMapping {
  hasHeader: boolean;
  phone: number;
  name: number | null;
  language: number | null;
  zone: number | null;
  /** A per-row country (ISO code, English name or dialling code) for numbers written without +code. */
  country: number | null;
  customFields: ReadonlyArray<{ column: number; field: string }>;
}

/** How to read the file: delimited text in an encoding, or an Excel workbook's first sheet. */
export type FileFormat = { format: 'delimited'; encoding: TextEncodingName; delimiter: Delimiter } | { format: 'xlsx'; sheetName: string };

export interface ImportProgress {
  rowsRead: number;
  bytesRead: number;
  totalBytes: number;
}

/**
 * Rows travel from the reader to a normaliser in chunks: only the mapped columns, flattened
 * (`cells[i * width + k]`), so a chunk is cheap to copy between threads.
 */
export interface RecordChunk {
  seq: number;
  rowNumbers: number[];
  cells: string[];
  progress: ImportProgress;
}

/** The reader's job: read, decode and parse the file, hand chunks to the normalisers in turn. */
export interface ReaderJob {
  role: 'reader';
  path: string;
  file: FileFormat;
  hasHeader: boolean;
  /** Source columns to keep, in the order the normalisers expect them. */
  columns: number[];
  chunkRows: number;
  maxFieldChars: number;
  maxColumns: number;
  /** Chunks not yet written that the reader may have out before it waits. */
  maxInFlight: number;
}

/** A normaliser's job: its mapping is over the chunk's kept columns, not the file's. */
export interface NormalizerJob {
  role: 'normalizer';
  mapping: ColumnMapping;
  width: number;
  defaultCountry: string | null;
}

/** The writer's job: put chunks back in file order, decide duplicates, write them to the store. */
export interface WriterJob {
  role: 'writer';
  databasePath: string;
  audienceId: string;
  /** E.164 numbers on the profile's suppression list. */
  suppressed: string[];
}

export type WorkerJob = ReaderJob | NormalizerJob | WriterJob;

/**
 * A normalised chunk: its recipients as columns (arrays of strings copy between threads ten times
 * faster than arrays of objects), each with the phone as written and any zone issue, plus the
 * invalid rows.
 */
export interface NormalizedChunk {
  recipients: RecipientColumns;
  raw: string[];
  zoneIssue: Array<{ kind: 'zone_unknown' | 'zone_ambiguous'; message: string } | null>;
  invalid: AudienceIssue[];
}

export type ReaderToCore = { type: 'read-done'; chunks: number; progress: ImportProgress } | { type: 'failed'; code: string; message: string };

/** Normaliser → writer over their own channel. */
export type NormalizerToWriter = { type: 'normalized'; seq: number; chunk: NormalizedChunk; progress: ImportProgress };

export type WriterToCore =
  | { type: 'written'; seq: number; counts: AudienceCounts; progress: ImportProgress }
  | { type: 'done'; report: AudienceReport }
  | { type: 'failed'; message: string };

/** The core tells the writer how many chunks the file made, once the reader knows. */
export type CoreToWriter = { type: 'total'; chunks: number };

/** The core relays each written chunk to the reader, so it never runs far ahead of the store. */
export type CoreToReader = { type: 'written'; seq: number };

/** Reader → normaliser over their own channel. */
export type ReaderToNormalizer = { type: 'chunk'; chunk: RecordChunk };

/**
 * The file's columns the import needs, and the mapping rewritten over that narrower row: the
 * reader copies only these across threads.
 */
export function narrowMapping(mapping: ColumnMapping): { columns: number[]; narrowed: ColumnMapping } {
  const columns: number[] = [];
  const keep = (column: number) => {
    const existing = columns.indexOf(column);
    if (existing !== -1) return existing;
    columns.push(column);
    return columns.length - 1;
  };
  const keepNullable = (column: number | null) => (column === null ? null : keep(column));
  const narrowed: ColumnMapping = {
    hasHeader: mapping.hasHeader,
    phone: keep(mapping.phone),
    name: keepNullable(mapping.name),
    language: keepNullable(mapping.language),
    zone: keepNullable(mapping.zone),
    country: keepNullable(mapping.country),
    customFields: mapping.customFields.map(({ column, field }) => ({ column: keep(column), field })),
  };
  return { columns, narrowed };
}
