/**
 * One organisation in a fresh workspace on a throwaway cluster: the parent account Acme Retail,
 * its sub-accounts AcmeNorth and AcmeSouth, and a login per person, created by the admin command's
 * own functions. A second organisation (Globex) checks that organisations never see each other.
 */
import pg from 'pg';
import type { Core } from '../../../electron/core/core';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { addMember, ensureOrganisation, type NewMember } from '../../../workspace/members';
import { migrateWorkspace } from '../../../workspace/migrate';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { callOk } from '../app/support';

export const ACME = 'ACME_PARENT01';
export const NORTH = 'ACME_NORTH01';
export const SOUTH = 'ACME_SOUTH01';
export const GLOBEX = 'GLOBEX_PARENT1';

export const PEOPLE = {
  /** Parent manager of Acme. */
  priya: { roleName: 'priya_parent', displayName: 'Priya Raman', organisationId: ACME, kind: 'parent_manager' },
  /** AcmeNorth's regional team: two people, two desktops. */
  nils: {
    roleName: 'nils_north',
    displayName: 'Nils Åberg',
    organisationId: ACME,
    kind: 'subaccount_member',
    subaccountSid: NORTH,
    subaccountName: 'AcmeNorth',
  },
  noor: {
    roleName: 'noor_north',
    displayName: 'Noor Haddad',
    organisationId: ACME,
    kind: 'subaccount_member',
    subaccountSid: NORTH,
    subaccountName: 'AcmeNorth',
  },
  /** AcmeSouth's regional team. */
  sofia: {
    roleName: 'sofia_south',
    displayName: 'Sofía Peña',
    organisationId: ACME,
    kind: 'subaccount_member',
    subaccountSid: SOUTH,
    subaccountName: 'AcmeSouth',
  },
  /** Another organisation's parent manager on the same server. */
  gus: { roleName: 'gus_globex', displayName: 'Gus Grant', organisationId: GLOBEX, kind: 'parent_manager' },
} as const;
export type Person = keyof typeof PEOPLE;

export interface Workspace {
  readonly cluster: PostgresCluster;
  readonly adminUrl: string;
  /** Owner connection: bypasses RLS, used to seed and to check what really is in the tables. */
  readonly admin: pg.Client;
  urlOf(person: Person): string;
  /** A fresh connection as that person's login role (closed by `close`). */
  connect(person: Person): Promise<pg.Client>;
  close(): Promise<void>;
}

export async function startWorkspace(database = 'workspace'): Promise<Workspace> {
  const cluster = await startPostgresCluster();
  const clients: pg.Client[] = [];
  try {
    const adminUrl = await cluster.createDatabase(database);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    clients.push(admin);
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: ACME, name: 'Acme Retail' });
    await ensureOrganisation(admin, { id: GLOBEX, name: 'Globex Corporation' });
    const passwords = new Map<Person, string>();
    for (const [person, member] of Object.entries(PEOPLE) as Array<[Person, (typeof PEOPLE)[Person]]>) {
      passwords.set(person, (await addMember(admin, member)).password);
    }
    const urlOf = (person: Person) => cluster.urlFor({ user: PEOPLE[person].roleName, password: passwords.get(person)!, database });
    return {
      cluster,
      adminUrl,
      admin,
      urlOf,
      async connect(person) {
        const client = new pg.Client({ connectionString: urlOf(person) });
        await client.connect();
        clients.push(client);
        return client;
      },
      async close() {
        await Promise.allSettled(clients.map((client) => client.end()));
        cluster.stop();
      },
    };
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

/** What PostgreSQL answers when a row-level security WITH CHECK refuses a row (insufficient_privilege). */
export async function expectRefusedByPolicy(attempt: Promise<unknown>): Promise<string> {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof pg.DatabaseError && error.code === '42501') return error.message;
    throw error;
  }
  throw new Error('expected the database to refuse the write, but it was accepted');
}

/**
 * One organisation's workspace for tests that run real cores as desktops: a database on `cluster`,
 * migrated and with the organisation registered by the admin command's own functions, an owner
 * connection, and each member's login added and joined from a core as the app does.
 */
export interface OrganisationWorkspace {
  /** The address a member joins (no credentials). */
  readonly url: string;
  readonly adminUrl: string;
  /** Owner connection: bypasses RLS, used to seed and to check what really is in the tables. */
  readonly admin: pg.Client;
  /** Each added login's generated password. */
  readonly passwords: Map<string, string>;
  /** Adds the login (the admin command's `addMember`) and returns its password. */
  addMember(member: NewMember): Promise<string>;
  /** `workspace.join` on the core's sandbox profile, as that added login. */
  join(core: Core, roleName: string): Promise<void>;
  /** Ends the owner connection (the caller stops the cluster). */
  close(): Promise<void>;
}

export async function openOrganisationWorkspace(
  cluster: PostgresCluster,
  database: string,
  organisation: { id: string; name: string },
): Promise<OrganisationWorkspace> {
  const adminUrl = await cluster.createDatabase(database);
  const url = `postgresql://${cluster.host}:${cluster.port}/${database}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await migrateWorkspace(admin);
  await ensureOrganisation(admin, organisation);
  const passwords = new Map<string, string>();
  return {
    url,
    adminUrl,
    admin,
    passwords,
    async addMember(member) {
      const { password } = await addMember(admin, member);
      passwords.set(member.roleName, password);
      return password;
    },
    async join(core, roleName) {
      await callOk(core, 'workspace.join', { profileId: SANDBOX_PROFILE_ID, url, user: roleName, password: passwords.get(roleName) });
    },
    close: () => admin.end(),
  };
}
