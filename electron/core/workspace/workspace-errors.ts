import pg from 'pg';
import { DeskError } from '../../../shared/errors';
import { describeAddress, type WorkspaceAddress } from './workspace-address';

/** PostgreSQL's SQLSTATEs that mean "this database has no workspace schema (yet)". */
const NO_WORKSPACE_SCHEMA = new Set(['3F000', '42P01', '42883']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/**
 * Turns what node-postgres throws into a sentence that says what to fix. The server's own codes
 * (SQLSTATE, errno) stay out of the message, as every refusal in the app does.
 */
export function describeWorkspaceFailure(error: unknown, address: WorkspaceAddress): DeskError {
  if (error instanceof DeskError) return error;
  const where = describeAddress(address);
  if (error instanceof pg.DatabaseError) {
    // The server ended the session (admin, restart, failover): whatever committed stays, the rest comes next time.
    if (error.code && (error.code.startsWith('08') || error.code.startsWith('57P'))) {
      return new DeskError(
        'WORKSPACE_UNREACHABLE',
        `The connection to the workspace at ${where} was cut. Nothing on this desktop is lost: the next sync carries on from where this one stopped.`,
      );
    }
    switch (error.code) {
      case '28P01':
        return new DeskError('WORKSPACE_REFUSED', 'The workspace refused this login and password. Check both (they come from your workspace admin).', {
          field: 'password',
        });
      case '28000':
        return new DeskError(
          'WORKSPACE_REFUSED',
          `The server at ${where} does not accept this login from this computer. Ask your workspace admin to allow it.`,
          { field: 'user' },
        );
      case '3D000':
        return new DeskError('WORKSPACE_REFUSED', `There is no database "${address.database}" at ${where}. Check the address.`, { field: 'url' });
      case '42501':
        return new DeskError(
          'WORKSPACE_REFUSED',
          'This login is not a member of the workspace. Ask your workspace admin to add you (npm run workspace -- add-member).',
          { field: 'user' },
        );
      default:
        if (error.code && NO_WORKSPACE_SCHEMA.has(error.code)) {
          return new DeskError(
            'WORKSPACE_REFUSED',
            `The database "${address.database}" has no Campaign Desk workspace yet. Your admin creates it with: npm run workspace -- init`,
            { field: 'url' },
          );
        }
        return new DeskError('WORKSPACE_REFUSED', `The workspace at ${where} refused the request: ${error.message}`);
    }
  }
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new DeskError('WORKSPACE_UNREACHABLE', `Could not reach the workspace at ${where}. Check the address and your network, then try again.`, {
      field: 'url',
    });
  }
  if (/does not support SSL/i.test(message)) {
    return new DeskError(
      'WORKSPACE_UNREACHABLE',
      `The server at ${where} does not offer encrypted connections, which a workspace on another computer needs. Ask your admin to enable TLS.`,
      { field: 'url' },
    );
  }
  if ((typeof code === 'string' && /CERT|SELF_SIGNED|TLS|SSL/.test(code)) || /certificate/i.test(message)) {
    return new DeskError(
      'WORKSPACE_UNREACHABLE',
      `The server at ${where} could not prove who it is (its TLS certificate was not accepted). ` +
        'Check the address, or ask your admin for a certificate this computer trusts.',
      { field: 'url' },
    );
  }
  if (/Connection terminated|connection ended/i.test(message)) {
    return new DeskError(
      'WORKSPACE_UNREACHABLE',
      `The connection to the workspace at ${where} was cut. Nothing on this desktop is lost: the next sync carries on from where this one stopped.`,
    );
  }
  if (/timeout/i.test(message)) {
    return new DeskError('WORKSPACE_UNREACHABLE', `The workspace at ${where} did not answer in time. Check the address and your network, then try again.`, {
      field: 'url',
    });
  }
  return new DeskError('WORKSPACE_UNREACHABLE', `Could not connect to the workspace at ${where}: ${message}`, { field: 'url' });
}
