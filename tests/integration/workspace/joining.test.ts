/**
 * Joining a team workspace from a profile, through the core's calls as the UI makes them: a real
 * core on a real SQLite file, the real sandbox for the profiles, a throwaway PostgreSQL cluster
 * for the workspace. Without a workspace nothing changes; a login must fit the profile's account;
 * TLS is required away from this computer; the password is sealed like an API key and API keys
 * never reach the workspace.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallOutput } from '../../../shared/contract';
import { DATABASE_FILE, SECRETS_FILE } from '../../../electron/core/core';
import { SANDBOX_PROFILE_ID } from '../../../electron/core/profiles/profiles-service';
import type { RunningSandbox } from '../../../sandbox/server';
import { addMember, ensureOrganisation } from '../../../workspace/members';
import { migrateWorkspace } from '../../../workspace/migrate';
import { callOk, prepaidParent, startTestCore, startTestSandbox, tempDir } from '../app/support';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';

const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

describeWithPostgres('joining a team workspace from a profile', () => {
  let cluster: PostgresCluster;
  let sandbox: RunningSandbox;
  let admin: pg.Client;
  let core: Awaited<ReturnType<typeof startTestCore>>;
  let dataDir: string;
  let workspaceUrl: string;
  let parentSid: string;
  let parentApiKey: string;
  let team: { sid: string; apiKey: string; name: string };
  let otherTeamSid: string;
  let otherTeamApiKey: string;
  const logins = new Map<string, string>();

  beforeAll(async () => {
    [cluster, sandbox] = await Promise.all([startPostgresCluster(), startTestSandbox()]);
    const adminUrl = await cluster.createDatabase('acme_team');
    workspaceUrl = `postgresql://${cluster.host}:${cluster.port}/acme_team`;
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    const parent = prepaidParent(sandbox);
    parentSid = parent.sid;
    parentApiKey = parent.apiKey;
    const [first, second] = parent.subaccounts.filter((sub) => sub.status === 'active');
    team = { sid: first!.sid, apiKey: first!.apiKey, name: first!.name };
    if (!second) throw new Error('the sandbox seeded fewer than two active sub-accounts');
    otherTeamSid = second.sid;
    otherTeamApiKey = second.apiKey;
    await migrateWorkspace(admin);
    await ensureOrganisation(admin, { id: parentSid, name: 'Acme Retail' });
    for (const [role, member] of [
      ['priya_parent', { displayName: 'Priya Raman', kind: 'parent_manager' as const }],
      ['nils_team', { displayName: 'Nils Åberg', kind: 'subaccount_member' as const, subaccountSid: team.sid }],
      ['sofia_other', { displayName: 'Sofía Peña', kind: 'subaccount_member' as const, subaccountSid: otherTeamSid }],
    ] as const) {
      logins.set(role, (await addMember(admin, { roleName: role, organisationId: parentSid, ...member })).password);
    }
    dataDir = tempDir('desk-workspace-join-');
    core = await startTestCore(dataDir, { url: sandbox.url, sid: parent.sid, apiKey: parent.apiKey, name: parent.name }, false, [
      { profileId: 'sandbox-team', url: sandbox.url, sid: team.sid, apiKey: team.apiKey, name: team.name, role: 'subaccount' },
    ]);
  });

  afterAll(async () => {
    core?.close();
    await admin?.end();
    await sandbox?.close();
    cluster?.stop();
  });

  const tryJoin = (profileId: string, url: string, user: string, password: string) => core.call('workspace.join', { profileId, url, user, password });
  const membershipRows = () => {
    const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
    try {
      return db.prepare('SELECT * FROM workspace_memberships').all();
    } finally {
      db.close();
    }
  };

  it('with no workspace nothing changes: the status says so and the profile works as before', async () => {
    expect(await callOk(core, 'workspace.status', { profileId: SANDBOX_PROFILE_ID })).toEqual({ joined: false, profileId: SANDBOX_PROFILE_ID });
    expect(await callOk(core, 'workspace.status', { profileId: 'sandbox-team', check: false })).toEqual({ joined: false, profileId: 'sandbox-team' });
    expect((await callOk(core, 'profiles.list')).map((p) => p.id)).toEqual(expect.arrayContaining([SANDBOX_PROFILE_ID, 'sandbox-team']));
    expect(membershipRows()).toEqual([]);
  });

  it('refuses an unencrypted connection to another computer, and addresses it cannot use, before connecting', async () => {
    const cases: Array<[string, RegExp]> = [
      ['postgresql://db.example.com:5432/acme?sslmode=disable', /on another computer.*must be encrypted.*sslmode=verify-full/],
      ['postgres://10.20.30.40/acme?sslmode=prefer', /must be encrypted/],
      [`postgresql://priya_parent:${logins.get('priya_parent')}@${cluster.host}:${cluster.port}/acme_team`, /login and password in their own fields/],
      ['https://db.example.com/acme', /starts with postgresql:\/\//],
      ['postgresql://db.example.com:5432/', /database name/],
      ['postgresql://db.example.com/acme?sslmode=verify-full&sslrootcert=/tmp/x', /sslrootcert/],
    ];
    for (const [url, message] of cases) {
      const result = await tryJoin(SANDBOX_PROFILE_ID, url, 'priya_parent', 'whatever-password');
      expect({ url, result }).toMatchObject({
        url,
        result: { ok: false, error: { code: 'VALIDATION_FAILED', field: 'url', message: expect.stringMatching(message) } },
      });
    }
    expect(membershipRows()).toEqual([]);
  });

  it('refuses a wrong password, a closed port and a login of another account, saving nothing', async () => {
    const wrongPassword = await tryJoin(SANDBOX_PROFILE_ID, workspaceUrl, 'priya_parent', 'not-the-password');
    expect(wrongPassword).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REFUSED', field: 'password' } });
    const closedPort = await tryJoin(SANDBOX_PROFILE_ID, `postgresql://127.0.0.1:1/acme_team`, 'priya_parent', logins.get('priya_parent')!);
    expect(closedPort).toMatchObject({ ok: false, error: { code: 'WORKSPACE_UNREACHABLE', message: expect.stringContaining('Could not reach') } });
    const noDatabase = await tryJoin(
      SANDBOX_PROFILE_ID,
      `postgresql://${cluster.host}:${cluster.port}/no_such_db`,
      'priya_parent',
      logins.get('priya_parent')!,
    );
    expect(noDatabase).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REFUSED', message: expect.stringContaining('no_such_db') } });
    // The other sub-account's login on this sub-account's profile, a parent login on it, a team login on the parent profile.
    const otherTeam = await tryJoin('sandbox-team', workspaceUrl, 'sofia_other', logins.get('sofia_other')!);
    expect(otherTeam).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_REFUSED', message: expect.stringContaining(`belongs to sub-account ${otherTeamSid}`) },
    });
    const parentOnTeam = await tryJoin('sandbox-team', workspaceUrl, 'priya_parent', logins.get('priya_parent')!);
    expect(parentOnTeam).toMatchObject({ ok: false, error: { code: 'WORKSPACE_REFUSED', message: expect.stringContaining('parent manager login') } });
    const teamOnParent = await tryJoin(SANDBOX_PROFILE_ID, workspaceUrl, 'nils_team', logins.get('nils_team')!);
    expect(teamOnParent).toMatchObject({
      ok: false,
      error: { code: 'WORKSPACE_REFUSED', message: expect.stringContaining(`this profile is the parent account ${parentSid}`) },
    });
    expect(membershipRows()).toEqual([]);
    expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).not.toContain('workspace:');
  });

  it('joins with a fitting login, seals the password like an API key, and reports the status', async () => {
    const password = logins.get('priya_parent')!;
    const joined = await callOk(core, 'workspace.join', { profileId: SANDBOX_PROFILE_ID, url: workspaceUrl, user: 'priya_parent', password });
    expect(joined).toMatchObject({
      joined: true,
      server: `${cluster.host}:${cluster.port}`,
      database: 'acme_team',
      tls: false,
      roleName: 'priya_parent',
      displayName: 'Priya Raman',
      memberKind: 'parent_manager',
      organisationId: parentSid,
      organisationName: 'Acme Retail',
      connection: 'online',
    });
    const teamJoined = await callOk(core, 'workspace.join', {
      profileId: 'sandbox-team',
      url: workspaceUrl,
      user: 'nils_team',
      password: logins.get('nils_team')!,
    });
    expect(teamJoined).toMatchObject({ memberKind: 'subaccount_member', accountSid: team.sid, displayName: 'Nils Åberg' });

    expect(await callOk(core, 'workspace.status', { profileId: SANDBOX_PROFILE_ID })).toMatchObject({ joined: true, connection: 'online' });
    // The password is in secrets.json, sealed; neither it nor an API key is in the SQLite file or in the workspace.
    const secrets = readFileSync(join(dataDir, SECRETS_FILE), 'utf8');
    expect(secrets).toContain(`workspace:${SANDBOX_PROFILE_ID}`);
    expect(secrets).not.toContain(password);
    expect(readFileSync(join(dataDir, DATABASE_FILE)).includes(Buffer.from(password))).toBe(false);
    expect(membershipRows()).toHaveLength(2);
    const tables = await admin.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'desk'");
    let everything = '';
    for (const { table_name } of tables.rows) {
      const dump = await admin.query<{ dump: string | null }>(
        `SELECT string_agg(row_to_json(t)::text, '') AS dump FROM desk.${pg.escapeIdentifier(table_name)} t`,
      );
      everything += dump.rows[0]?.dump ?? '';
    }
    expect(everything).toContain('Priya Raman');
    for (const secret of [parentApiKey, team.apiKey, password]) expect(everything).not.toContain(secret);
  });

  it('shows a login the server no longer accepts as a problem to fix, and leaving forgets the login on this desktop only', async () => {
    await admin.query(`ALTER ROLE nils_team PASSWORD ${pg.escapeLiteral('rotated-by-the-admin')}`);
    const status = await callOk(core, 'workspace.status', { profileId: 'sandbox-team' });
    expect(status).toMatchObject({ joined: true, connection: 'refused', problem: expect.stringContaining('refused this login and password') });

    const left = await callOk(core, 'workspace.leave', { profileId: 'sandbox-team' });
    expect(left).toEqual({ left: true });
    expect(await callOk(core, 'workspace.status', { profileId: 'sandbox-team' })).toEqual({ joined: false, profileId: 'sandbox-team' });
    expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).not.toContain('workspace:sandbox-team');
    // The workspace itself is untouched: the login still exists there.
    expect((await admin.query("SELECT 1 FROM desk.members WHERE role_name = 'nils_team'")).rowCount).toBe(1);
    expect((await callOk(core, 'workspace.leave', { profileId: 'sandbox-team' })).left).toBe(false);
  });

  it('removing a profile forgets its workspace login too', async () => {
    const added: CallOutput<'profiles.add'> = await callOk(core, 'profiles.add', {
      displayName: 'Other team',
      baseUrl: sandbox.url,
      sid: otherTeamSid,
      apiKey: otherTeamApiKey,
    });
    await callOk(core, 'workspace.join', { profileId: added.id, url: workspaceUrl, user: 'sofia_other', password: logins.get('sofia_other')! });
    expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).toContain(`workspace:${added.id}`);
    await callOk(core, 'profiles.remove', { profileId: added.id });
    expect(readFileSync(join(dataDir, SECRETS_FILE), 'utf8')).not.toContain(`workspace:${added.id}`);
    expect(membershipRows()).toHaveLength(1);
  });
});
