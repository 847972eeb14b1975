import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { MEMBER_GROUP_ROLE } from './migrations';

/** SIDs as Kaleyra issues them; also what may safely name a row. */
const SID_PATTERN = /^[A-Za-z0-9_]{3,64}$/;
/** Login roles are plain lower-case identifiers, so nobody has to quote them in a connection URL. */
const ROLE_PATTERN = /^[a-z_][a-z0-9_]{2,62}$/;

export type NewMember =
  | { roleName: string; displayName: string; organisationId: string; kind: 'parent_manager'; password?: string }
  | {
      roleName: string;
      displayName: string;
      organisationId: string;
      kind: 'subaccount_member';
      subaccountSid: string;
      subaccountName?: string;
      password?: string;
    };

export interface CreatedMember {
  roleName: string;
  password: string;
  kind: NewMember['kind'];
  accountSid: string;
}

/** The organisation is the Kaleyra parent account; `init` registers it once. */
export async function ensureOrganisation(admin: pg.Client, organisation: { id: string; name: string }): Promise<void> {
  if (!SID_PATTERN.test(organisation.id)) throw new Error(`"${organisation.id}" is not a Kaleyra SID (letters, digits and _).`);
  if (organisation.name.trim() === '') throw new Error('Give the organisation a name (--name).');
  await admin.query('INSERT INTO desk.organisations (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = excluded.name', [
    organisation.id,
    organisation.name.trim(),
  ]);
}

/**
 * A LOGIN role for one person, in the members' group, and their membership row: either a parent
 * manager of the organisation or a member of exactly one of its sub-accounts (registered on first
 * use). One transaction: the role exists if and only if its membership does.
 */
export async function addMember(admin: pg.Client, member: NewMember): Promise<CreatedMember> {
  if (!ROLE_PATTERN.test(member.roleName)) {
    throw new Error(`"${member.roleName}" cannot be a login name: use 3–63 lower-case letters, digits or _, starting with a letter.`);
  }
  if (member.displayName.trim() === '') throw new Error('Give the member a display name (--display-name).');
  const accountSid = member.kind === 'parent_manager' ? member.organisationId : member.subaccountSid;
  if (!SID_PATTERN.test(accountSid)) throw new Error(`"${accountSid}" is not a Kaleyra SID (letters, digits and _).`);
  if (member.kind === 'subaccount_member' && accountSid === member.organisationId) {
    throw new Error("A sub-account member needs a sub-account SID, not the parent's own: use --parent-manager for the parent.");
  }
  const password = member.password ?? randomBytes(18).toString('base64url');
  await admin.query('BEGIN');
  try {
    const organisation = await admin.query('SELECT 1 FROM desk.organisations WHERE id = $1', [member.organisationId]);
    if (organisation.rowCount === 0) throw new Error(`No organisation ${member.organisationId} in this workspace: run "workspace init" for it first.`);
    if (member.kind === 'subaccount_member') {
      const taken = await admin.query<{ organisation_id: string }>('SELECT organisation_id FROM desk.subaccounts WHERE sid = $1', [accountSid]);
      const owner = taken.rows[0]?.organisation_id;
      if (owner !== undefined && owner !== member.organisationId)
        throw new Error(`Sub-account ${accountSid} belongs to another organisation in this workspace.`);
      await admin.query('INSERT INTO desk.subaccounts (organisation_id, sid, name) VALUES ($1, $2, $3) ON CONFLICT (organisation_id, sid) DO NOTHING', [
        member.organisationId,
        accountSid,
        member.subaccountName?.trim() || accountSid,
      ]);
    }
    const role = pg.escapeIdentifier(member.roleName);
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(password)} IN ROLE ${MEMBER_GROUP_ROLE}`);
    await admin.query('INSERT INTO desk.members (role_name, organisation_id, kind, account_sid, display_name) VALUES ($1, $2, $3, $4, $5)', [
      member.roleName,
      member.organisationId,
      member.kind,
      accountSid,
      member.displayName.trim(),
    ]);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK');
    if (error instanceof pg.DatabaseError && error.code === '42710')
      throw new Error(`A login role named ${member.roleName} already exists on this server: choose another name.`);
    throw error;
  }
  return { roleName: member.roleName, password, kind: member.kind, accountSid };
}
