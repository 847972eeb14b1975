import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { browserHostDataDir } from '../app-paths';
import { installCrashGuard } from '../core/crash-guard';
import { createLogger } from '../core/log';
import { startRuntime } from '../core/runtime';
import { createKeyFileCipher } from '../core/secrets/key-file-cipher';
import { startBrowserHost } from './http-server';

/**
 * `npm run preview` (and `npm start` without an Electron binary): the same core and renderer,
 * served to a browser on loopback.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string', default: '0' },
      'renderer-dir': { type: 'string' },
      'ready-json': { type: 'boolean', default: false },
      'pull-interval-ms': { type: 'string' },
      'no-initial-sync': { type: 'boolean', default: false },
    },
  });
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dataDir = resolve(values.data ?? browserHostDataDir());
  const rendererDir = resolve(values['renderer-dir'] ?? join(here, '..', 'renderer'));
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, not ${values.port}`);

  const startedAt = performance.now();
  const log = createLogger('browser-host');
  installCrashGuard(log);
  const runtime = await startRuntime({
    dataDir,
    cipher: createKeyFileCipher(join(dataDir, 'keys', 'secret.key')),
    host: 'browser',
    version: process.env.npm_package_version ?? '0.0.0',
    log,
    embeddedSandbox: true,
    pullIntervalMs: values['pull-interval-ms'] ? Number(values['pull-interval-ms']) : undefined,
    syncOnStart: !values['no-initial-sync'],
  });
  const host = await startBrowserHost({ core: runtime.core, rendererDir, port });
  const readyMs = Math.round(performance.now() - startedAt);

  if (values['ready-json']) {
    console.log(JSON.stringify({ event: 'ready', url: host.url, openUrl: host.openUrl, dataDir, sandboxUrl: runtime.sandbox?.url ?? null, readyMs }));
  } else {
    console.log(`Campaign Desk is running in your browser: open ${host.openUrl}`);
    console.log(`Data folder: ${dataDir} · press Ctrl+C to stop`);
  }

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await host.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(`Campaign Desk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
