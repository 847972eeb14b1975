import type { ProfileRole } from '../../../shared/contract';
import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export interface ProfileRecord {
  id: string;
  displayName: string;
  kind: 'sandbox' | 'kaleyra';
  baseUrl: string;
  sid: string;
  role: ProfileRole;
  createdAt: string;
  /** Sandbox profiles only: talks to the embedded sandbox's documented-only listener. Read back always; `save` leaves it alone. */
  sandboxDocumentedOnly?: boolean;
}

interface ProfileRow {
  id: string;
  display_name: string;
  kind: 'sandbox' | 'kaleyra';
  base_url: string;
  sid: string;
  role: ProfileRole;
  created_at_ms: number;
  sandbox_documented_only: number;
}

const toRecord = (row: ProfileRow): ProfileRecord => ({
  id: row.id,
  displayName: row.display_name,
  kind: row.kind,
  baseUrl: row.base_url,
  sid: row.sid,
  role: row.role,
  createdAt: isoAt(row.created_at_ms),
  sandboxDocumentedOnly: row.sandbox_documented_only === 1,
});

export class ProfilesRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get listStatement() {
    return this.statements.statement<[], ProfileRow>('SELECT * FROM profiles ORDER BY created_at_ms, id');
  }

  private get byIdStatement() {
    return this.statements.statement<{ id: string }, ProfileRow>('SELECT * FROM profiles WHERE id = @id');
  }

  private get byKindStatement() {
    return this.statements.statement<{ kind: string }, ProfileRow>('SELECT * FROM profiles WHERE kind = @kind ORDER BY created_at_ms LIMIT 1');
  }

  private get upsertStatement() {
    return this.statements.statement(`
      INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms)
      VALUES (@id, @displayName, @kind, @baseUrl, @sid, @role, @createdAtMs)
      ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
        base_url = excluded.base_url, sid = excluded.sid, role = excluded.role`);
  }

  private get deleteStatement() {
    return this.statements.statement('DELETE FROM profiles WHERE id = @id');
  }

  private get documentedOnlyStatement() {
    return this.statements.statement('UPDATE profiles SET sandbox_documented_only = @on, base_url = @baseUrl WHERE id = @id');
  }

  list(): ProfileRecord[] {
    return this.listStatement.all().map(toRecord);
  }

  get(id: string): ProfileRecord | undefined {
    const row = this.byIdStatement.get({ id });
    return row && toRecord(row);
  }

  firstOfKind(kind: ProfileRecord['kind']): ProfileRecord | undefined {
    const row = this.byKindStatement.get({ kind });
    return row && toRecord(row);
  }

  save(profile: ProfileRecord): void {
    this.upsertStatement.run({ ...profile, createdAtMs: msOfIso(profile.createdAt) });
  }

  /** Switches a sandbox profile between the full and the documented-only API (one statement: flag and URL move together). */
  setSandboxDocumentedOnly(id: string, on: boolean, baseUrl: string): void {
    this.documentedOnlyStatement.run({ id, on: on ? 1 : 0, baseUrl });
  }

  /** Removes the profile and, through foreign keys, everything cached for it. */
  delete(id: string): boolean {
    return this.deleteStatement.run({ id }).changes > 0;
  }
}
