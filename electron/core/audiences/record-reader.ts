import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { CsvParser } from './csv-parser';
import type { ImportProgress, ReaderJob, RecordChunk } from './import-job';
import { isBlankRecord } from './row-normalizer';
import { createDecoder } from './text-encoding';

const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Streams the file through decoder → CSV parser and hands over chunks of rows (the kept columns
 * only, with their row numbers as a spreadsheet counts them: the header is row 1). Awaits `send`,
 * so a slow consumer slows the reader instead of filling memory.
 */
export async function readRecords(job: ReaderJob, send: (chunk: RecordChunk) => Promise<void>): Promise<{ chunks: number; progress: ImportProgress }> {
  const progress: ImportProgress = { rowsRead: 0, bytesRead: 0, totalBytes: (await stat(job.path)).size };
  const parser = new CsvParser({ delimiter: job.delimiter, maxFieldChars: job.maxFieldChars });
  const decoder = createDecoder(job.encoding);
  const width = job.columns.length;
  let recordNumber = 0;
  let seq = 0;
  let rowNumbers: number[] = [];
  let cells: string[] = [];

  const onRecord = (record: string[]) => {
    recordNumber++;
    if (recordNumber === 1 && job.hasHeader) return;
    if (isBlankRecord(record)) return;
    progress.rowsRead++;
    rowNumbers.push(recordNumber);
    for (let k = 0; k < width; k++) cells.push(record[job.columns[k] ?? 0] ?? '');
  };
  const flush = async () => {
    if (rowNumbers.length === 0) return;
    const chunk: RecordChunk = { seq: seq++, rowNumbers, cells, progress: { ...progress } };
    rowNumbers = [];
    cells = [];
    await send(chunk);
  };

  for await (const bytes of createReadStream(job.path, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    progress.bytesRead += bytes.length;
    const text = decoder.decode(bytes, { stream: true });
    // Push in slices so a chunk never grows far past its row count.
    parser.push(text, onRecord);
    while (rowNumbers.length >= job.chunkRows) {
      const restRows = rowNumbers.splice(job.chunkRows);
      const restCells = cells.splice(job.chunkRows * width);
      await flush();
      rowNumbers = restRows;
      cells = restCells;
    }
  }
  parser.push(decoder.decode(), onRecord);
  parser.end(onRecord);
  while (rowNumbers.length > 0) {
    const restRows = rowNumbers.splice(job.chunkRows);
    const restCells = cells.splice(job.chunkRows * width);
    await flush();
    rowNumbers = restRows;
    cells = restCells;
  }
  return { chunks: seq, progress: { ...progress } };
}
