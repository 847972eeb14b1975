// Builds everything the app runs from: dist/renderer (Vite), dist/electron (main, preload, core
// process for Electron, CommonJS) and dist/browser-host (the same core served to a browser).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const only = process.argv.slice(2);
const wants = (part) => only.length === 0 || only.includes(part);
// Native and Electron modules stay outside the bundles: they are loaded from node_modules at run time.
const external = ['electron', 'better-sqlite3'];

const started = performance.now();
const jobs = [];
if (wants('renderer')) {
  jobs.push(viteBuild({ configFile: `${root}/renderer/vite.config.ts`, logLevel: 'warn' }));
}
if (wants('electron')) {
  jobs.push(
    esbuild({
      absWorkingDir: root,
      entryPoints: {
        main: 'electron/main.ts',
        preload: 'electron/preload.ts',
        'core-process': 'electron/core-process.ts',
        'audience-import-worker': 'electron/core/audiences/import-worker.ts',
        'audience-pull-worker': 'electron/core/workspace/audience-pull-worker.ts',
      },
      outdir: 'dist/electron',
      outExtension: { '.js': '.cjs' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external,
      // CommonJS has no import.meta: give it the bundle's own URL, which is what the code means by it
      // (the import worker's bundle is found beside the running one).
      define: { 'import.meta.url': '__desk_import_meta_url' },
      banner: { js: "const __desk_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
      sourcemap: true,
      logLevel: 'warning',
    }),
  );
}
if (wants('browser-host')) {
  jobs.push(
    esbuild({
      absWorkingDir: root,
      entryPoints: {
        'browser-host': 'electron/browser-host/start.ts',
        sandbox: 'sandbox/cli.ts',
        'audience-import-worker': 'electron/core/audiences/import-worker.ts',
        'audience-pull-worker': 'electron/core/workspace/audience-pull-worker.ts',
      },
      outdir: 'dist/browser-host',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external,
      sourcemap: true,
      // Bundled ESM still meets CommonJS dependencies that call require().
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      logLevel: 'warning',
    }),
  );
}
await Promise.all(jobs);
console.log(`built ${only.length ? only.join(', ') : 'renderer, electron, browser-host'} in ${Math.round(performance.now() - started)} ms`);
