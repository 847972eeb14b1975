import type { SqliteDatabase } from './database';
import { statementsOf, type StatementCache } from '../../../sqlite/statement-cache';

/** Small key/value settings of this desktop (the active profile, UI choices). Never secrets. */
export class SettingsRepository {
  private readonly statements: StatementCache;

  constructor(db: SqliteDatabase) {
    this.statements = statementsOf(db);
  }

  private get getStatement() {
    return this.statements.statement<{ key: string }, { value: string }>('SELECT value FROM app_settings WHERE key = @key');
  }

  private get setStatement() {
    return this.statements.statement('INSERT INTO app_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | undefined {
    return this.getStatement.get({ key })?.value;
  }

  set(key: string, value: string): void {
    this.setStatement.run({ key, value });
  }
}
