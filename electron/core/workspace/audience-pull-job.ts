import { fileURLToPath } from 'node:url';
import type { WorkerLocation } from '../audiences/worker-location';
import type { WorkspaceAddress } from './workspace-address';

/** What the download thread needs: who it connects as, which audience, and the store's file it writes to. */
export interface AudiencePullJob {
  address: WorkspaceAddress;
  user: string;
  password: string;
  databasePath: string;
  workspaceAudienceId: string;
  localAudienceId: string;
  customFields: string[];
  chunkRows: number;
}

export type CoreToPuller = { type: 'cancel' };
export type PullerToCore =
  | { type: 'progress'; rowsDone: number }
  | { type: 'done'; rowsDone: number; cancelled: boolean }
  /** `code`: the server's SQLSTATE or the socket's errno, so the core can say what happened in words. */
  | { type: 'failed'; message: string; code: string | null };

/** The worker bundle's name beside the running bundle (build/scripts/build.mjs builds it). */
export const PULL_WORKER_BUNDLE = 'audience-pull-worker';

/** Where the download thread's entry is: the .ts beside this file from source (through tsx), else the bundle beside the running one. */
export function audiencePullWorkerLocation(): WorkerLocation {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const entry = new URL('./audience-pull-worker.ts', here).href;
    return { file: `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`, eval: true };
  }
  const extension = here.endsWith('.cjs') ? 'cjs' : 'mjs';
  return { file: fileURLToPath(new URL(`./${PULL_WORKER_BUNDLE}.${extension}`, here)), eval: false };
}
