import type { SqliteDatabase } from './database';

/** Small key/value settings of this desktop (the active profile, UI choices). Never secrets. */
export class SettingsRepository {
  private readonly getStatement;
  private readonly setStatement;

  constructor(db: SqliteDatabase) {
    this.getStatement = db.prepare<{ key: string }, { value: string }>(
      'SELECT value FROM app_settings WHERE key = @key',
    );
    this.setStatement = db.prepare(
      'INSERT INTO app_settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
  }

  get(key: string): string | undefined {
    return this.getStatement.get({ key })?.value;
  }

  set(key: string, value: string): void {
    this.setStatement.run({ key, value });
  }
}
