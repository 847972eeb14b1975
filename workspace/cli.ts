/**
 * `npm run workspace -- init|migrate|add-member …`: the team workspace's admin command. It talks to
 * PostgreSQL as the admin (the schema's owner), never as a member, and never sees an API key.
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { migrateWorkspace } from './migrate';
import { addMember, ensureOrganisation } from './members';

const USAGE = `Usage: npm run workspace -- <command> [options]

  init        --organisation <parent SID> --name <organisation name>
              creates or migrates the schema and registers the organisation (the Kaleyra parent account)
  migrate     applies the migrations this version knows (safe to repeat)
  add-member  --organisation <parent SID> --role <login name> --display-name <name>
              (--parent-manager | --subaccount <sub-account SID> [--subaccount-name <name>])
              [--password-env <VARIABLE>]   (otherwise a password is generated and printed once)

Every command takes --url <postgresql://admin@host/db> or the DESK_WORKSPACE_ADMIN_URL variable.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      url: { type: 'string' },
      organisation: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      'display-name': { type: 'string' },
      'parent-manager': { type: 'boolean' },
      subaccount: { type: 'string' },
      'subaccount-name': { type: 'string' },
      'password-env': { type: 'string' },
    },
  });
  if (command !== 'init' && command !== 'migrate' && command !== 'add-member') {
    process.stderr.write(USAGE);
    return 2;
  }
  const url = values.url ?? process.env.DESK_WORKSPACE_ADMIN_URL;
  if (!url) return fail('Give the admin connection URL with --url or DESK_WORKSPACE_ADMIN_URL.');

  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  await admin.connect();
  try {
    switch (command) {
      case 'migrate': {
        const outcome = await migrateWorkspace(admin);
        report(
          outcome.applied.length === 0
            ? `Schema already at version ${outcome.to}.`
            : `Schema migrated from ${outcome.from} to ${outcome.to}: ${outcome.applied.join('; ')}.`,
        );
        return 0;
      }
      case 'init': {
        if (!values.organisation || !values.name) return fail('init needs --organisation <parent SID> and --name <organisation name>.');
        const outcome = await migrateWorkspace(admin);
        await ensureOrganisation(admin, { id: values.organisation, name: values.name });
        report(`Workspace ready at schema version ${outcome.to}; organisation ${values.organisation} (${values.name}) registered.`);
        return 0;
      }
      case 'add-member': {
        const { organisation, role } = values;
        const displayName = values['display-name'];
        if (!organisation || !role || !displayName) return fail('add-member needs --organisation, --role and --display-name.');
        if (Boolean(values['parent-manager']) === Boolean(values.subaccount)) return fail('Choose exactly one of --parent-manager and --subaccount <SID>.');
        const passwordVariable = values['password-env'];
        const password = passwordVariable ? process.env[passwordVariable] : undefined;
        if (passwordVariable && !password) return fail(`The variable ${passwordVariable} is empty.`);
        const common = { roleName: role, displayName, organisationId: organisation, ...(password ? { password } : {}) };
        const created = values.subaccount
          ? await addMember(admin, {
              ...common,
              kind: 'subaccount_member',
              subaccountSid: values.subaccount,
              ...(values['subaccount-name'] ? { subaccountName: values['subaccount-name'] } : {}),
            })
          : await addMember(admin, { ...common, kind: 'parent_manager' });
        const what = created.kind === 'parent_manager' ? `parent manager of ${organisation}` : `member of sub-account ${created.accountSid}`;
        report(`Login role ${created.roleName} created: ${what}.`);
        if (!password) report(`Password (shown once; give it to ${displayName} to enter on their desktop): ${created.password}`);
        return 0;
      }
    }
  } finally {
    await admin.end();
  }
}

function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fail(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
