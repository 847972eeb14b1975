/**
 * Entry of the import's worker threads. Normalising a phone number costs tens of microseconds and
 * writing a million rows takes seconds of SQLite work, so neither happens on the core's thread:
 * one reader (read, decode, parse; or unzip and parse a workbook's first sheet) hands chunks
 * round-robin to the normalisers; the normalisers pass them to one writer, which puts them back in
 * file order, decides duplicates and writes them through its own connection. The core only starts,
 * relays and finishes.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openDatabase } from '../store/database';
import { AudiencesRepository } from '../store/audiences-repository';
import { isoAt } from '../time';
import { CsvSyntaxError } from '../../../shared/csv-parser';
import type {
  CoreToReader,
  CoreToWriter,
  NormalizerJob,
  NormalizerToWriter,
  ReaderJob,
  ReaderToCore,
  ReaderToNormalizer,
  WorkerJob,
  WriterJob,
  WriterToCore,
} from './import-job';
import { ImportTally } from './import-tally';
import { readRecords } from './record-reader';
import { emptyChunk, normalizeRow } from './row-normalizer';
import { XlsxReadError } from './xlsx-error';

const port = parentPort;
if (!port) throw new Error('import-worker runs as a worker thread');
const data = workerData as { job: WorkerJob; ports: MessagePort[] };

switch (data.job.role) {
  case 'reader':
    void runReader(data.job, data.ports);
    break;
  case 'normalizer':
    runNormalizer(data.job, data.ports);
    break;
  case 'writer':
    runWriter(data.job, data.ports);
    break;
}

async function runReader(job: ReaderJob, normalizers: MessagePort[]): Promise<void> {
  const post = (message: ReaderToCore) => port?.postMessage(message);
  let sent = 0;
  let written = 0;
  let wake: (() => void) | null = null;
  port?.on('message', (message: CoreToReader) => {
    if (message.type === 'written') {
      written++;
      wake?.();
      wake = null;
    }
  });
  try {
    const result = await readRecords(job, async (chunk) => {
      normalizers[chunk.seq % normalizers.length]?.postMessage({ type: 'chunk', chunk } satisfies ReaderToNormalizer);
      sent++;
      while (sent - written >= job.maxInFlight) await new Promise<void>((resolve) => (wake = resolve));
    });
    post({ type: 'read-done', ...result });
  } catch (error) {
    if (error instanceof CsvSyntaxError || error instanceof XlsxReadError) post({ type: 'failed', code: error.code, message: error.message });
    else post({ type: 'failed', code: 'READ_FAILED', message: `The file could not be read: ${error instanceof Error ? error.message : String(error)}` });
  }
}

/** ports: [from the reader, to the writer] */
function runNormalizer(job: NormalizerJob, [input, writer]: MessagePort[]): void {
  input?.on('message', ({ chunk }: ReaderToNormalizer) => {
    const out = emptyChunk();
    for (let i = 0; i < chunk.rowNumbers.length; i++) {
      normalizeRow(out, chunk.cells, i * job.width, job.mapping, job.defaultCountry, chunk.rowNumbers[i] ?? 0);
    }
    writer?.postMessage({ type: 'normalized', seq: chunk.seq, chunk: out, progress: chunk.progress } satisfies NormalizerToWriter);
  });
}

/** The longest the writer leaves the store's write lock free between two chunks. */
const MAX_LOCK_REST_MS = 25;

/** ports: one from each normaliser. */
function runWriter(job: WriterJob, normalizers: MessagePort[]): void {
  const post = (message: WriterToCore) => port?.postMessage(message);
  const db = openDatabase(job.databasePath);
  const audiences = new AudiencesRepository(db);
  const tally = new ImportTally(new Set(job.suppressed));
  const pending = new Map<number, NormalizerToWriter>();
  let nextSeq = 0;
  let totalChunks: number | null = null;
  let failed = false;

  // One chunk per turn, then the write lock is left free for about as long as it was held: the
  // core's own writes (statuses, the outbox) wait for it by polling inside SQLite, on the thread
  // that answers the screens, and a writer committing back to back would starve them for seconds.
  let resting: NodeJS.Timeout | null = null;
  const drain = () => {
    if (resting !== null || failed) return;
    const next = pending.get(nextSeq);
    if (next !== undefined) {
      pending.delete(nextSeq);
      const { keep, issues } = tally.take(next.chunk);
      const started = performance.now();
      try {
        audiences.appendColumns(job.audienceId, next.chunk.recipients, keep, issues, tally.counts, isoAt(Date.now()));
      } catch (error) {
        failed = true;
        post({
          type: 'failed',
          message:
            `The audience could not be saved to the local store (${error instanceof Error ? error.message : String(error)}). ` +
            'Check free disk space and try again.',
        });
        return;
      }
      const heldMs = performance.now() - started;
      post({ type: 'written', seq: nextSeq, counts: { ...tally.counts }, progress: next.progress });
      nextSeq++;
      resting = setTimeout(
        () => {
          resting = null;
          drain();
        },
        Math.min(MAX_LOCK_REST_MS, heldMs),
      );
      return;
    }
    if (totalChunks !== null && nextSeq >= totalChunks) {
      db.close();
      post({ type: 'done', report: tally.report() });
    }
  };
  for (const input of normalizers) {
    input.on('message', (message: NormalizerToWriter) => {
      pending.set(message.seq, message);
      drain();
    });
  }
  port?.on('message', (message: CoreToWriter) => {
    totalChunks = message.chunks;
    drain();
  });
}
