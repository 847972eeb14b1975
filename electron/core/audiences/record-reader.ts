import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvParser } from '../../../shared/csv-parser';
import type { FileFormat, ImportProgress, ReaderJob, RecordChunk } from './import-job';
import { isBlankRecord } from './row-normalizer';
import { createDecoder } from './text-encoding';
import { readXlsxRows } from './xlsx-reader';

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Streams the file through its reader (decoder → CSV parser, or the workbook's first sheet) and
 * hands over chunks of rows (the kept columns only, with their row numbers as a spreadsheet counts
 * them: the header is row 1). Awaits `send`, so a slow consumer slows the reader instead of
 * filling memory.
 */
export async function readRecords(job: ReaderJob, send: (chunk: RecordChunk) => Promise<void>): Promise<{ chunks: number; progress: ImportProgress }> {
  const progress: ImportProgress = { rowsRead: 0, bytesRead: 0, totalBytes: (await stat(job.path)).size };
  const width = job.columns.length;
  let records = 0;
  let seq = 0;
  let rowNumbers: number[] = [];
  let cells: string[] = [];

  /** A record and the row number a spreadsheet shows for it; the first record is the header. */
  const onRecord = (record: string[], rowNumber: number) => {
    records++;
    if (records === 1 && job.hasHeader) return;
    if (isBlankRecord(record)) return;
    progress.rowsRead++;
    rowNumbers.push(rowNumber);
    for (let k = 0; k < width; k++) cells.push(record[job.columns[k] ?? 0] ?? '');
  };
  /** Sends full chunks (all chunks at the end), so a chunk never grows far past its row count. */
  const flush = async ({ all }: { all: boolean }) => {
    while (rowNumbers.length >= job.chunkRows || (all && rowNumbers.length > 0)) {
      const restRows = rowNumbers.splice(job.chunkRows);
      const restCells = cells.splice(job.chunkRows * width);
      const chunk: RecordChunk = { seq: seq++, rowNumbers, cells, progress: { ...progress } };
      rowNumbers = restRows;
      cells = restCells;
      await send(chunk);
    }
  };

  if (job.file.format === 'xlsx') {
    await readXlsxRows(job.path, progress.totalBytes, {
      maxColumns: job.maxColumns,
      maxFieldChars: job.maxFieldChars,
      onRow: onRecord,
      afterRead: async (bytesRead) => {
        progress.bytesRead = bytesRead;
        await flush({ all: false });
      },
    });
  } else {
    await readDelimited(
      job,
      job.file,
      progress,
      (record) => onRecord(record, records + 1),
      () => flush({ all: false }),
    );
  }
  await flush({ all: true });
  return { chunks: seq, progress: { ...progress } };
}

async function readDelimited(
  job: ReaderJob,
  file: Extract<FileFormat, { format: 'delimited' }>,
  progress: ImportProgress,
  onRecord: (record: string[]) => void,
  afterRead: () => Promise<void>,
): Promise<void> {
  const parser = new CsvParser({ delimiter: file.delimiter, maxFieldChars: job.maxFieldChars, maxColumns: job.maxColumns });
  const decoder = createDecoder(file.encoding);
  for await (const bytes of createReadStream(job.path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    progress.bytesRead += bytes.length;
    parser.push(decoder.decode(bytes, { stream: true }), onRecord);
    await afterRead();
  }
  parser.push(decoder.decode(), onRecord);
  parser.end(onRecord);
}
