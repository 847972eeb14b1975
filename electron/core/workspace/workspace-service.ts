import pg from 'pg';
import type { WorkspaceStatus } from '../../../shared/calls/workspace';
import { DeskError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets/secret-store';
import type { ProfileRecord } from '../store/profiles-repository';
import type { WorkspaceMembership, WorkspaceMembershipsRepository } from '../store/workspace-memberships-repository';
import { isoAt, SECOND, type Clock } from '../time';
import { describeAddress, parseWorkspaceAddress, tlsOptionsFor, type WorkspaceAddress } from './workspace-address';
import { describeWorkspaceFailure } from './workspace-errors';

/** What this service knows of a profile's workspace; the sync adds how its syncs went (`WorkspaceSync.state`). */
export type WorkspaceConnectionStatus =
  Extract<WorkspaceStatus, { joined: false }> | Omit<Extract<WorkspaceStatus, { joined: true }>, 'lastSyncedAt' | 'syncProblem' | 'conflicts'>;

const JOIN_TIMEOUT_MS = 15 * SECOND;
const STATUS_TIMEOUT_MS = 5 * SECOND;

/** Who this login is in the workspace, as the database itself says (row-level security keys on it). */
interface WhoAmI {
  role_name: string;
  kind: WorkspaceMembership['memberKind'];
  account_sid: string;
  organisation_id: string;
  organisation_name: string;
  display_name: string;
}

export interface WorkspaceServiceOptions {
  memberships: WorkspaceMembershipsRepository;
  secrets: SecretStore;
  profileById(profileId: string): ProfileRecord | undefined;
  clock: Clock;
  log: Logger;
}

/** The sealed password's key in secrets.json, beside (never replacing) the profile's API key. */
const passwordKey = (profileId: string) => `workspace:${profileId}`;

/**
 * Joining a team workspace from a profile, leaving it, and its status. Optional: a profile
 * without a membership row works exactly as before, and nothing here runs for it.
 */
export class WorkspaceService {
  constructor(private readonly options: WorkspaceServiceOptions) {}

  /**
   * Checks the address and login against the server, and that the login belongs to this profile's
   * account (a parent manager for a parent profile, a member of this sub-account for a
   * sub-account profile), before anything is saved.
   */
  async join(profileId: string, input: { url: string; user: string; password: string }): Promise<WorkspaceConnectionStatus> {
    const profile = this.requireProfile(profileId);
    const address = parseWorkspaceAddress(input.url);
    const client = await this.open(address, input.user, input.password, JOIN_TIMEOUT_MS);
    let who: WhoAmI;
    try {
      who = await whoAmI(client, address);
    } finally {
      await client.end().catch(() => undefined);
    }
    assertFitsProfile(who, profile);
    await this.options.secrets.put(passwordKey(profile.id), input.password);
    const membership: WorkspaceMembership = {
      profileId: profile.id,
      ...address,
      databaseName: address.database,
      roleName: who.role_name,
      displayName: who.display_name,
      memberKind: who.kind,
      organisationId: who.organisation_id,
      organisationName: who.organisation_name,
      accountSid: who.account_sid,
      joinedAt: isoAt(this.options.clock()),
    };
    this.options.memberships.save(membership);
    this.options.log.info('workspace joined', { profileId: profile.id, server: describeAddress(address), role: who.role_name });
    return toStatus(membership, 'online');
  }

  /** Without `check`, what this desktop knows; with it, whether the server answers this login now. */
  async status(profileId: string, { check }: { check: boolean }): Promise<WorkspaceConnectionStatus> {
    const membership = this.options.memberships.get(this.requireProfile(profileId).id);
    if (!membership) return { joined: false, profileId };
    if (!check) return toStatus(membership, 'not-checked');
    try {
      const client = await this.connect(membership, STATUS_TIMEOUT_MS);
      try {
        const who = await whoAmI(client, addressOf(membership));
        if (who.kind !== membership.memberKind || who.account_sid !== membership.accountSid) {
          return toStatus(membership, 'refused', 'Your workspace login now belongs to another account. Leave the workspace and join again.');
        }
      } finally {
        await client.end().catch(() => undefined);
      }
      return toStatus(membership, 'online');
    } catch (error) {
      if (!(error instanceof DeskError)) throw error;
      return toStatus(membership, error.code === 'WORKSPACE_REFUSED' ? 'refused' : 'unreachable', error.message);
    }
  }

  /** Forgets the address and the password on this desktop; nothing in the workspace changes. */
  async leave(profileId: string): Promise<boolean> {
    const left = this.options.memberships.delete(this.requireProfile(profileId).id);
    await this.options.secrets.delete(passwordKey(profileId));
    return left;
  }

  /** A removed profile's sealed workspace password goes with it (its membership row goes by foreign key). */
  async forgetProfile(profileId: string): Promise<void> {
    await this.options.secrets.delete(passwordKey(profileId));
  }

  membership(profileId: string): WorkspaceMembership | undefined {
    return this.options.memberships.get(profileId);
  }

  /** A connection as this person, for the workspace sync; the caller ends it. */
  async connect(membership: WorkspaceMembership, timeoutMs = JOIN_TIMEOUT_MS): Promise<pg.Client> {
    return await this.open(addressOf(membership), membership.roleName, await this.password(membership), timeoutMs);
  }

  /** The sealed password, for a worker thread that opens its own connection as this person (a team audience's download). */
  async password(membership: WorkspaceMembership): Promise<string> {
    try {
      return await this.options.secrets.get(passwordKey(membership.profileId));
    } catch {
      throw new DeskError('WORKSPACE_REFUSED', 'The workspace password saved on this computer could not be read. Leave the workspace and join again.');
    }
  }

  private async open(address: WorkspaceAddress, user: string, password: string, timeoutMs: number): Promise<pg.Client> {
    const client = new pg.Client({
      host: address.host,
      port: address.port,
      database: address.database,
      user,
      password,
      ssl: tlsOptionsFor(address),
      connectionTimeoutMillis: timeoutMs,
      application_name: 'Campaign Desk',
    });
    // A server that goes away later must not crash the core: the sync notices on its next query.
    client.on('error', (error) => this.options.log.warn('workspace connection lost', { server: describeAddress(address), error: error.message }));
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw describeWorkspaceFailure(error, address);
    }
  }

  private requireProfile(profileId: string): ProfileRecord {
    const profile = this.options.profileById(profileId);
    if (!profile) throw new DeskError('PROFILE_NOT_FOUND', 'That profile no longer exists on this desktop.', { field: 'profileId' });
    return profile;
  }
}

