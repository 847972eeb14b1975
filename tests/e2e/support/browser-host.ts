import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const readyLine = z.object({
  event: z.literal('ready'),
  url: z.string(),
  openUrl: z.string(),
  dataDir: z.string(),
  sandboxUrl: z.string().nullable(),
  readyMs: z.number(),
});
export type HostReady = z.infer<typeof readyLine>;

export interface RunningHost extends HostReady {
  process: ChildProcess;
  /** SIGKILL, like a crash or a force-quit: nothing gets to clean up. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Where every e2e data folder of this run lives, so the secrets scan can read them all afterwards. */
export const E2E_DATA_ROOT = join(root, 'test-results', 'e2e-data');

export const freshDataDir = () => {
  mkdirSync(E2E_DATA_ROOT, { recursive: true });
  return mkdtempSync(join(E2E_DATA_ROOT, 'desk-'));
};

/** Starts the built browser host (`dist/browser-host`) and waits for its ready line, never a sleep. */
export async function startHost(dataDir: string, extraArgs: string[] = []): Promise<RunningHost> {
  const child = spawn(process.execPath, [join(root, 'dist/browser-host/browser-host.mjs'), '--data', dataDir, '--ready-json', ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  // Everything the app logs is kept beside its data, where the secrets scan looks for leaked keys.
  const log = createWriteStream(join(dataDir, 'host.log'), { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = await new Promise<HostReady>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const parsed = readyLine.safeParse(safeJson(line));
      if (parsed.success) resolve(parsed.data);
    });
    child.once('exit', (code) => reject(new Error(`browser host exited (${code}) before it was ready:\n${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...ready,
    process: child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
