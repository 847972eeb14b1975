import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../../sandbox/server';
import { spawnSandboxCli, terminateSandboxCli } from '../../support/sandbox-process';
import type { RunningSandbox, SandboxOptions, SeededAccount } from '../../../sandbox/server';

/** 2026-01-10T09:00:00Z: mid-month, so usage periods do not roll over during a test. */
export const T0 = Date.UTC(2026, 0, 10, 9, 0, 0);

export interface ApiAnswer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

export interface TestSandbox {
  sandbox: RunningSandbox;
  dataDir: string;
  prepaid: SeededAccount;
  postpaid: SeededAccount;
  api(method: string, path: string, init?: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> }): Promise<ApiAnswer>;
  stop(): Promise<void>;
}

export async function startTestSandbox(options: Partial<SandboxOptions> = {}, reuseDir?: string): Promise<TestSandbox> {
  const dataDir = reuseDir ?? mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  const clock = { now: () => T0 };
  const sandbox = await startSandbox({ dataDir, port: 0, clock, deliveryTickMs: 0, ...options });
  const prepaid = sandbox.accounts.find((account) => account.billing === 'prepaid');
  const postpaid = sandbox.accounts.find((account) => account.billing === 'postpaid');
  if (!prepaid || !postpaid) throw new Error('seed is missing a parent');
  return {
    sandbox,
    dataDir,
    prepaid,
    postpaid,
    async api(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      if (init.key !== null && init.key !== undefined) headers['api-key'] = init.key;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${sandbox.url}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    async stop() {
      await sandbox.close();
      if (!reuseDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A sandbox the file's tests share through `t`: a fresh one for every test (`each`) or one for the
 * whole file (`all`), stopped after it. Read it inside tests only, where it is running.
 */
export function sandboxFor(scope: 'each' | 'all'): TestSandbox {
  let running: TestSandbox | undefined;
  (scope === 'each' ? beforeEach : beforeAll)(async () => {
    running = await startTestSandbox();
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await running?.stop();
    running = undefined;
  });
  const current = () => {
    if (!running) throw new Error('the sandbox runs only while a test does');
    return running;
  };
  return {
    get sandbox() {
      return current().sandbox;
    },
    get dataDir() {
      return current().dataDir;
    },
    get prepaid() {
      return current().prepaid;
    },
    get postpaid() {
      return current().postpaid;
    },
    api: (...request) => current().api(...request),
    stop: () => current().stop(),
  };
}

export function sub(account: SeededAccount, name: string) {
  const found = account.subaccounts.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no seeded sub-account ${name}`);
  return found;
}

/** The error code of either envelope style. */
export function errorCode(answer: ApiAnswer): string | undefined {
  const error = answer.json['error'] as { code?: string } | undefined;
  return error?.code;
}

export function data<T = Record<string, unknown>>(answer: ApiAnswer): T {
  return answer.json['data'] as T;
}

/**
 * Runs the sandbox CLI (`npm run sandbox`) on a fresh data folder, hands `use` its ready line, then stops it
 * with SIGTERM and returns its exit code. Whatever happens, nothing is left running or on disk.
 */
export async function runSandboxCli(dataDirPrefix: string, extraArgs: readonly string[], use: (readyLine: string) => Promise<void>): Promise<number | null> {
  const dir = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const { child, readyLine } = spawnSandboxCli(dir, { extraArgs });
  try {
    await use(await readyLine);
    return await terminateSandboxCli(child);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
