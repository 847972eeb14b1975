/**
 * The admin command as an administrator runs it, `npm run workspace -- …` (here `tsx
 * workspace/cli.ts`), against a fresh database: init creates the schema and the organisation,
 * migrate is safe to repeat, add-member creates login roles that really log in, and mistakes are
 * refused with a sentence that says what to fix.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateWorkspace } from '../../../workspace/migrate';
import { WORKSPACE_MIGRATIONS } from '../../../workspace/migrations';
import { postgresSkipReason, startPostgresCluster, type PostgresCluster } from '../../support/postgres-cluster';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const describeWithPostgres = postgresSkipReason ? describe.skip : describe;

interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

function workspaceCommand(args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'workspace/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** Runs `use` on a fresh connection to `url`, then ends it. */
async function connected<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

describeWithPostgres('npm run workspace -- init | migrate | add-member', () => {
  let cluster: PostgresCluster;
  let adminUrl: string;
  /** `add-member` with the admin URL, the organisation, the login and the display name; `more` says what the member is. */
  const addMember = (organisation: string, role: string, displayName: string, ...more: string[]) => [
    'add-member',
    '--url',
    adminUrl,
    '--organisation',
    organisation,
    '--role',
    role,
    '--display-name',
    displayName,
    ...more,
  ];

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    adminUrl = await cluster.createDatabase('team');
  });
  afterAll(() => cluster?.stop());

  it('init creates the schema with its migrations table and registers the organisation; migrate repeats safely', async () => {
    const init = await workspaceCommand(['init', '--url', adminUrl, '--organisation', 'ACME_PARENT01', '--name', 'Acme Retail Pvt. Ltd.']);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain(`schema version ${WORKSPACE_MIGRATIONS.at(-1)!.version}`);
    // The URL may come from the environment instead of the command line.
    const again = await workspaceCommand(['migrate'], { DESK_WORKSPACE_ADMIN_URL: adminUrl });
    expect(again).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('already at version');

    await connected(adminUrl, async (admin) => {
      const versions = await admin.query<{ version: number }>('SELECT version FROM desk.schema_migrations ORDER BY version');
      expect(versions.rows.map((row) => row.version)).toEqual(WORKSPACE_MIGRATIONS.map((m) => m.version));
      expect((await admin.query('SELECT id, name FROM desk.organisations')).rows).toEqual([{ id: 'ACME_PARENT01', name: 'Acme Retail Pvt. Ltd.' }]);
      // Every table of the schema has row-level security on.
      const withoutRls = await admin.query(
        "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'desk' " +
          "AND c.relkind = 'r' AND NOT c.relrowsecurity AND relname <> 'schema_migrations'",
      );
      expect(withoutRls.rows).toEqual([]);
    });
  });

  it('add-member creates a login per person: a parent manager, or a member of exactly one sub-account', async () => {
    const parent = await workspaceCommand(addMember('ACME_PARENT01', 'priya_parent', 'Priya Raman', '--parent-manager'));
    expect(parent.code).toBe(0);
    const password = /Password \(shown once[^)]*\): (\S+)/.exec(parent.stdout)?.[1];
    expect(password).toBeDefined();

    const chosen = 'a-password the admin chose';
    const member = await workspaceCommand(
      addMember(
        'ACME_PARENT01',
        'jose_south',
        'José Núñez',
        '--subaccount',
        'ACME_SOUTH01',
        '--subaccount-name',
        'AcmeSouth',
        '--password-env',
        'JOSE_PASSWORD',
      ),
      { JOSE_PASSWORD: chosen },
    );
    expect(member).toMatchObject({ code: 0 });
    expect(member.stdout).toContain('member of sub-account ACME_SOUTH01');
    expect(member.stdout).not.toContain(chosen);

    for (const [user, secret, expected] of [
      ['priya_parent', password!, { kind: 'parent_manager', account_sid: 'ACME_PARENT01', display_name: 'Priya Raman' }],
      ['jose_south', chosen, { kind: 'subaccount_member', account_sid: 'ACME_SOUTH01', display_name: 'José Núñez' }],
    ] as const) {
      const me = await connected(cluster.urlFor({ user, password: secret, database: 'team' }), (client) =>
        client.query('SELECT kind, account_sid, display_name FROM desk.my_membership()'),
      );
      expect(me.rows).toEqual([expected]);
    }
    const wrong = new pg.Client({ connectionString: cluster.urlFor({ user: 'jose_south', password: 'not-it', database: 'team' }) });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('refuses mistakes with what to fix, and writes nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [addMember('ACME_PARENT01', 'priya_parent', 'Again', '--parent-manager'), /already exists.*choose another name/],
      [addMember('ACME_PARENT01', 'Robert; DROP', 'Bobby', '--parent-manager'), /cannot be a login name/],
      [addMember('NO_SUCH_ORG', 'nobody_here', 'N', '--parent-manager'), /run "workspace init"/],
      [addMember('ACME_PARENT01', 'two_hats', 'T', '--parent-manager', '--subaccount', 'ACME_NORTH01'), /exactly one of/],
      [addMember('ACME_PARENT01', 'own_parent', 'O', '--subaccount', 'ACME_PARENT01'), /use --parent-manager/],
      [['init', '--url', adminUrl], /--organisation/],
      [['launch'], /Usage/],
    ];
    for (const [args, message] of cases) {
      const result = await workspaceCommand(args);
      expect({ args: args.join(' '), failed: result.code !== 0 }).toEqual({ args: args.join(' '), failed: true });
      expect(result.stderr).toMatch(message);
    }
    await connected(adminUrl, async (admin) => {
      expect((await admin.query('SELECT role_name FROM desk.members ORDER BY 1')).rows.map((r) => r.role_name)).toEqual(['jose_south', 'priya_parent']);
      expect((await admin.query("SELECT rolname FROM pg_roles WHERE rolname IN ('two_hats', 'own_parent', 'nobody_here')")).rowCount).toBe(0);
      // A database migrated by a newer app is refused rather than half-understood.
      await admin.query("INSERT INTO desk.schema_migrations (version, name) VALUES (999, 'from the future')");
      await expect(migrateWorkspace(admin)).rejects.toThrow(/newer Campaign Desk/);
    });
  });
});
