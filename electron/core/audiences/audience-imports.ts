import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { ColumnMappingInput } from '../../../shared/calls/audiences';
import type { DeskEvent } from '../../../shared/contract';
import { DeskError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { AudiencesRepository } from '../store/audiences-repository';
import type { SuppressionsRepository } from '../store/suppressions-repository';
import { isoAt, type Clock } from '../time';
import { DEFAULT_MAX_COLUMNS, DEFAULT_MAX_FIELD_CHARS } from '../../../shared/csv-parser';
import { deleteAudience } from './delete-audience';
import { FileReadError, previewFile, type FilePreview } from './file-preview';
import {
  narrowMapping,
  type CoreToReader,
  type CoreToWriter,
  type ImportProgress,
  type NormalizerJob,
  type ReaderJob,
  type ReaderToCore,
  type WriterJob,
  type WriterToCore,
} from './import-job';
import { NotTextError } from './text-encoding';
import type { Upload, UploadStore } from './upload-store';
import { importWorkerLocation } from './worker-location';
import { XlsxReadError } from './xlsx-error';
import { assertNever } from '../../../shared/assert-never';

/** Rows per chunk: normalised together, written in one transaction by the writer thread. */
const CHUNK_ROWS = 2000;
const CHUNKS_IN_FLIGHT_PER_NORMALIZER = 3;
const MAX_NORMALIZERS = 4;
const WRITER_HEAP_MB = 512;
const STAGE_HEAP_MB = 128;
/** A workbook's reader also holds its shared strings (a million rows of distinct names and e-mails: ~80 MB). */
const XLSX_READER_HEAP_MB = 384;
/** Progress events leave at least this often while an import runs. */
export const PROGRESS_INTERVAL_MS = 100;

export const INTERRUPTED_REASON = 'Campaign Desk stopped before this import finished. Import the file again.';

interface RunningImport {
  profileId: string;
  audienceId: string;
  uploadId: string;
  reader: Worker;
  normalizers: Worker[];
  writer: Worker;
  progress: ImportProgress;
  validRows: number;
  timer: NodeJS.Timeout;
  settled: boolean;
}

export interface AudienceImportsDeps {
  /** The store's file: the writer thread opens its own connection to it. */
  databasePath: string;
  audiences: AudiencesRepository;
  suppressions: SuppressionsRepository;
  uploads: UploadStore;
  clock: Clock;
  log: Logger;
  emit(event: DeskEvent): void;
}

/**
 * Imports run in worker threads (read and parse, normalise, write: see import-worker.ts); this
 * side starts them, relays progress and settles the audience. It stays `importing` until the last
 * chunk is written; a failure keeps it as `failed` with the reason and no partial rows; a cancel
 * deletes it.
 */
export class AudienceImports {
  private readonly running = new Map<string, RunningImport>();
  private readonly previews = new Map<string, FilePreview>();
  private closed = false;

  constructor(private readonly deps: AudienceImportsDeps) {}

  /** Imports a previous run left half-done cannot resume: mark them failed, without their rows. */
  failInterrupted(): void {
    for (const { id } of this.deps.audiences.interruptedImports()) {
      this.deps.audiences.fail(id, INTERRUPTED_REASON, this.now());
      this.deps.log.warn('import interrupted by a previous stop', { audienceId: id });
    }
  }

  async preview(uploadId: string): Promise<FilePreview & { upload: Upload }> {
    const upload = this.deps.uploads.get(uploadId);
    try {
      const preview = await previewFile(upload.path, upload.sizeBytes);
      this.previews.set(uploadId, preview);
      return { ...preview, upload };
    } catch (error) {
      if (error instanceof FileReadError || error instanceof NotTextError || error instanceof XlsxReadError)
        throw new DeskError('FILE_UNREADABLE', error.message, { field: 'file' });
      throw error;
    }
  }

  async start(profileId: string, input: { uploadId: string; name: string; mapping: ColumnMappingInput; defaultCountry: string | null }): Promise<string> {
    const upload = this.deps.uploads.get(input.uploadId);
    const preview = this.previews.get(input.uploadId) ?? (await this.preview(input.uploadId));
    checkMapping(input.mapping, preview.columnCount);

    const audienceId = randomUUID();
    this.deps.audiences.create(
      {
        id: audienceId,
        profileId,
        name: input.name,
        sourceName: upload.fileName,
        customFields: input.mapping.customFields.map((field) => field.field),
        defaultCountry: input.defaultCountry,
      },
      this.now(),
    );
    const { columns, narrowed } = narrowMapping(input.mapping);
    const location = importWorkerLocation();
    // Heap caps keep a million-row import's memory bounded: V8 otherwise lets each thread's heap grow
    // long before collecting. The writer holds every number seen (for duplicates), the others a few chunks.
    const spawn = (job: ReaderJob | NormalizerJob | WriterJob, ports: MessagePort[]) =>
      new Worker(location.file, {
        eval: location.eval,
        workerData: { job, ports },
        transferList: ports,
        resourceLimits: { maxOldGenerationSizeMb: heapLimitMb(job) },
      });
    const count = normalizerCount();
    const toNormalizers = Array.from({ length: count }, () => new MessageChannel());
    const toWriter = Array.from({ length: count }, () => new MessageChannel());
    const writer = spawn(
      { role: 'writer', databasePath: this.deps.databasePath, audienceId, suppressed: this.deps.suppressions.numbers(profileId) },
      toWriter.map((channel) => channel.port2),
    );
    const normalizers = toNormalizers.map((channel, i) => {
      const ports = [channel.port2, toWriter[i]?.port1].filter((p): p is MessagePort => p !== undefined);
      return spawn({ role: 'normalizer', mapping: narrowed, width: columns.length, defaultCountry: input.defaultCountry }, ports);
    });
    const reader = spawn(
      {
        role: 'reader',
        path: upload.path,
        file: preview.file,
        hasHeader: input.mapping.hasHeader,
        columns,
        chunkRows: CHUNK_ROWS,
        maxFieldChars: DEFAULT_MAX_FIELD_CHARS,
        maxColumns: DEFAULT_MAX_COLUMNS,
        maxInFlight: count * CHUNKS_IN_FLIGHT_PER_NORMALIZER,
      },
      toNormalizers.map((channel) => channel.port1),
    );
    const run: RunningImport = {
      profileId,
      audienceId,
      uploadId: input.uploadId,
      reader,
      normalizers,
      writer,
      progress: { rowsRead: 0, bytesRead: 0, totalBytes: upload.sizeBytes },
      validRows: 0,
      timer: setInterval(() => this.emitProgress(run), PROGRESS_INTERVAL_MS),
      settled: false,
    };
    this.running.set(audienceId, run);
    reader.on('message', (message: ReaderToCore) => this.onWorkerMessage(run, message));
    writer.on('message', (message: WriterToCore) => this.onWorkerMessage(run, message));
    for (const worker of [reader, writer, ...normalizers]) {
      worker.on('error', (error) => this.settleFailed(run, `The import stopped unexpectedly: ${error.message}`));
      worker.on('exit', (code) => {
        if (!run.settled) this.settleFailed(run, `The import stopped unexpectedly (worker exit ${code}). Try again.`);
      });
    }
    this.deps.emit({ name: 'audiences.changed', payload: { profileId, audienceId } });
    return audienceId;
  }

  /** Stops an import and deletes its audience; false when it already finished. */
  async cancel(profileId: string, audienceId: string): Promise<boolean> {
    const run = this.running.get(audienceId);
    if (!run || run.profileId !== profileId || run.settled) return false;
    this.settle(run);
    await stopWorkers(run);
    await deleteAudience(this.deps.audiences, profileId, audienceId, () => this.now());
    this.deps.emit({ name: 'audiences.changed', payload: { profileId, audienceId } });
    return true;
  }

  isRunning(audienceId: string): boolean {
    return this.running.has(audienceId);
  }

  /** On shutdown: stop every worker; their audiences stay `importing` and fail on the next start. */
  close(): void {
    this.closed = true;
    for (const run of this.running.values()) {
      this.settle(run);
      void stopWorkers(run);
    }
  }

  /** What the import's two threads report: the reader has read it all, the writer wrote a chunk or finished, either failed. */
  private onWorkerMessage(run: RunningImport, message: ReaderToCore | WriterToCore): void {
    if (run.settled || this.closed) return;
    switch (message.type) {
      case 'read-done':
        run.writer.postMessage({ type: 'total', chunks: message.chunks } satisfies CoreToWriter);
        return;
      case 'written':
        run.progress = message.progress;
        run.validRows = message.counts.validRows;
        run.reader.postMessage({ type: 'written', seq: message.seq } satisfies CoreToReader);
        return;
      case 'done':
        this.settle(run);
        void stopWorkers(run);
        this.deps.audiences.finish(run.audienceId, message.report, this.now());
        run.progress = { ...run.progress, bytesRead: run.progress.totalBytes };
        this.emitProgress(run);
        void this.deps.uploads.release(run.uploadId);
        this.previews.delete(run.uploadId);
        this.deps.emit({ name: 'audiences.changed', payload: { profileId: run.profileId, audienceId: run.audienceId } });
        return;
      case 'failed':
        this.settleFailed(run, message.message);
        return;
      default:
        return assertNever(message);
    }
  }

  private settleFailed(run: RunningImport, reason: string): void {
    if (run.settled || this.closed) return;
    this.settle(run);
    // The writer must be gone (its transaction rolled back, its lock released) before the cleanup.
    void stopWorkers(run).then(() => {
      if (this.closed) return;
      this.deps.audiences.fail(run.audienceId, reason, this.now());
      this.deps.emit({ name: 'audiences.changed', payload: { profileId: run.profileId, audienceId: run.audienceId } });
    });
  }

  private settle(run: RunningImport): void {
    run.settled = true;
    clearInterval(run.timer);
    this.running.delete(run.audienceId);
  }

  private emitProgress(run: RunningImport): void {
    const { rowsRead, bytesRead, totalBytes } = run.progress;
    this.deps.emit({
      name: 'audiences.importProgress',
      payload: {
        profileId: run.profileId,
        audienceId: run.audienceId,
        rowsRead,
        bytesRead,
        totalBytes,
        percent: totalBytes === 0 ? 100 : Math.min(100, Math.round((bytesRead / totalBytes) * 1000) / 10),
        validRows: run.validRows,
      },
    });
  }

  private now(): string {
    return isoAt(this.deps.clock());
  }
}

function checkMapping(mapping: ColumnMappingInput, columnCount: number): void {
  const columns: Array<[string, number | null]> = [
    ['mapping.phone', mapping.phone],
    ['mapping.name', mapping.name],
    ['mapping.language', mapping.language],
    ['mapping.zone', mapping.zone],
    ['mapping.country', mapping.country],
    ...mapping.customFields.map((field, i): [string, number] => [`mapping.customFields.${i}`, field.column]),
  ];
  for (const [field, column] of columns) {
    if (column !== null && column >= columnCount) {
      throw new DeskError('VALIDATION_FAILED', `Column ${column + 1} does not exist: the file has ${columnCount} columns.`, { field });
    }
  }
  const names = new Set<string>();
  for (const [i, { field }] of mapping.customFields.entries()) {
    if (names.has(field))
      throw new DeskError('VALIDATION_FAILED', `Two columns are named "${field}": give each field its own name.`, { field: `mapping.customFields.${i}.field` });
    names.add(field);
  }
}

function heapLimitMb(job: ReaderJob | NormalizerJob | WriterJob): number {
  if (job.role === 'writer') return WRITER_HEAP_MB;
  return job.role === 'reader' && job.file.format === 'xlsx' ? XLSX_READER_HEAP_MB : STAGE_HEAP_MB;
}

/** Normalising is the costly step: one thread per core, at least one, at most four. */
function normalizerCount(): number {
  return Math.max(1, Math.min(MAX_NORMALIZERS, availableParallelism()));
}

async function stopWorkers(run: RunningImport): Promise<void> {
  await Promise.all([run.reader, run.writer, ...run.normalizers].map((worker) => worker.terminate()));
}
