import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';
import type { WorkspaceMemberKind } from '../../../shared/calls/workspace';
import type { SqliteDatabase } from './database';

export type WorkspaceSslMode = 'disable' | 'require' | 'verify-ca' | 'verify-full';

/** A profile's team workspace: where it is and who this person is in it. The password is not here (secrets.json). */
export interface WorkspaceMembership {
  profileId: string;
  host: string;
  port: number;
  databaseName: string;
  sslMode: WorkspaceSslMode;
  roleName: string;
  displayName: string;
  memberKind: WorkspaceMemberKind;
  organisationId: string;
  organisationName: string;
  accountSid: string;
  joinedAt: string;
}

interface MembershipRow {
  profile_id: string;
  host: string;
  port: number;
  database_name: string;
  ssl_mode: WorkspaceSslMode;
  role_name: string;
  display_name: string;
  member_kind: WorkspaceMemberKind;
  organisation_id: string;
  organisation_name: string;
  account_sid: string;
  joined_at_ms: number;
}

const toMembership = (row: MembershipRow): WorkspaceMembership => ({
  profileId: row.profile_id,
  host: row.host,
  port: row.port,
  databaseName: row.database_name,
  sslMode: row.ssl_mode,
  roleName: row.role_name,
  displayName: row.display_name,
  memberKind: row.member_kind,
  organisationId: row.organisation_id,
  organisationName: row.organisation_name,
  accountSid: row.account_sid,
  joinedAt: isoAt(row.joined_at_ms),
});

export class WorkspaceMembershipsRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get getStatement() {
    return this.statements.statement<{ profileId: string }, MembershipRow>('SELECT * FROM workspace_memberships WHERE profile_id = @profileId');
  }

  private get saveStatement() {
    return this.statements.statement(`
      INSERT INTO workspace_memberships (profile_id, host, port, database_name, ssl_mode, role_name, display_name, member_kind,
        organisation_id, organisation_name, account_sid, joined_at_ms)
      VALUES (@profileId, @host, @port, @databaseName, @sslMode, @roleName, @displayName, @memberKind,
        @organisationId, @organisationName, @accountSid, @joinedAtMs)
      ON CONFLICT (profile_id) DO UPDATE SET host = excluded.host, port = excluded.port, database_name = excluded.database_name,
        ssl_mode = excluded.ssl_mode, role_name = excluded.role_name, display_name = excluded.display_name,
        member_kind = excluded.member_kind, organisation_id = excluded.organisation_id,
        organisation_name = excluded.organisation_name, account_sid = excluded.account_sid, joined_at_ms = excluded.joined_at_ms`);
  }

  private get deleteStatement() {
    return this.statements.statement('DELETE FROM workspace_memberships WHERE profile_id = @profileId');
  }

  get(profileId: string): WorkspaceMembership | undefined {
    const row = this.getStatement.get({ profileId });
    return row && toMembership(row);
  }

  save(membership: WorkspaceMembership): void {
    this.saveStatement.run({ ...membership, joinedAtMs: msOfIso(membership.joinedAt) });
  }

  delete(profileId: string): boolean {
    return this.deleteStatement.run({ profileId }).changes > 0;
  }
}
