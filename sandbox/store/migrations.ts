import type { Migration } from '../../sqlite/migration-runner';

/**
 * Ordered schema migrations, applied by the runner the core shares (sqlite/migration-runner.ts):
 * `version` is the `user_version` after applying. Never edit a shipped entry: append a new one.
 *
 * Money is integer minor units. `ledger` is the source of truth: for every account,
 * accounts.balance_minor = SUM(ledger.amount_minor) and, per UTC month,
 * usage_by_period.used_minor = -SUM(ledger.amount_minor of that period). Both caches are
 * written in the same transaction as the ledger row (see ledger-repository.ts).
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, ledger, usage, rate cards, sends, messages, events, alerts, opt-outs',
    sql: `
  CREATE TABLE accounts (
    sid                      TEXT PRIMARY KEY,
    parent_sid               TEXT REFERENCES accounts(sid),
    api_key                  TEXT NOT NULL UNIQUE,
    name                     TEXT NOT NULL,
    email                    TEXT NOT NULL,
    billing                  TEXT CHECK (billing IN ('prepaid', 'postpaid')),
    credit_type              TEXT CHECK (credit_type IN ('assigned', 'shared')),
    status                   TEXT NOT NULL CHECK (status IN ('invited', 'active', 'suspended', 'deleted')),
    country_iso_code         TEXT NOT NULL,
    currency                 TEXT NOT NULL,
    enterprise_domain        TEXT,
    channels                 TEXT NOT NULL DEFAULT '["sms"]',
    balance_minor            INTEGER NOT NULL DEFAULT 0,
    monthly_limit_minor      INTEGER,
    low_balance_alert        INTEGER NOT NULL DEFAULT 0,
    low_balance_alert_minor  INTEGER,
    low_balance_alert_emails TEXT NOT NULL DEFAULT '[]',
    low_balance_alert_armed  INTEGER NOT NULL DEFAULT 1,
    usage_alert_period       TEXT,
    rate_limit_requests      INTEGER,
    rate_limit_window_ms     INTEGER,
    subaccount_counter       INTEGER NOT NULL DEFAULT 0,
    seed_order               INTEGER NOT NULL DEFAULT 0,
    created_at               INTEGER NOT NULL,
    updated_at               INTEGER NOT NULL,
    CHECK ((parent_sid IS NULL) = (billing IS NOT NULL)),
    CHECK ((parent_sid IS NULL) = (credit_type IS NULL))
  );
  CREATE UNIQUE INDEX accounts_name_per_parent ON accounts(parent_sid, name COLLATE NOCASE)
    WHERE status <> 'deleted' AND parent_sid IS NOT NULL;
  CREATE UNIQUE INDEX accounts_email_live ON accounts(email COLLATE NOCASE) WHERE status <> 'deleted';

  CREATE TABLE ledger (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    account_sid      TEXT NOT NULL REFERENCES accounts(sid),
    kind             TEXT NOT NULL CHECK (kind IN ('opening_balance', 'allocation', 'withdrawal',
                       'deletion_return', 'sms_charge', 'sms_refund', 'subaccount_usage', 'subaccount_refund')),
    amount_minor     INTEGER NOT NULL,
    period           TEXT NOT NULL,
    counterparty_sid TEXT,
    reference        TEXT,
    created_at       INTEGER NOT NULL
  );
  CREATE INDEX ledger_account_period ON ledger(account_sid, period);

  CREATE TABLE usage_by_period (
    account_sid TEXT NOT NULL REFERENCES accounts(sid),
    period      TEXT NOT NULL,
    used_minor  INTEGER NOT NULL,
    PRIMARY KEY (account_sid, period)
  ) WITHOUT ROWID;

  CREATE TABLE rate_card (
    parent_sid  TEXT NOT NULL REFERENCES accounts(sid),
    country     TEXT NOT NULL,
    price_minor INTEGER NOT NULL CHECK (price_minor > 0),
    PRIMARY KEY (parent_sid, country)
  ) WITHOUT ROWID;

  CREATE TABLE sends (
    id              TEXT PRIMARY KEY,
    account_sid     TEXT NOT NULL REFERENCES accounts(sid),
    idempotency_key TEXT,
    response_json   TEXT NOT NULL,
    created_at      INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX sends_idempotency ON sends(account_sid, idempotency_key) WHERE idempotency_key IS NOT NULL;

  CREATE TABLE messages (
    message_id    TEXT PRIMARY KEY,
    send_id       TEXT NOT NULL REFERENCES sends(id),
    account_sid   TEXT NOT NULL REFERENCES accounts(sid),
    recipient     TEXT NOT NULL,
    country       TEXT,
    units         INTEGER NOT NULL,
    charge_minor  INTEGER NOT NULL,
    charge_period TEXT NOT NULL,
    status        TEXT NOT NULL,
    trace         TEXT NOT NULL,
    scheduled_at  INTEGER,
    due_at        INTEGER,
    ref_custom    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
  );
  CREATE INDEX messages_due ON messages(due_at) WHERE due_at IS NOT NULL;
  CREATE INDEX messages_send ON messages(send_id);
  CREATE INDEX messages_account_status ON messages(account_sid, status);

  CREATE TABLE message_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_sid TEXT NOT NULL,
    message_id  TEXT NOT NULL REFERENCES messages(message_id),
    status      TEXT NOT NULL,
    trace       TEXT NOT NULL,
    at          INTEGER NOT NULL
  );
  CREATE INDEX message_events_account ON message_events(account_sid, seq);

  CREATE TABLE alerts (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    account_sid     TEXT NOT NULL REFERENCES accounts(sid),
    kind            TEXT NOT NULL CHECK (kind IN ('low_balance', 'usage_75_percent')),
    amount_minor    INTEGER NOT NULL,
    threshold_minor INTEGER NOT NULL,
    currency        TEXT NOT NULL,
    emails          TEXT NOT NULL,
    at              INTEGER NOT NULL
  );
  CREATE INDEX alerts_account ON alerts(account_sid, seq);

  CREATE TABLE opt_outs (
    parent_sid TEXT NOT NULL REFERENCES accounts(sid),
    phone      TEXT NOT NULL,
    at         INTEGER NOT NULL,
    PRIMARY KEY (parent_sid, phone)
  ) WITHOUT ROWID;
  `,
  },
  // 2: content templates stored per account (Kaleyra's template send), and India's DLT
  // registration of an account (headers with their category; whether operators scrub its +91 sends).
  {
    version: 2,
    name: 'content templates, DLT headers, DLT scrubbing',
    sql: `
  CREATE TABLE sms_templates (
    account_sid TEXT NOT NULL REFERENCES accounts(sid),
    template_id TEXT NOT NULL,
    text        TEXT NOT NULL,
    header      TEXT,
    category    TEXT CHECK (category IN ('promotional', 'transactional', 'service_implicit', 'service_explicit')),
    PRIMARY KEY (account_sid, template_id)
  ) WITHOUT ROWID;

  CREATE TABLE dlt_headers (
    account_sid TEXT NOT NULL REFERENCES accounts(sid),
    header      TEXT NOT NULL,
    category    TEXT NOT NULL CHECK (category IN ('promotional', 'transactional', 'service_implicit', 'service_explicit')),
    PRIMARY KEY (account_sid, header, category)
  ) WITHOUT ROWID;

  CREATE TABLE dlt_scrubbed_accounts (
    account_sid TEXT PRIMARY KEY REFERENCES accounts(sid)
  ) WITHOUT ROWID;
  `,
  },
];
