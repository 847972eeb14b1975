import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SandboxAccountInfo {
  sid: string;
  apiKey: string;
  name: string;
  billing: string;
}

/**
 * The sandbox in a process of its own, as a remote API would be: its work (accepting sends,
 * simulating deliveries, paging its log) never runs on the thread of the core under test.
 * Driven through its loopback admin routes.
 */
export interface SandboxProcess {
  url: string;
  account: SandboxAccountInfo;
  /** Moves the sandbox's clock (deliveries due by then are reported). */
  advanceClock(ms: number): Promise<void>;
  /** Ledger discrepancies the sandbox finds in its own books (none when consistent). */
  ledgerDiscrepancies(): Promise<unknown[]>;
  close(): Promise<void>;
}

/** `npm run sandbox` on a data directory: the process and the first line it prints (its JSON ready line). */
export interface SandboxCli {
  child: ChildProcess;
  readyLine: Promise<string>;
}

export function spawnSandboxCli(dataDir: string, options: { extraArgs?: readonly string[]; stderr?: 'pipe' | 'inherit' } = {}): SandboxCli {
  const args = ['--import', 'tsx', 'sandbox/cli.ts', '--port', '0', '--data', dataDir, ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'] });
  const readyLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${String(code)}`)));
  });
  return { child, readyLine };
}

/** Stops the CLI as a terminal would (SIGTERM) and resolves with its exit code. */
export function terminateSandboxCli(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

export async function startSandboxProcess(billing: 'prepaid' | 'postpaid' = 'postpaid'): Promise<SandboxProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-process-'));
  const { child, readyLine } = spawnSandboxCli(dir, { stderr: 'inherit' });
  const line = await readyLine;
  const ready = JSON.parse(line) as { url: string; adminToken: string; accounts: SandboxAccountInfo[] };
  const account = ready.accounts.find((candidate) => candidate.billing === billing);
  if (!account) throw new Error(`the sandbox seeded no ${billing} parent`);
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${ready.url}${path}`, {
      method,
      headers: { 'x-sandbox-admin-token': ready.adminToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  // The sandbox's request limit is lifted: the scene measures the desk, not the API's throttling.
  await admin('PUT', `/__sandbox/accounts/${account.sid}/rate-limit`, { limit: { requests: 1_000_000_000, windowMs: 1_000 } });
  let closed: Promise<void> | undefined;
  return {
    url: ready.url,
    account,
    async advanceClock(ms) {
      await admin('POST', '/__sandbox/clock/advance', { ms });
    },
    async ledgerDiscrepancies() {
      const answer = await admin('GET', '/__sandbox/ledger/check');
      const data = (answer['data'] ?? answer) as { discrepancies?: unknown[] };
      return data.discrepancies ?? [];
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }).then(() => rmSync(dir, { recursive: true, force: true }));
      return closed;
    },
  };
}
