/**
 * Entry of a team audience's download thread. Reading a million rows off the network, decoding
 * them and writing them into SQLite takes seconds of work, so none of it happens on the core's
 * thread: this thread opens its own workspace connection (as the same person) and its own store
 * connection, pulls the rows with COPY in chunks (the next chunk on its way while this one is
 * written), and reports rows done after each chunk. The core creates and finishes the audience.
 */
import { parentPort, workerData } from 'node:worker_threads';
import pg from 'pg';
import { openDatabase } from '../store/database';
import { AudiencesRepository } from '../store/audiences-repository';
import type { AudiencePullJob, CoreToPuller, PullerToCore } from './audience-pull-job';
import { tlsOptionsFor } from './workspace-address';
import { copyRowsOut } from './workspace-audience-rows';

/** Rows per SQLite transaction: the network reads the next chunk between them. */
const WRITE_SLICE = 10_000;
const CONNECT_TIMEOUT_MS = 15_000;

const port = parentPort;
if (!port) throw new Error('audience-pull-worker runs as a worker thread');
const job = workerData as AudiencePullJob;
const post = (message: PullerToCore) => port.postMessage(message);
let cancelled = false;
port.on('message', (message: CoreToPuller) => {
  if (message.type === 'cancel') cancelled = true;
});

void pull().finally(() => port.close());

async function pull(): Promise<void> {
  const db = openDatabase(job.databasePath);
  const audiences = new AudiencesRepository(db);
  const client = new pg.Client({
    host: job.address.host,
    port: job.address.port,
    database: job.address.database,
    user: job.user,
    password: job.password,
    ssl: tlsOptionsFor(job.address),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'Campaign Desk',
  });
  // A cut connection also fails the query in flight, which is where it is reported.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const audience = { id: job.workspaceAudienceId, customFields: job.customFields };
    let done = 0;
    let next = copyRowsOut(client, audience, 0, job.chunkRows);
    for (;;) {
      const rows = await next;
      const last = rows.at(-1);
      if (!last || cancelled) break;
      next = copyRowsOut(client, audience, last.rowNumber, job.chunkRows);
      // A rejected prefetch is seen when awaited; until then it must not count as unhandled.
      next.catch(() => undefined);
      for (let start = 0; start < rows.length; start += WRITE_SLICE) {
        audiences.appendSharedRows(job.localAudienceId, rows.slice(start, start + WRITE_SLICE));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      done += rows.length;
      post({ type: 'progress', rowsDone: done });
    }
    post({ type: 'done', rowsDone: done, cancelled });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error), code: typeof code === 'string' ? code : null });
  } finally {
    await client.end().catch(() => undefined);
    db.close();
  }
}
