import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { expect, type Page } from '@playwright/test';
import { addMember, ensureOrganisation, type NewMember } from '../../../workspace/members';
import { migrateWorkspace } from '../../../workspace/migrate';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { test as deskTest, type Desk } from './desk-test';
import { prepaidParentOf, subaccountOf } from './standalone-sandbox';

/**
 * The `desk` fixture plus `postgres`: a throwaway PostgreSQL cluster per call to `start`, skipped
 * where PostgreSQL is not installed, and stopped after the test's hosts (the app first, then the
 * server it may still be talking to).
 */
export const test = deskTest.extend<{ postgres: { start(): Promise<PostgresCluster> } }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  postgres: async ({}, use, testInfo) => {
    const clusters: PostgresCluster[] = [];
    await use({
      async start() {
        testInfo.skip(postgresSkipReason !== null, postgresSkipReason ?? '');
        const cluster = await startPostgresCluster();
        clusters.push(cluster);
        return cluster;
      },
    });
    for (const cluster of clusters) cluster.stop();
  },
  // Depending on `postgres` sets it up first, so it is torn down after the hosts.
  desk: async ({ desk, postgres }, use) => {
    void postgres;
    await use(desk);
  },
});

export { expect } from '@playwright/test';

/** A throwaway cluster beside a standalone sandbox (the "remote" Kaleyra), with the sandbox's Acme Retail and its AcmeNorth team. */
export async function startRemoteAcme(postgres: { start(): Promise<PostgresCluster> }, desk: Desk) {
  const [cluster, remote] = await Promise.all([postgres.start(), desk.startSandbox()]);
  const parent = prepaidParentOf(remote);
  return { cluster, remote, parent, north: subaccountOf(parent, 'AcmeNorth') };
}

/** The embedded sandbox's account of that name, read from its own file in the host's data folder. */
export function sandboxAccount(dataDir: string, name: string): { sid: string; parentSid: string | null } {
  const db = new Database(join(dataDir, 'sandbox', 'sandbox.sqlite'), { readonly: true });
  try {
    const row = db.prepare<[string], { sid: string; parent_sid: string | null }>('SELECT sid, parent_sid FROM accounts WHERE name = ?').get(name);
    if (!row) throw new Error(`no sandbox account named ${name}`);
    return { sid: row.sid, parentSid: row.parent_sid };
  } finally {
    db.close();
  }
}

/** Acme Retail's parent manager, as the specs' workspaces know her. */
export const priyaParent = (parentSid: string) =>
  ({ roleName: 'priya_parent', displayName: 'Priya Raman', organisationId: parentSid, kind: 'parent_manager' }) as const;

/** AcmeNorth's team member, as the specs' workspaces know him. */
export const nilsNorth = (parentSid: string, northSid: string) =>
  ({
    roleName: 'nils_north',
    displayName: 'Nils Åberg',
    organisationId: parentSid,
    kind: 'subaccount_member',
    subaccountSid: northSid,
    subaccountName: 'AcmeNorth',
  }) as const;

export interface TeamWorkspace {
  /** What a member types in "Workspace address". */
  address: string;
  /** The owner's connection string (bypasses row-level security). */
  adminUrl: string;
  /** Each member's generated password, by login name. */
  passwords: Record<string, string>;
}

/**
 * A fresh workspace database on `cluster` made with the admin command's own functions: migrated,
 * the organisation registered, one login per member; `seed` may add rows as the owner before it closes.
 */
export async function createTeamWorkspace(
  cluster: PostgresCluster,
  database: string,
  setup: { organisation: { id: string; name: string }; members: NewMember[]; seed?: (admin: pg.Client) => Promise<void> },
): Promise<TeamWorkspace> {
  const adminUrl = await cluster.createDatabase(database);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const passwords: Record<string, string> = {};
  try {
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, setup.organisation);
    for (const member of setup.members) passwords[member.roleName] = (await addMember(admin, member)).password;
    await setup.seed?.(admin);
  } finally {
    await admin.end();
  }
  return { address: `postgresql://${cluster.host}:${cluster.port}/${database}`, adminUrl, passwords };
}

/** Joins the active profile to the workspace from the Profiles screen, as a user does, and waits for "connected". */
export async function joinWorkspace(page: Page, workspace: { address: string; login: string; password: string }): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Profiles', exact: true }).click();
  const card = page.getByTestId('workspace-section');
  await card.getByLabel('Workspace address').fill(workspace.address);
  await card.getByLabel('Login').fill(workspace.login);
  await card.getByLabel('Password').fill(workspace.password);
  await card.getByRole('button', { name: 'Check and join' }).click();
  await expect(card.getByTestId('workspace-status').getByRole('status')).toContainText('connected');
}
