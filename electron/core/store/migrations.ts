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
  {
    version: 2,
    name: 'audiences and recipients',
    sql: `
      CREATE TABLE audiences (
        id                TEXT PRIMARY KEY,
        profile_id        TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name              TEXT NOT NULL,
        source_name       TEXT,
        status            TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed', 'cancelled')),
        custom_fields_json TEXT NOT NULL DEFAULT '[]',
        total_rows        INTEGER NOT NULL DEFAULT 0,
        valid_rows        INTEGER NOT NULL DEFAULT 0,
        invalid_rows      INTEGER NOT NULL DEFAULT 0,
        duplicate_rows    INTEGER NOT NULL DEFAULT 0,
        opted_out_rows    INTEGER NOT NULL DEFAULT 0,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL
      );
      CREATE INDEX audiences_by_profile ON audiences (profile_id, created_at);

      -- One row per valid recipient; millions per audience, so compact and keyed by row.
      CREATE TABLE recipients (
        audience_id     TEXT NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
        row_number      INTEGER NOT NULL,
        phone_e164      TEXT NOT NULL,
        country         TEXT,
        zone            TEXT,
        zone_source     TEXT NOT NULL CHECK (zone_source IN ('column', 'prefix', 'country', 'fallback', 'unknown')),
        zone_candidates TEXT,
        language        TEXT,
        name            TEXT,
        fields_json     TEXT,
        PRIMARY KEY (audience_id, row_number)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX recipients_by_phone ON recipients (audience_id, phone_e164);
      CREATE INDEX recipients_by_zone ON recipients (audience_id, zone, country);

      -- Rows that are not recipients, and why: the import report, row by row.
      CREATE TABLE audience_issues (
        audience_id  TEXT NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
        row_number   INTEGER NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('invalid', 'duplicate', 'opted_out', 'zone_unknown', 'zone_ambiguous')),
        value        TEXT,
        code         TEXT NOT NULL,
        message      TEXT NOT NULL,
        PRIMARY KEY (audience_id, row_number, kind)
      ) WITHOUT ROWID;
    `,
  },
];