async function whoAmI(client: pg.Client, address: WorkspaceAddress): Promise<WhoAmI> {
  let rows: WhoAmI[];
  try {
    ({ rows } = await client.query<WhoAmI>(
      `SELECT m.role_name, m.kind, m.account_sid, m.organisation_id, m.display_name, o.name AS organisation_name
         FROM desk.my_membership() m JOIN desk.organisations o ON o.id = m.organisation_id`,
    ));
  } catch (error) {
    throw describeWorkspaceFailure(error, address);
  }
  const who = rows[0];
  if (!who)
    throw new DeskError(
      'WORKSPACE_REFUSED',
      'This login is not a member of the workspace. Ask your workspace admin to add you (npm run workspace -- add-member).',
      { field: 'user' },
    );
  return who;
}

function assertFitsProfile(who: WhoAmI, profile: ProfileRecord): void {
  if (profile.role === 'parent') {
    if (who.kind !== 'parent_manager') {
      throw new DeskError(
        'WORKSPACE_REFUSED',
        `This login belongs to sub-account ${who.account_sid}, but this profile is the parent account ${profile.sid}. ` +
          "Join from that sub-account's profile, or ask for a parent manager login.",
        { field: 'user' },
      );
    }
    if (who.organisation_id !== profile.sid) {
      throw new DeskError('WORKSPACE_REFUSED', `This workspace belongs to the parent account ${who.organisation_id}, not to this profile's ${profile.sid}.`, {
        field: 'url',
      });
    }
    return;
  }
  if (who.kind !== 'subaccount_member') {
    throw new DeskError(
      'WORKSPACE_REFUSED',
      `This is a parent manager login, but this profile is the sub-account ${profile.sid}. ` +
        "Join from the parent account's profile, or ask for a login of this sub-account.",
      { field: 'user' },
    );
  }
  if (who.account_sid !== profile.sid) {
    throw new DeskError('WORKSPACE_REFUSED', `This login belongs to sub-account ${who.account_sid}, not to this profile's ${profile.sid}.`, { field: 'user' });
  }
}

export function addressOf(membership: WorkspaceMembership): WorkspaceAddress {
  return { host: membership.host, port: membership.port, database: membership.databaseName, sslMode: membership.sslMode };
}

function toStatus(
  membership: WorkspaceMembership,
  connection: Extract<WorkspaceStatus, { joined: true }>['connection'],
  problem?: string,
): WorkspaceConnectionStatus {
  return {
    joined: true,
    profileId: membership.profileId,
    server: describeAddress(membership),
    database: membership.databaseName,
    tls: membership.sslMode !== 'disable',
    roleName: membership.roleName,
    displayName: membership.displayName,
    memberKind: membership.memberKind,
    organisationId: membership.organisationId,
    organisationName: membership.organisationName,
    accountSid: membership.accountSid,
    joinedAt: membership.joinedAt,
    connection,
    ...(problem ? { problem } : {}),
  };
}
