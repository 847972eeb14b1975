import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';
import { wireAlert, type WireAlert } from '../../../shared/kaleyra/billing';
import type { SqliteDatabase } from './database';

export interface StoredAlerts {
  alerts: WireAlert[];
  /** Why the last read failed (the alerts are then those of the read before). */
  problem: string | null;
}

/**
 * The alerts (low balance, 75 % of a monthly limit) the last spend refresh read, per profile: the
 * dashboard shows them from here, so a restart shows them before the next refresh.
 */
export class SpendAlertsRepository {
  private readonly statements: StatementCache;

  constructor(private readonly db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get deleteStatement() {
    return this.statements.statement('DELETE FROM spend_alerts WHERE profile_id = @profileId');
  }

  private get insertStatement() {
    return this.statements.statement(`
      INSERT INTO spend_alerts (profile_id, id, alert_json, at_ms) VALUES (@profileId, @id, @alertJson, @atMs)
      ON CONFLICT (profile_id, id) DO UPDATE SET alert_json = excluded.alert_json, at_ms = excluded.at_ms`);
  }

  private get problemStatement() {
    return this.statements.statement(`
      INSERT INTO spend_alert_reads (profile_id, problem, read_at_ms) VALUES (@profileId, @problem, @readAtMs)
      ON CONFLICT (profile_id) DO UPDATE SET problem = excluded.problem, read_at_ms = excluded.read_at_ms`);
  }

  private get alertsStatement() {
    return this.statements.statement<{ profileId: string }, { alert_json: string }>(
      'SELECT alert_json FROM spend_alerts WHERE profile_id = @profileId ORDER BY at_ms, id',
    );
  }

  private get readStatement() {
    return this.statements.statement<{ profileId: string }, { problem: string | null }>('SELECT problem FROM spend_alert_reads WHERE profile_id = @profileId');
  }

  /** A complete read: the stored alerts become these, in one transaction. */
  replace(profileId: string, alerts: readonly WireAlert[], readAtMs: number): void {
    this.db
      .transaction(() => {
        this.deleteStatement.run({ profileId });
        for (const alert of alerts)
          this.insertStatement.run({ profileId, id: `${alert.sid}:${alert.cursor}`, alertJson: JSON.stringify(alert), atMs: Date.parse(alert.at) });
        this.problemStatement.run({ profileId, problem: null, readAtMs });
      })
      .immediate();
  }

  /** A failed read: the alerts stay as they were, with why they may be old. */
  recordProblem(profileId: string, problem: string, readAtMs: number): void {
    this.problemStatement.run({ profileId, problem, readAtMs });
  }

  /** Oldest first, as the API lists them; null before the first read. */
  read(profileId: string): StoredAlerts | null {
    const read = this.readStatement.get({ profileId });
    if (!read) return null;
    const alerts = this.alertsStatement.all({ profileId }).flatMap((row) => {
      const parsed = wireAlert.safeParse(JSON.parse(row.alert_json));
      return parsed.success ? [parsed.data] : [];
    });
    return { alerts, problem: read.problem };
  }
}
