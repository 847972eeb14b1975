/**
 * One organisation in a fresh workspace on a throwaway cluster: the parent account Acme Retail,
 * its sub-accounts AcmeNorth and AcmeSouth, and a login per person, created by the admin command's
 * own functions. A second organisation (Globex) checks that organisations never see each other.
 * Tests that run real cores as desktops use the sandbox's Acme instead (`startSandboxOrganisation`):
 * the same people, with the sandbox's account ids, each opening a desktop joined to the workspace.
 */
import pg from 'pg';
import type { Core } from '../../../electron/core/core';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import { addMember, ensureOrganisation, type NewMember } from '../../../workspace/members';
import { migrateWorkspace } from '../../../workspace/migrate';
import { startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import type { DeskEvent } from '../../../shared/contract';
import type { RunningSandbox, SeededAccount } from '../../../sandbox/server';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from '../app/support';

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
  /**
   * A core on a fresh data folder, signed in to the sandbox at `sandboxUrl` as `account` and joined as
   * `login`: a new member is added first, a role name joins a login added before. `close` closes it.
   */
  openDesktop(sandboxUrl: string, account: DesktopAccount, login: NewMember | string, more?: TestCoreOptions): Promise<WorkspaceDesktop>;
  /** Closes every desktop `openDesktop` started, then ends the owner connection (the caller stops the cluster). */
  close(): Promise<void>;
}

/** The sandbox account a desktop signs in with. */
export interface DesktopAccount {
  sid: string;
  apiKey: string;
  name: string;
  role: 'parent' | 'subaccount';
}

type TestCoreOptions = Parameters<typeof startTestCore>[4];

/** One desktop of the organisation: a core with its own data folder, joined to the workspace as one member. */
export interface WorkspaceDesktop {
  readonly core: Core & { events: DeskEvent[] };
  readonly dataDir: string;
  /** The member's login role. */
  readonly login: string;
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
  const desktops: WorkspaceDesktop[] = [];
  const workspace: OrganisationWorkspace = {
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
    async openDesktop(sandboxUrl, account, login, more = {}) {
      if (typeof login !== 'string') await workspace.addMember(login);
      const roleName = typeof login === 'string' ? login : login.roleName;
      const dataDir = tempDir(`desk-${database}-${roleName}-`);
      const core = await startTestCore(dataDir, { url: sandboxUrl, ...account }, false, [], more);
      const desktop = { core, dataDir, login: roleName };
      desktops.push(desktop);
      await workspace.join(core, roleName);
      return desktop;
    },
    async close() {
      for (const desktop of desktops.splice(0)) desktop.core.close();
      await admin.end();
    },
  };
  return workspace;
}

/** Acme's people who have a desktop: the parent manager and the regional teams' members. */
export type DesktopPerson = Exclude<Person, 'gus'>;

/** A throwaway cluster and a sandbox, and the workspace of the sandbox's prepaid parent (Acme Retail) on that cluster. */
export interface SandboxOrganisation {
  readonly cluster: PostgresCluster;
  readonly sandbox: RunningSandbox;
  readonly parent: SeededAccount;
  readonly workspace: OrganisationWorkspace;
  /** The person's login as the admin command adds it, with the sandbox's account ids. */
  memberOf(person: DesktopPerson): NewMember;
  /** The sandbox account the person's desktop signs in with: the parent, or their sub-account. */
  accountOf(person: DesktopPerson): DesktopAccount;
  /** Adds the person's login and opens their desktop, joined to the workspace. */
  openDesktop(person: DesktopPerson, more?: TestCoreOptions): Promise<WorkspaceDesktop>;
  /** Closes the workspace (and its desktops), the sandbox and the cluster. */
  close(): Promise<void>;
}

export async function startSandboxOrganisation(database: string, startSandbox: () => Promise<RunningSandbox> = startTestSandbox): Promise<SandboxOrganisation> {
  const [cluster, sandbox] = await Promise.all([startPostgresCluster(), startSandbox()]);
  try {
    const parent = prepaidParent(sandbox);
    const workspace = await openOrganisationWorkspace(cluster, database, { id: parent.sid, name: 'Acme Retail' });
    const subaccountOf = (person: DesktopPerson) => {
      const who = PEOPLE[person];
      if (who.kind === 'parent_manager') return null;
      const subaccount = parent.subaccounts.find((sub) => sub.name === who.subaccountName);
      if (!subaccount) throw new Error(`the sandbox seeded no sub-account ${who.subaccountName}`);
      return subaccount;
    };
    const organisation: SandboxOrganisation = {
      cluster,
      sandbox,
      parent,
      workspace,
      memberOf(person) {
        const who = PEOPLE[person];
        const subaccount = subaccountOf(person);
        return subaccount === null
          ? { roleName: who.roleName, displayName: who.displayName, organisationId: parent.sid, kind: 'parent_manager' }
          : {
              roleName: who.roleName,
              displayName: who.displayName,
              organisationId: parent.sid,
              kind: 'subaccount_member',
              subaccountSid: subaccount.sid,
              subaccountName: subaccount.name,
            };
      },
      accountOf(person) {
        const account = subaccountOf(person) ?? parent;
        return { sid: account.sid, apiKey: account.apiKey, name: account.name, role: account === parent ? 'parent' : 'subaccount' };
      },
      openDesktop: (person, more) => workspace.openDesktop(sandbox.url, organisation.accountOf(person), organisation.memberOf(person), more),
      async close() {
        await workspace.close();
        await sandbox.close();
        cluster.stop();
      },
    };
    return organisation;
  } catch (error) {
    await sandbox.close();
    cluster.stop();
    throw error;
  }
}
