import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { freshDataDir } from './browser-host';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readyLine = z.object({
  event: z.literal('ready'),
  url: z.string(),
  /** For the loopback admin routes (the sandbox's own switches, e.g. DLT scrubbing). */
  adminToken: z.string(),
  accounts: z.array(
    z
      .object({
        sid: z.string(),
        apiKey: z.string(),
        billing: z.enum(['prepaid', 'postpaid']),
        name: z.string(),
        subaccounts: z.array(z.object({ sid: z.string(), apiKey: z.string(), name: z.string() }).passthrough()),
      })
      .passthrough(),
  ),
});
export type StandaloneSandbox = z.infer<typeof readyLine> & { stop(): Promise<void> };
type SandboxAccount = StandaloneSandbox['accounts'][number];

/** The sandbox's prepaid parent (Acme Retail). */
export function prepaidParentOf(sandbox: StandaloneSandbox): SandboxAccount {
  const parent = sandbox.accounts.find((account) => account.billing === 'prepaid');
  if (!parent) throw new Error('the sandbox seeded no prepaid parent');
  return parent;
}

/** The parent's sub-account of that name (AcmeNorth, AcmeSouth…). */
export function subaccountOf(parent: SandboxAccount, name: string): SandboxAccount['subaccounts'][number] {
  const subaccount = parent.subaccounts.find((sub) => sub.name === name);
  if (!subaccount) throw new Error(`the sandbox seeded no sub-account ${name}`);
  return subaccount;
}

/** The sandbox on its own (`npm run sandbox`), built into dist/browser-host/sandbox.mjs. */
export async function startStandaloneSandbox(): Promise<StandaloneSandbox> {
  const child = spawn(process.execPath, ['dist/browser-host/sandbox.mjs', '--port', '0', '--data', freshDataDir()], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<z.infer<typeof readyLine>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const parsed = readyLine.safeParse(JSON.parse(line));
        if (parsed.success) resolve(parsed.data);
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited (${code}) before it was ready`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...ready,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
