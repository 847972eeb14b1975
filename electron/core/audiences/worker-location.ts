import { fileURLToPath } from 'node:url';

export interface WorkerLocation {
  /** A file path, or with `eval` the source of a bootstrap script. */
  file: string;
  eval: boolean;
}

/** The worker bundle's name beside the running bundle (build/scripts/build.mjs builds it). */
export const IMPORT_WORKER_BUNDLE = 'audience-import-worker';

/**
 * Where the import worker's entry file is. From source (tsx, vitest) it is the .ts file beside
 * this one, loaded through tsx (a dev dependency); from a bundle (dist/browser-host/*.mjs, dist/electron/*.cjs) it is
 * the worker bundle in the same folder, in the same module format.
 */
export function importWorkerLocation(): WorkerLocation {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Loader flags do not reach worker threads, so the worker loads its TypeScript through tsx's API.
    const entry = new URL('./import-worker.ts', here).href;
    return { file: `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(here)}));`, eval: true };
  }
  const extension = here.endsWith('.cjs') ? 'cjs' : 'mjs';
  return { file: fileURLToPath(new URL(`./${IMPORT_WORKER_BUNDLE}.${extension}`, here)), eval: false };
}
