/**
 * Forward-only schema history. A shipped entry never changes: add a new one instead.
 * Each runs in its own transaction together with the bump of `schema_version`.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'profiles, sub-account cache, sync state',
    sql: `
      CREATE TABLE profiles (
        id            TEXT PRIMARY KEY,
        display_name  TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('sandbox', 'kaleyra')),
        base_url      TEXT NOT NULL,
        sid           TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('parent', 'subaccount')),
        created_at    TEXT NOT NULL,
        UNIQUE (base_url, sid)
      );

      CREATE TABLE app_settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE subaccounts (
        profile_id              TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        sid                     TEXT NOT NULL,
        name                    TEXT NOT NULL,
        email                   TEXT NOT NULL,
        status                  TEXT NOT NULL,
        credit_type             TEXT NOT NULL,
        channels_json           TEXT NOT NULL,
        country                 TEXT,
        currency                TEXT,
        balance_minor           INTEGER,
        monthly_limit_minor     INTEGER,
        used_this_month_minor   INTEGER,
        synced_at               TEXT NOT NULL,
        PRIMARY KEY (profile_id, sid)
      ) WITHOUT ROWID;
      CREATE INDEX subaccounts_by_status ON subaccounts (profile_id, status, name);

      CREATE TABLE sync_state (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        stream          TEXT NOT NULL,
        cursor          TEXT,
        last_synced_at  TEXT,
        PRIMARY KEY (profile_id, stream)
      ) WITHOUT ROWID;
    `,
  },
];
