import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { createCore, type Core } from './core';
import type { Logger } from './log';
import type { SecretCipher } from './secrets/secret-cipher';

export interface RuntimeOptions {
  dataDir: string;
  cipher: SecretCipher;
  host: 'electron' | 'browser';
  version: string;
  log: Logger;
  /** Run the bundled Kaleyra-compatible sandbox in-process (the default profile's API). */
  embeddedSandbox: boolean;
  pullIntervalMs?: number;
  syncOnStart?: boolean;
}

export interface Runtime {
  core: Core;
  sandbox: RunningSandbox | null;
  close(): Promise<void>;
}

export const SANDBOX_DIR = 'sandbox';

/** Starts the sandbox (when asked) and then the core that talks to it, sharing one data folder. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const sandbox = options.embeddedSandbox ? await startSandbox({ dataDir: join(options.dataDir, SANDBOX_DIR), port: 0 }) : null;
  const demoParent = sandbox?.accounts.find((account) => account.billing === 'prepaid') ?? sandbox?.accounts[0];
  const core = await createCore({
    dataDir: options.dataDir,
    cipher: options.cipher,
    host: options.host,
    version: options.version,
    log: options.log,
    pullIntervalMs: options.pullIntervalMs,
    syncOnStart: options.syncOnStart,
    sandboxAccount: sandbox && demoParent ? { url: sandbox.url, sid: demoParent.sid, apiKey: demoParent.apiKey, name: demoParent.name } : undefined,
  });
  return {
    core,
    sandbox,
    async close() {
      core.close();
      await sandbox?.close();
    },
  };
}
