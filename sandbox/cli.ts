import { parseArgs } from 'node:util';
import { startSandbox } from './server';

/**
 * `npx tsx sandbox/cli.ts --port P --data DIR [--kaleyra-only]`: prints one JSON "ready" line, then serves until
 * SIGINT / SIGTERM.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: '.sandbox-data' },
      // Serve only what Kaleyra documents: every [ours] route answers like an unknown path.
      'kaleyra-only': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const sandbox = await startSandbox({ dataDir: values.data, port, host: values.host, documentedOnly: values['kaleyra-only'] });
  process.stdout.write(
    JSON.stringify({ event: 'ready', url: sandbox.url, documentedOnly: sandbox.documentedOnly, adminToken: sandbox.adminToken, accounts: sandbox.accounts }) +
      '\n',
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[sandbox] failed to close on ${signal}`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('[sandbox] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
