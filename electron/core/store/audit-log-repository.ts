import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { isoAt } from '../time';
import { msOfIso } from './stored-instants';

export interface AuditRecord {
  id: number;
  profileId: string;
  action: string;
  target: string | null;
  details: Record<string, unknown>;
  at: string;
}

interface AuditRow {
  id: number;
  profile_id: string;
  action: string;
  target: string | null;
  details_json: string;
  at_ms: number;
}

/**
 * What people did from this desktop, one row per completed action, written in the same
 * transaction as the change it describes. Never holds secrets: callers pass facts only.
 */
export class AuditLogRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get insertStatement() {
    return this.statements.statement(
      'INSERT INTO audit_log (profile_id, action, target, details_json, at_ms) VALUES (@profileId, @action, @target, @detailsJson, @atMs)',
    );
  }

  private get recentStatement() {
    return this.statements.statement<{ profileId: string; limit: number }, AuditRow>(
      'SELECT * FROM audit_log WHERE profile_id = @profileId ORDER BY at_ms DESC, id DESC LIMIT @limit',
    );
  }

  record(profileId: string, action: string, target: string | null, details: Record<string, unknown>, at: string): void {
    this.insertStatement.run({ profileId, action, target, detailsJson: JSON.stringify(details), atMs: msOfIso(at) });
  }

  recent(profileId: string, limit = 100): AuditRecord[] {
    return this.recentStatement.all({ profileId, limit }).map((row) => ({
      id: row.id,
      profileId: row.profile_id,
      action: row.action,
      target: row.target,
      details: JSON.parse(row.details_json) as Record<string, unknown>,
      at: isoAt(row.at_ms),
    }));
  }
}
