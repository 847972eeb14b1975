import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { createCore, type Core } from './core';
import { SANDBOX_PROFILE_ID, type SandboxAccount } from './profiles/profiles-service';
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
  const sandbox = options.embeddedSandbox ? await startSandbox({ dataDir: join(options.dataDir, SANDBOX_DIR), port: 0, documentedOnlyListener: true }) : null;
  const core = await createCore({
    dataDir: options.dataDir,
    cipher: options.cipher,
    host: options.host,
    version: options.version,
    log: options.log,
    pullIntervalMs: options.pullIntervalMs,
    syncOnStart: options.syncOnStart,
    sandboxAccounts: sandbox ? sandboxProfiles(sandbox) : undefined,
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

/**
 * The ready-made profiles of the bundled sandbox: its prepaid parent (the default), its postpaid
 * parent, and one active sub-account, so every role can be tried without an account.
 */
export function sandboxProfiles(sandbox: RunningSandbox): SandboxAccount[] {
  const prepaid = sandbox.accounts.find((account) => account.billing === 'prepaid');
  const postpaid = sandbox.accounts.find((account) => account.billing === 'postpaid');
  const regionalTeam = prepaid?.subaccounts.find((sub) => sub.status === 'active' && sub.creditType === 'assigned');
  const profiles: SandboxAccount[] = [];
  const urls = { url: sandbox.url, documentedOnlyUrl: sandbox.documentedOnlyUrl };
  if (prepaid) profiles.push({ profileId: SANDBOX_PROFILE_ID, ...urls, sid: prepaid.sid, apiKey: prepaid.apiKey, name: prepaid.name, role: 'parent' });
  if (postpaid)
    profiles.push({ profileId: `${SANDBOX_PROFILE_ID}-postpaid`, ...urls, sid: postpaid.sid, apiKey: postpaid.apiKey, name: postpaid.name, role: 'parent' });
  if (regionalTeam)
    profiles.push({
      profileId: `${SANDBOX_PROFILE_ID}-sub`,
      ...urls,
      sid: regionalTeam.sid,
      apiKey: regionalTeam.apiKey,
      name: regionalTeam.name,
      role: 'subaccount',
    });
  return profiles;
}
