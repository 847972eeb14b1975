/**
 * A throwaway PostgreSQL cluster for one test file: `initdb` into a temp dir as an unprivileged
 * user (the `postgres` system user when the tests run as root), started by `pg_ctl` on a free
 * loopback port, stopped and deleted when the file ends (and on process exit, should a test
 * runner be killed before `afterAll`). Tests skip with the printed reason only when no PostgreSQL
 * binaries exist on this machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, chmodSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface PostgresCluster {
  readonly host: string;
  readonly port: number;
  /** The cluster's superuser (`postgres`), password-authenticated over TCP like any managed server. */
  readonly superuserUrl: string;
  /** The same server with another database or login. */
  urlFor(options: { user: string; password: string; database?: string }): string;
  /** Creates an empty database owned by the superuser and returns its superuser URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

const SUPERUSER = 'postgres';
const SUPERUSER_PASSWORD = 'throwaway-superuser';
const RUN_AS = 'postgres';

/** Where `initdb` and `pg_ctl` are, or why there is none. */
export function findPostgresBinaries(): { binDir: string } | { missing: string } {
  const candidates: string[] = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is in libpq-dev, often absent: look where Debian installs the server instead.
  }
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debianRoot, version, 'bin')));
  }
  const binDir = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  return binDir ? { binDir } : { missing: 'no PostgreSQL server binaries (initdb, pg_ctl): install Debian\'s "postgresql" package (.ci/run does)' };
}

export const postgresBinaries = findPostgresBinaries();
export const postgresSkipReason = 'missing' in postgresBinaries ? postgresBinaries.missing : null;
if (postgresSkipReason) console.log(`PostgreSQL tests skipped: ${postgresSkipReason}`);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary as the unprivileged user (PostgreSQL refuses to run as root). */
function runServerBinary(binDir: string, program: string, args: string[]): string {
  const path = join(binDir, program);
  const [command, fullArgs] = isRoot ? ['runuser', ['-u', RUN_AS, '--', path, ...args]] : [path, args];
  return execFileSync(command, fullArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function ownerIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', RUN_AS], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', RUN_AS], { encoding: 'utf8' }).trim()),
  };
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if ('missing' in postgresBinaries) throw new Error(postgresBinaries.missing);
  const { binDir } = postgresBinaries;
  const root = mkdtempSync(join(tmpdir(), 'desk-pg-'));
  const dataDir = join(root, 'data');
  const socketDir = root;
  const passwordFile = join(root, 'superuser-password');
  writeFileSync(passwordFile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o600 });
  if (isRoot) {
    const { uid, gid } = ownerIds();
    chownSync(root, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  chmodSync(root, 0o700);
  runServerBinary(binDir, 'initdb', [
    '-D',
    dataDir,
    '-U',
    SUPERUSER,
    `--pwfile=${passwordFile}`,
    '--auth-host=scram-sha-256',
    '--auth-local=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);

  let port = 0;
  let started = false;
  // Another process may take the free port between the probe and the start: try a few.
  for (let attempt = 0; attempt < 5 && !started; attempt += 1) {
    port = await freePort();
    const serverOptions = [
      `-p ${port}`,
      `-k ${socketDir}`,
      "-c listen_addresses='127.0.0.1'",
      // A throwaway cluster: durability is not what is being tested, speed on a loaded CI is.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
      '-c shared_buffers=32MB',
    ].join(' ');
    try {
      runServerBinary(binDir, 'pg_ctl', ['-D', dataDir, '-o', serverOptions, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
      started = true;
    } catch (error) {
      if (attempt === 4) {
        rmSync(root, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      runServerBinary(binDir, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already down (killed with the runner): the directory still goes.
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.on('exit', stop);

  const host = '127.0.0.1';
  const urlFor = ({ user, password, database = 'postgres' }: { user: string; password: string; database?: string }) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${encodeURIComponent(database)}`;
  return {
    host,
    port,
    superuserUrl: urlFor({ user: SUPERUSER, password: SUPERUSER_PASSWORD }),
    urlFor,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name} is not a plain identifier`);
      const client = new pg.Client({ connectionString: urlFor({ user: SUPERUSER, password: SUPERUSER_PASSWORD }) });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return urlFor({ user: SUPERUSER, password: SUPERUSER_PASSWORD, database: name });
    },
    stop,
  };
}
