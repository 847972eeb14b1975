import type { ConnectionOptions } from 'node:tls';
import { isIP } from 'node:net';
import { DeskError } from '../../../shared/errors';
import type { WorkspaceSslMode } from '../store/workspace-memberships-repository';

/** Where a team workspace is: a PostgreSQL server and database, and how the connection is protected. */
export interface WorkspaceAddress {
  host: string;
  port: number;
  database: string;
  sslMode: WorkspaceSslMode;
}

const DEFAULT_PORT = 5432;
const EXAMPLE = 'postgresql://db.example.com:5432/campaigns?sslmode=verify-full';
const LIBPQ_SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/** This computer: only here may a workspace connection go unencrypted. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

const invalid = (message: string) => new DeskError('VALIDATION_FAILED', message, { field: 'url' });

/**
 * Reads a workspace address as people copy it from a managed Postgres console
 * (`postgresql://host:port/database?sslmode=…`). TLS is required unless the server is on this
 * computer: `sslmode=disable` (or `allow` / `prefer`, which may fall back to plain text) towards
 * another host is refused with the fix; without `sslmode` another host gets `verify-full`.
 * Credentials never belong in the address: they have their own fields and are sealed.
 */
export function parseWorkspaceAddress(text: string): WorkspaceAddress {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw invalid(`That is not a workspace address. It looks like ${EXAMPLE}`);
  }
  if (url.protocol !== 'postgresql:' && url.protocol !== 'postgres:') throw invalid(`A workspace address starts with postgresql:// (for example ${EXAMPLE}).`);
  if (url.username !== '' || url.password !== '') throw invalid('Enter your login and password in their own fields, not in the address.');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid(`The address has no server name (for example ${EXAMPLE}).`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '' || database.includes('/')) throw invalid(`Add the database name after the server, as in ${EXAMPLE}`);
  const unknown = [...url.searchParams.keys()].filter((key) => key !== 'sslmode');
  if (unknown.length > 0) throw invalid(`Campaign Desk does not use these address settings: ${unknown.join(', ')}. Remove them (only sslmode is read).`);

  const requested = url.searchParams.get('sslmode');
  if (requested !== null && !(LIBPQ_SSL_MODES as readonly string[]).includes(requested)) {
    throw invalid(`sslmode=${requested} is not a PostgreSQL setting: use verify-full (or require).`);
  }
  const loopback = isLoopbackHost(host);
  if (!loopback && (requested === 'disable' || requested === 'allow' || requested === 'prefer')) {
    throw invalid(
      `The workspace at ${host} is on another computer, so its connection must be encrypted: ` +
        `sslmode=${requested} could send your data and password in plain text. Use sslmode=verify-full (or require), or leave sslmode out.`,
    );
  }
  const sslMode: WorkspaceSslMode =
    requested === 'require' || requested === 'verify-ca' || requested === 'verify-full' ? requested : loopback ? 'disable' : 'verify-full';
  return { host, port, database, sslMode };
}

/**
 * node-postgres' TLS settings for a mode. Away from this computer the server's certificate is
 * always checked against the system's authorities (`require` as strictly as `verify-full`, which
 * is what node-postgres does too); `verify-ca` skips only the host-name match. On loopback an
 * encrypted connection may use a self-signed certificate.
 */
export function tlsOptionsFor(address: WorkspaceAddress): false | ConnectionOptions {
  switch (address.sslMode) {
    case 'disable':
      return false;
    case 'require':
    case 'verify-full':
      return isLoopbackHost(address.host)
        ? { rejectUnauthorized: false }
        : { rejectUnauthorized: true, ...(isIP(address.host) === 0 ? { servername: address.host } : {}) };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
  }
}

/** The address as shown to people and in logs: never credentials. */
export function describeAddress(address: Pick<WorkspaceAddress, 'host' | 'port'>): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}
