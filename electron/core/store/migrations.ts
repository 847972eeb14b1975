import { KALEYRA_MESSAGE_STATUSES, LOCAL_MESSAGE_STATUSES, MessageStatusGroup } from '../../../shared/message-status';
import { campaignStatus, waveStatus } from '../../../shared/calls/campaigns';
import { OUTBOX_STATES } from '../../../shared/outbox-state';
import type { Migration } from '../../../sqlite/migration-runner';
import { sqlList, sqlStatus } from './sql-values';

/**
 * Forward-only schema history. A shipped entry never changes: add a new one instead.
 * Each runs in its own transaction together with the bump of `schema_version` (sqlite/migration-runner.ts).
 */
export type { Migration };

// Value sets come from shared/: rendered here they give the same text as when each migration shipped.
const QUEUED = sqlStatus('queued');
const BY_TRACE_REASON = sqlList(MessageStatusGroup.byTraceReason);

/** The instant an ISO-text column names, in epoch ms (julianday reads the Z or ±hh:mm offset; rounding keeps the ms exact). */
const epochMsOf = (column: string): string => `CAST(ROUND((julianday(${column}) - 2440587.5) * 86400000) AS INTEGER)`;

/**
 * Moves an ISO-text instant column to `<column>_ms` (epoch ms), keeping every value. A value that
 * names no instant fails a NOT NULL column's migration rather than becoming 0.
 */
function toEpochMs(table: string, column: string, options: { notNull?: boolean } = {}): string {
  // A NOT NULL column added to rows that exist needs a default; every row gets its value at once.
  const type = options.notNull === true ? 'INTEGER NOT NULL DEFAULT 0' : 'INTEGER';
  return `ALTER TABLE ${table} ADD COLUMN ${column}_ms ${type};
      UPDATE ${table} SET ${column}_ms = ${epochMsOf(column)} WHERE ${column} IS NOT NULL;
      ALTER TABLE ${table} DROP COLUMN ${column};`;
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
  {
    version: 3,
    name: 'audience import report, recipient filters, suppression list',
    sql: `
      ALTER TABLE audiences ADD COLUMN failure_reason TEXT;
      ALTER TABLE audiences ADD COLUMN default_country TEXT;
      -- Written once when an import completes: counts by issue kind, by zone source, by country and zone.
      ALTER TABLE audiences ADD COLUMN report_json TEXT;

      -- The recipients table filters by zone or by country and pages by row: with the row number
      -- (the primary key rides along in every index) each filter reads its rows already in order.
      DROP INDEX recipients_by_zone;
      CREATE INDEX recipients_by_zone ON recipients (audience_id, zone);
      CREATE INDEX recipients_by_country ON recipients (audience_id, country);
      CREATE INDEX audience_issues_by_kind ON audience_issues (audience_id, kind, row_number);

      -- Numbers a profile (an account or sub-account) must never message: applied to every import.
      CREATE TABLE suppressions (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        phone_e164  TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (reason IN ('opt_out', 'do_not_contact')),
        created_at  TEXT NOT NULL,
        PRIMARY KEY (profile_id, phone_e164)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 4,
    name: 'campaigns, waves, launch outbox, messages, reservations, status pull, rate cards',
    sql: `
      -- Drafts live here from the first keystroke (offline); a launch freezes them (status <> 'draft').
      CREATE TABLE campaigns (
        id                TEXT PRIMARY KEY,
        profile_id        TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        name              TEXT NOT NULL,
        -- No foreign key: deleting an audience must not take a launched campaign's history with it.
        audience_id       TEXT,
        sender_id         TEXT NOT NULL DEFAULT '',
        route_type        TEXT NOT NULL CHECK (route_type IN ('promotional', 'transactional')),
        schedule_json     TEXT,
        when_passed       TEXT CHECK (when_passed IN ('skip', 'send-now', 'next-day')),
        window_end        TEXT,
        quiet_hours_json  TEXT NOT NULL,
        fallback_zone     TEXT,
        budget_minor      INTEGER CHECK (budget_minor >= 0),
        currency          TEXT,
        status            TEXT NOT NULL CHECK (status IN (${sqlList(campaignStatus.options)})),
        revision          INTEGER NOT NULL DEFAULT 1,
        -- Why sending stopped by itself (key refused, account suspended, no credit), as a DeskError shape.
        blocked_json      TEXT,
        -- The SID the launch sends under, fixed at launch.
        account_sid       TEXT,
        created_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        launched_at       TEXT
      );
      CREATE INDEX campaigns_by_profile ON campaigns (profile_id, updated_at);
      CREATE INDEX campaigns_live ON campaigns (status) WHERE status IN ('scheduled', 'running', 'paused');

      CREATE TABLE campaign_variants (
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        position     INTEGER NOT NULL,
        language     TEXT NOT NULL,
        body         TEXT NOT NULL,
        is_default   INTEGER NOT NULL CHECK (is_default IN (0, 1)),
        PRIMARY KEY (campaign_id, position)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX campaign_variants_by_language ON campaign_variants (campaign_id, language COLLATE NOCASE);

      -- The plan as launched: one row per zone and start instant.
      CREATE TABLE campaign_waves (
        campaign_id           TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        wave_no               INTEGER NOT NULL,
        plan_id               TEXT NOT NULL,
        zone                  TEXT NOT NULL,
        local_date            TEXT NOT NULL,
        local_time            TEXT NOT NULL,
        send_at               TEXT NOT NULL,
        submit                TEXT NOT NULL CHECK (submit IN ('scheduled', 'immediate')),
        recipients            INTEGER NOT NULL,
        estimated_units       INTEGER NOT NULL,
        estimated_cost_minor  INTEGER NOT NULL,
        status                TEXT NOT NULL CHECK (status IN (${sqlList(waveStatus.options)})),
        PRIMARY KEY (campaign_id, wave_no)
      ) WITHOUT ROWID;

      -- One row per API request to make. Written in the launch's transaction; the reference goes in
      -- ref_custom and the API deduplicates on it, so a request re-sent after a crash is harmless.
      CREATE TABLE outbox (
        id                    INTEGER PRIMARY KEY,
        campaign_id           TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        wave_no               INTEGER NOT NULL,
        profile_id            TEXT NOT NULL,
        account_sid           TEXT NOT NULL,
        reference             TEXT NOT NULL,
        sender_id             TEXT NOT NULL,
        sms_type              TEXT NOT NULL,
        body                  TEXT NOT NULL,
        recipients_json       TEXT NOT NULL,
        recipient_count       INTEGER NOT NULL CHECK (recipient_count BETWEEN 1 AND 100),
        send_at_ms            INTEGER NOT NULL,
        zone                  TEXT NOT NULL,
        estimated_cost_minor  INTEGER NOT NULL,
        state                 TEXT NOT NULL CHECK (state IN (${sqlList(OUTBOX_STATES)})),
        attempts              INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms       INTEGER NOT NULL,
        last_error_json       TEXT,
        api_send_id           TEXT,
        -- Accepted with Kaleyra's time field: waiting at the API, so cancelling needs the API.
        scheduled_at_api      INTEGER NOT NULL DEFAULT 0,
        charged_minor         INTEGER,
        settled_at            TEXT
      );
      CREATE UNIQUE INDEX outbox_by_reference ON outbox (account_sid, reference);
      CREATE INDEX outbox_by_state ON outbox (state, next_attempt_ms);
      CREATE INDEX outbox_by_wave ON outbox (campaign_id, wave_no, state);
      CREATE INDEX outbox_by_send ON outbox (api_send_id) WHERE api_send_id IS NOT NULL;

      -- One row per recipient of a launch: queued until its request is accepted, then what the API says.
      CREATE TABLE campaign_messages (
        outbox_id       INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
        position        INTEGER NOT NULL,
        campaign_id     TEXT NOT NULL,
        wave_no         INTEGER NOT NULL,
        row_number      INTEGER NOT NULL,
        recipient       TEXT NOT NULL,
        message_id      TEXT,
        -- 'queued' until the API reports a status (its request may already be accepted: see outbox.state).
        status          TEXT NOT NULL CHECK (status IN (${sqlList(LOCAL_MESSAGE_STATUSES)},
                          ${sqlList(KALEYRA_MESSAGE_STATUSES)})),
        status_details  TEXT,
        charged_minor   INTEGER NOT NULL DEFAULT 0,
        -- The API's ordering of this message's changes: an older change never overwrites a newer one.
        status_seq      INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (outbox_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX campaign_messages_by_message_id ON campaign_messages (message_id) WHERE message_id IS NOT NULL;
      CREATE INDEX campaign_messages_by_wave ON campaign_messages (campaign_id, wave_no, status, charged_minor);

      -- Money promised to requests not yet charged. Released rows stay a while: a balance read
      -- before the release may not show the charge yet, so the money guard still counts them.
      CREATE TABLE reservations (
        outbox_id       INTEGER PRIMARY KEY REFERENCES outbox(id) ON DELETE CASCADE,
        profile_id      TEXT NOT NULL,
        account_sid     TEXT NOT NULL,
        campaign_id     TEXT NOT NULL,
        amount_minor    INTEGER NOT NULL CHECK (amount_minor >= 0),
        currency        TEXT NOT NULL,
        created_at_ms   INTEGER NOT NULL,
        released_at_ms  INTEGER
      );
      CREATE INDEX reservations_by_account ON reservations (account_sid, released_at_ms);
      CREATE INDEX reservations_by_campaign ON reservations (campaign_id, released_at_ms);

      -- Status changes pulled before the request that produced them was recorded as accepted.
      CREATE TABLE status_orphans (
        profile_id      TEXT NOT NULL,
        message_id      TEXT NOT NULL,
        reference       TEXT NOT NULL,
        status          TEXT NOT NULL,
        status_details  TEXT NOT NULL,
        charged_minor   INTEGER NOT NULL,
        seq             INTEGER NOT NULL,
        PRIMARY KEY (profile_id, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX status_orphans_by_reference ON status_orphans (profile_id, reference);

      CREATE TABLE status_pull_state (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        account_sid     TEXT NOT NULL,
        mode            TEXT NOT NULL CHECK (mode IN ('logs', 'status')),
        cursor          TEXT,
        last_pulled_at  TEXT,
        PRIMARY KEY (profile_id, account_sid)
      ) WITHOUT ROWID;

      -- Price of one unit (SMS segment) per destination, exact decimal in major units, as last pulled.
      CREATE TABLE rate_cards (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        country     TEXT NOT NULL,
        currency    TEXT NOT NULL,
        unit_price  TEXT NOT NULL,
        pulled_at   TEXT NOT NULL,
        PRIMARY KEY (profile_id, country)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    name: 'credits history and audit log',
    sql: `
      -- Every credit movement this desktop made (signed: + funds the sub-account, - went back to
      -- the parent) and every balance change a pull revealed; the platform has no history API.
      CREATE TABLE credit_history (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id           TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        subaccount_sid       TEXT NOT NULL,
        subaccount_name      TEXT NOT NULL,
        kind                 TEXT NOT NULL CHECK (kind IN ('initial_credit', 'recharge', 'withdrawal', 'deletion_return', 'observed')),
        amount_minor         INTEGER NOT NULL CHECK (amount_minor <> 0),
        currency             TEXT NOT NULL,
        balance_after_minor  INTEGER,
        source               TEXT NOT NULL CHECK (source IN ('desktop', 'pull')),
        at                   TEXT NOT NULL
      );
      CREATE INDEX credit_history_by_time ON credit_history (profile_id, at, id);
      CREATE INDEX credit_history_by_subaccount ON credit_history (profile_id, subaccount_sid, at, id);

      -- What people did from this desktop. No foreign key: the trail outlives a removed profile.
      CREATE TABLE audit_log (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id    TEXT NOT NULL,
        action        TEXT NOT NULL,
        target        TEXT,
        details_json  TEXT NOT NULL DEFAULT '{}',
        at            TEXT NOT NULL
      );
      CREATE INDEX audit_log_by_time ON audit_log (profile_id, at, id);
    `,
  },
  {
    version: 6,
    name: 'billing snapshots',
    sql: `
      -- What the API said about the account's money, kept when it changes: the latest row is the
      -- figure shown, the history shows how it moved.
      CREATE TABLE billing_snapshots (
        profile_id          TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pulled_at           TEXT NOT NULL,
        account_type        TEXT NOT NULL CHECK (account_type IN ('prepaid', 'postpaid')),
        credit_type         TEXT CHECK (credit_type IN ('assigned', 'shared')),
        currency            TEXT NOT NULL,
        balance_minor       INTEGER,
        credit_limit_minor  INTEGER,
        used_minor          INTEGER,
        remaining_minor     INTEGER,
        usage_75_percent    INTEGER,
        period_start        TEXT,
        period_end          TEXT,
        PRIMARY KEY (profile_id, pulled_at)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'throttle, frequency cap, replays, test sends, status times',
    sql: `
      -- Messages per minute a launch spreads each wave over (null = as fast as the account may send).
      ALTER TABLE campaigns ADD COLUMN throttle_per_minute INTEGER CHECK (throttle_per_minute > 0);
      -- Recipients this profile messaged within so many hours before launch are left out (null = no cap).
      ALTER TABLE campaigns ADD COLUMN frequency_cap_hours INTEGER CHECK (frequency_cap_hours > 0);
      -- The finished campaign a replay was made from, and which delivery statuses it took.
      ALTER TABLE campaigns ADD COLUMN replay_of TEXT;
      ALTER TABLE campaigns ADD COLUMN replay_statuses_json TEXT;

      -- When the API reported the message's current status, for the delivery timeline.
      ALTER TABLE campaign_messages ADD COLUMN status_at_ms INTEGER;
      -- The variant (language) the recipient was sent, fixed at launch.
      ALTER TABLE campaign_messages ADD COLUMN variant TEXT;
      -- When the API accepted the request: the "sent" side of the timeline.
      ALTER TABLE outbox ADD COLUMN accepted_at_ms INTEGER;
      -- The frequency cap asks "who did this profile message lately".
      CREATE INDEX outbox_by_profile_send ON outbox (profile_id, send_at_ms);

      -- One row per test message sent to a chosen number before launch (they cost money: kept).
      CREATE TABLE campaign_test_sends (
        id           INTEGER PRIMARY KEY,
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        profile_id   TEXT NOT NULL,
        phone_e164   TEXT NOT NULL,
        language     TEXT NOT NULL,
        body         TEXT NOT NULL,
        units        INTEGER NOT NULL,
        reference    TEXT NOT NULL,
        message_id   TEXT,
        sent_at      TEXT NOT NULL
      );
      CREATE INDEX campaign_test_sends_by_campaign ON campaign_test_sends (campaign_id, sent_at);
    `,
  },
  {
    version: 8,
    name: 'send-time rules of each request: windows, window end, hold or skip, why held',
    sql: `
      -- The windows (quiet hours, the law's for promotional messages) a request may leave in, fixed at launch.
      ALTER TABLE outbox ADD COLUMN send_windows_json TEXT NOT NULL DEFAULT '[]';
      -- The campaign's window end: nothing of it leaves after this instant.
      ALTER TABLE outbox ADD COLUMN not_after_ms INTEGER;
      -- What happens to a request due outside its windows: held to the next opening, or skipped.
      ALTER TABLE outbox ADD COLUMN outside_window TEXT NOT NULL DEFAULT 'hold' CHECK (outside_window IN ('hold', 'skip'));
      -- Why the outbox moved or skipped it when it was due (null: it went as planned).
      ALTER TABLE outbox ADD COLUMN held_reason TEXT;
      -- The sender takes due requests campaign by campaign, so one big campaign cannot starve a throttled one.
      CREATE INDEX outbox_by_campaign_due ON outbox (campaign_id, state, next_attempt_ms);
    `,
  },
  {
    version: 9,
    name: 'recipient country source, no-price choices, left-out recipients',
    sql: `
      -- What decided a recipient's country: the number's +code, the row's Country column, or the
      -- import's default country (null for rows imported before the Country column existed).
      ALTER TABLE recipients ADD COLUMN country_source TEXT CHECK (country_source IN ('number', 'row', 'default'));

      -- Per destination the rate card has no price for: leave its recipients out, or a price the
      -- user entered for this campaign ({"AU": {"action": "price", "unitPrice": "0.045"}}).
      ALTER TABLE campaigns ADD COLUMN no_price_choices_json TEXT NOT NULL DEFAULT '{}';

      -- Everyone the audience names who was not in a wave at launch, with why (the reasons of shared/left-out.ts).
      CREATE TABLE campaign_left_out (
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        row_number   INTEGER NOT NULL,
        phone_e164   TEXT,
        reason       TEXT NOT NULL,
        PRIMARY KEY (campaign_id, row_number)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 10,
    name: 'campaign progress counters, status-time index',
    sql: `
      -- Messages per campaign, wave, status and trace reason (UnDelivered and NotSent only; '' for
      -- the others), with what they were charged: the monitor reads these few rows instead of
      -- counting every message on each call. Triggers keep them in the same transaction as any
      -- write to campaign_messages, whoever makes it, so they can never drift from a recount.
      -- 'queued' is not counted: every message is written queued at launch, and a row-level
      -- trigger on each of a million inserts would slow the launch; queued messages are the
      -- outbox's recipients (one row per hundred) less those counted here.
      CREATE TABLE campaign_message_counts (
        campaign_id    TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        wave_no        INTEGER NOT NULL,
        status         TEXT NOT NULL CHECK (status <> ${QUEUED}),
        reason         TEXT NOT NULL,
        messages       INTEGER NOT NULL,
        charged_minor  INTEGER NOT NULL,
        PRIMARY KEY (campaign_id, wave_no, status, reason)
      ) WITHOUT ROWID;

      INSERT INTO campaign_message_counts (campaign_id, wave_no, status, reason, messages, charged_minor)
      SELECT m.campaign_id, m.wave_no, m.status,
        CASE WHEN m.status IN (${BY_TRACE_REASON}) THEN COALESCE(m.status_details, '') ELSE '' END AS reason,
        COUNT(*), SUM(m.charged_minor)
      FROM campaign_messages m JOIN campaigns c ON c.id = m.campaign_id
      WHERE m.status <> ${QUEUED}
      GROUP BY m.campaign_id, m.wave_no, m.status, reason;

      CREATE TRIGGER campaign_messages_count_insert AFTER INSERT ON campaign_messages WHEN NEW.status <> ${QUEUED} BEGIN
        INSERT INTO campaign_message_counts (campaign_id, wave_no, status, reason, messages, charged_minor)
        VALUES (NEW.campaign_id, NEW.wave_no, NEW.status,
          CASE WHEN NEW.status IN (${BY_TRACE_REASON}) THEN COALESCE(NEW.status_details, '') ELSE '' END, 1, NEW.charged_minor)
        ON CONFLICT (campaign_id, wave_no, status, reason)
          DO UPDATE SET messages = messages + 1, charged_minor = charged_minor + excluded.charged_minor;
      END;

      CREATE TRIGGER campaign_messages_count_delete AFTER DELETE ON campaign_messages WHEN OLD.status <> ${QUEUED} BEGIN
        UPDATE campaign_message_counts SET messages = messages - 1, charged_minor = charged_minor - OLD.charged_minor
        WHERE campaign_id = OLD.campaign_id AND wave_no = OLD.wave_no AND status = OLD.status
          AND reason = CASE WHEN OLD.status IN (${BY_TRACE_REASON}) THEN COALESCE(OLD.status_details, '') ELSE '' END;
      END;

      -- Only changes that move a message to another counter (or change its charge) touch the counters.
      CREATE TRIGGER campaign_messages_count_update AFTER UPDATE OF campaign_id, wave_no, status, status_details, charged_minor ON campaign_messages
      WHEN OLD.campaign_id IS NOT NEW.campaign_id OR OLD.wave_no IS NOT NEW.wave_no OR OLD.status IS NOT NEW.status
        OR OLD.charged_minor IS NOT NEW.charged_minor
        OR (NEW.status IN (${BY_TRACE_REASON}) AND OLD.status_details IS NOT NEW.status_details)
      BEGIN
        UPDATE campaign_message_counts SET messages = messages - 1, charged_minor = charged_minor - OLD.charged_minor
        WHERE OLD.status <> ${QUEUED} AND campaign_id = OLD.campaign_id AND wave_no = OLD.wave_no AND status = OLD.status
          AND reason = CASE WHEN OLD.status IN (${BY_TRACE_REASON}) THEN COALESCE(OLD.status_details, '') ELSE '' END;
        INSERT INTO campaign_message_counts (campaign_id, wave_no, status, reason, messages, charged_minor)
        SELECT NEW.campaign_id, NEW.wave_no, NEW.status,
          CASE WHEN NEW.status IN (${BY_TRACE_REASON}) THEN COALESCE(NEW.status_details, '') ELSE '' END, 1, NEW.charged_minor
        WHERE NEW.status <> ${QUEUED}
        ON CONFLICT (campaign_id, wave_no, status, reason)
          DO UPDATE SET messages = messages + 1, charged_minor = charged_minor + excluded.charged_minor;
      END;

      -- The counters answer what this index's charged_minor was for; the delivery timeline needs
      -- the status time instead, so a campaign's (or a wave's) final statuses are read from the index alone.
      DROP INDEX campaign_messages_by_wave;
      CREATE INDEX campaign_messages_by_status_time ON campaign_messages (campaign_id, wave_no, status, status_at_ms);
      -- The results export pages through a campaign in wave and row order, a slice at a time,
      -- instead of sorting every message in one statement. Written at launch only: no status touches it.
      CREATE INDEX campaign_messages_by_row ON campaign_messages (campaign_id, wave_no, row_number);
    `,
  },
  {
    version: 11,
    name: 'spend log store (messages and a cursor per account); bulk sub-account actions',
    sql: `
      -- What the spend dashboard knows of each message, folded from the API's log [ours] of its account.
      CREATE TABLE spend_messages (
        profile_id     TEXT NOT NULL,
        account_sid    TEXT NOT NULL,
        message_id     TEXT NOT NULL,
        country        TEXT,
        accepted_at_ms INTEGER NOT NULL,
        status         TEXT NOT NULL,
        charged_minor  INTEGER NOT NULL,
        units          INTEGER NOT NULL,
        campaign_id    TEXT,
        wave_no        INTEGER,
        PRIMARY KEY (profile_id, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX spend_messages_by_account ON spend_messages (profile_id, account_sid, accepted_at_ms);
      CREATE INDEX spend_messages_by_time ON spend_messages (profile_id, accepted_at_ms);

      -- Where each account's log was last read up to, so a pull resumes there (after a restart too).
      CREATE TABLE spend_log_cursors (
        profile_id   TEXT NOT NULL,
        account_sid  TEXT NOT NULL,
        cursor       TEXT,
        read_at      TEXT,
        problem      TEXT,
        PRIMARY KEY (profile_id, account_sid)
      ) WITHOUT ROWID;

      -- One row per account of a confirmed bulk action: a retry of the same operation never does an account twice.
      CREATE TABLE subaccount_bulk_items (
        operation_id  TEXT NOT NULL,
        profile_id    TEXT NOT NULL,
        sid           TEXT NOT NULL,
        action        TEXT NOT NULL,
        amount_minor  INTEGER,
        state         TEXT NOT NULL CHECK (state IN ('sending', 'done', 'refused', 'unknown', 'skipped')),
        message       TEXT NOT NULL,
        balance_after_minor INTEGER,
        currency      TEXT,
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (operation_id, sid)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'documented-only sandbox profiles, India DLT registry',
    sql: `
      -- A sandbox profile may talk to the embedded sandbox's documented-only listener, which
      -- answers every [ours] route like an unknown one (what a real account offers).
      ALTER TABLE profiles ADD COLUMN sandbox_documented_only INTEGER NOT NULL DEFAULT 0 CHECK (sandbox_documented_only IN (0, 1));

      -- India DLT registration per profile: the principal entity, its headers (each with its
      -- category) and its content templates (registered text with {#var#} slots).
      CREATE TABLE dlt_entities (
        profile_id  TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        entity_id   TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE TABLE dlt_headers (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        header      TEXT NOT NULL,
        category    TEXT NOT NULL CHECK (category IN ('promotional', 'transactional', 'service_implicit', 'service_explicit')),
        PRIMARY KEY (profile_id, header, category)
      ) WITHOUT ROWID;
      CREATE TABLE dlt_templates (
        profile_id   TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        template_id  TEXT NOT NULL,
        name         TEXT NOT NULL DEFAULT '',
        header       TEXT NOT NULL,
        category     TEXT NOT NULL CHECK (category IN ('promotional', 'transactional', 'service_implicit', 'service_explicit')),
        text         TEXT NOT NULL,
        PRIMARY KEY (profile_id, template_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 13,
    name: 'launch unit prices per campaign, hand-entered rate cards (documented spend)',
    sql: `
      -- The price per unit of each destination a launch was checked with (pulled, or typed by the
      -- user): spend computed from the documented status API multiplies units by these.
      CREATE TABLE campaign_unit_prices (
        campaign_id  TEXT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        country      TEXT NOT NULL,
        currency     TEXT NOT NULL,
        unit_price   TEXT NOT NULL,
        entered      INTEGER NOT NULL CHECK (entered IN (0, 1)),
        PRIMARY KEY (campaign_id, country)
      ) WITHOUT ROWID;

      -- A rate card the user typed for an account whose API serves none (Kaleyra documents no
      -- pricing route): exact decimals in major units, one currency per profile.
      CREATE TABLE entered_rate_cards (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        country     TEXT NOT NULL,
        currency    TEXT NOT NULL,
        unit_price  TEXT NOT NULL,
        entered_at  TEXT NOT NULL,
        PRIMARY KEY (profile_id, country)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 14,
    name: 'DLT template per variant, DLT fields of each request',
    sql: `
      -- The DLT template (of the profile's registry) a variant's text follows, and whether it goes
      -- as text (template_id alongside) or as Kaleyra's template send (template_id + template_data).
      ALTER TABLE campaign_variants ADD COLUMN dlt_template_id TEXT;
      ALTER TABLE campaign_variants ADD COLUMN dlt_send TEXT NOT NULL DEFAULT 'text' CHECK (dlt_send IN ('text', 'stored-template'));
      -- Fixed at launch for requests to Indian numbers: the template_id they carry and, for a
      -- template send, the variables that render the body from the stored text.
      ALTER TABLE outbox ADD COLUMN dlt_template_id TEXT;
      ALTER TABLE outbox ADD COLUMN template_data_json TEXT;
    `,
  },
  {
    version: 15,
    name: 'team workspace membership, pull cursors, pulled suppressions, last-messaged times and push conflicts per profile',
    sql: `
      -- A profile may join a team workspace (PostgreSQL). The address and login live here; the
      -- password is sealed in secrets.json like an API key, never in this file.
      CREATE TABLE workspace_memberships (
        profile_id        TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        host              TEXT NOT NULL,
        port              INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        database_name     TEXT NOT NULL,
        ssl_mode          TEXT NOT NULL CHECK (ssl_mode IN ('disable', 'require', 'verify-ca', 'verify-full')),
        role_name         TEXT NOT NULL,
        display_name      TEXT NOT NULL,
        member_kind       TEXT NOT NULL CHECK (member_kind IN ('parent_manager', 'subaccount_member')),
        organisation_id   TEXT NOT NULL,
        organisation_name TEXT NOT NULL,
        account_sid       TEXT NOT NULL,
        joined_at         TEXT NOT NULL
      ) WITHOUT ROWID;

      -- Where each profile's pulls of a workspace table resume: the snapshot watermark (an xid8 as
      -- text) below which every transaction has finished.
      CREATE TABLE workspace_cursors (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        table_name  TEXT NOT NULL,
        watermark   TEXT NOT NULL,
        pulled_at   TEXT NOT NULL,
        PRIMARY KEY (profile_id, table_name)
      ) WITHOUT ROWID;

      -- The workspace's suppressions as last pulled (with their revisions): the base of every push.
      -- The local suppressions table stays what plans and imports read.
      CREATE TABLE workspace_suppressions (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        account_sid TEXT NOT NULL,
        phone_e164  TEXT NOT NULL,
        reason      TEXT NOT NULL,
        note        TEXT NOT NULL,
        deleted     INTEGER NOT NULL CHECK (deleted IN (0, 1)),
        revision    INTEGER NOT NULL,
        updated_by  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (profile_id, id)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_suppressions_phone ON workspace_suppressions (profile_id, phone_e164);

      -- When each recipient was last messaged by this profile's account from any desktop (pulled), or
      -- from this one (pushed): the frequency cap reads it beside this desktop's own outbox.
      CREATE TABLE workspace_last_messaged (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        phone_e164  TEXT NOT NULL,
        last_at_ms  INTEGER NOT NULL,
        PRIMARY KEY (profile_id, phone_e164)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_last_messaged_at ON workspace_last_messaged (profile_id, last_at_ms);

      -- A push the workspace refused because someone changed the row first: both versions, until the person decides.
      CREATE TABLE workspace_conflicts (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        entity      TEXT NOT NULL,
        entity_id   TEXT NOT NULL,
        mine        TEXT NOT NULL,
        theirs      TEXT NOT NULL,
        detected_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 16,
    name: 'instants as epoch milliseconds: settled, wave send, launch, pull and sync times',
    sql: `
      -- Instants are epoch milliseconds in INTEGER columns named *_ms, as outbox.send_at_ms and the
      -- reservations always were: compared and bucketed in SQL as numbers, read without parsing.
      -- ISO text becomes its instant (julianday reads the Z or ±hh:mm offset; rounding keeps the ms exact).
      ${toEpochMs('outbox', 'settled_at')}
      ${toEpochMs('campaign_waves', 'send_at', { notNull: true })}
      ${toEpochMs('campaigns', 'launched_at')}
      ${toEpochMs('status_pull_state', 'last_pulled_at')}
      ${toEpochMs('spend_log_cursors', 'read_at')}
      ${toEpochMs('sync_state', 'last_synced_at')}
    `,
  },
  {
    version: 17,
    name: 'sub-account list sort indexes, stored spend alerts',
    sql: `
      -- The parent console asks for one window of the list at a time, sorted by a column: each
      -- sort reads an index in order instead of sorting 10,000 rows.
      CREATE INDEX subaccounts_by_name_nocase ON subaccounts (profile_id, name COLLATE NOCASE, sid);
      CREATE INDEX subaccounts_by_email_nocase ON subaccounts (profile_id, email COLLATE NOCASE, sid);

      -- The alerts the last spend refresh read, so a restart shows them before the next refresh.
      CREATE TABLE spend_alerts (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        alert_json  TEXT NOT NULL,
        at_ms       INTEGER NOT NULL,
        PRIMARY KEY (profile_id, id)
      ) WITHOUT ROWID;
      CREATE TABLE spend_alert_reads (
        profile_id  TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        problem     TEXT,
        read_at_ms  INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 18,
    name: 'staged launches: the money of a launch whose requests are still being written',
    sql: `
      -- A launch writes its requests and recipients in short slices (the screens' calls run
      -- between them). While it does, its campaign stays a draft the sender ignores, and this row
      -- reserves the whole estimate: the requests already written reserve their own part
      -- (reservations), this row the rest. A row left here by a crash is a launch that never
      -- finished: the next start deletes what it wrote (nothing of it was sent) and the row.
      CREATE TABLE launch_stages (
        campaign_id       TEXT PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        profile_id        TEXT NOT NULL,
        account_sid       TEXT NOT NULL,
        estimate_minor    INTEGER NOT NULL CHECK (estimate_minor >= 0),
        written_minor     INTEGER NOT NULL DEFAULT 0,
        requests_total    INTEGER NOT NULL,
        requests_written  INTEGER NOT NULL DEFAULT 0,
        started_at_ms     INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX launch_stages_by_account ON launch_stages (account_sid);
    `,
  },
  {
    version: 19,
    name: 'record instants as epoch milliseconds: created, updated, synced, pulled, sent, entered, joined, detected times and window ends',
    sql: `
      -- The rest of migration 16: every record time still held as ISO text becomes an INTEGER *_ms
      -- column with the same instant, so the store holds time one way. Indexes on a moved column
      -- are dropped first (SQLite refuses to drop an indexed column) and rebuilt on its *_ms.
      DROP INDEX audiences_by_profile;
      DROP INDEX campaigns_by_profile;
      DROP INDEX credit_history_by_time;
      DROP INDEX credit_history_by_subaccount;
      DROP INDEX audit_log_by_time;
      DROP INDEX campaign_test_sends_by_campaign;

      ${toEpochMs('profiles', 'created_at', { notNull: true })}
      ${toEpochMs('subaccounts', 'synced_at', { notNull: true })}
      ${toEpochMs('audiences', 'created_at', { notNull: true })}
      ${toEpochMs('audiences', 'updated_at', { notNull: true })}
      ${toEpochMs('suppressions', 'created_at', { notNull: true })}
      ${toEpochMs('campaigns', 'created_at', { notNull: true })}
      ${toEpochMs('campaigns', 'updated_at', { notNull: true })}
      ${toEpochMs('campaigns', 'window_end')}
      ${toEpochMs('rate_cards', 'pulled_at', { notNull: true })}
      ${toEpochMs('credit_history', 'at', { notNull: true })}
      ${toEpochMs('audit_log', 'at', { notNull: true })}
      ${toEpochMs('campaign_test_sends', 'sent_at', { notNull: true })}
      ${toEpochMs('subaccount_bulk_items', 'updated_at', { notNull: true })}
      ${toEpochMs('dlt_entities', 'updated_at', { notNull: true })}
      ${toEpochMs('entered_rate_cards', 'entered_at', { notNull: true })}
      ${toEpochMs('workspace_memberships', 'joined_at', { notNull: true })}
      ${toEpochMs('workspace_cursors', 'pulled_at', { notNull: true })}
      ${toEpochMs('workspace_suppressions', 'updated_at', { notNull: true })}
      ${toEpochMs('workspace_conflicts', 'detected_at', { notNull: true })}

      CREATE INDEX audiences_by_profile ON audiences (profile_id, created_at_ms);
      CREATE INDEX campaigns_by_profile ON campaigns (profile_id, updated_at_ms);
      CREATE INDEX credit_history_by_time ON credit_history (profile_id, at_ms, id);
      CREATE INDEX credit_history_by_subaccount ON credit_history (profile_id, subaccount_sid, at_ms, id);
      CREATE INDEX audit_log_by_time ON audit_log (profile_id, at_ms, id);
      CREATE INDEX campaign_test_sends_by_campaign ON campaign_test_sends (campaign_id, sent_at_ms);

      -- A billing snapshot is keyed by its pull time, so the table is rebuilt with the key on
      -- pulled_at_ms (nothing refers to it). Two texts naming the same millisecond (possible only
      -- with different offsets) keep the first; a text naming no instant fails the migration.
      CREATE TABLE billing_snapshots_by_ms (
        profile_id          TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        pulled_at_ms        INTEGER NOT NULL,
        account_type        TEXT NOT NULL CHECK (account_type IN ('prepaid', 'postpaid')),
        credit_type         TEXT CHECK (credit_type IN ('assigned', 'shared')),
        currency            TEXT NOT NULL,
        balance_minor       INTEGER,
        credit_limit_minor  INTEGER,
        used_minor          INTEGER,
        remaining_minor     INTEGER,
        usage_75_percent    INTEGER,
        period_start        TEXT,
        period_end          TEXT,
        PRIMARY KEY (profile_id, pulled_at_ms)
      ) WITHOUT ROWID;
      INSERT INTO billing_snapshots_by_ms (profile_id, pulled_at_ms, account_type, credit_type, currency, balance_minor,
          credit_limit_minor, used_minor, remaining_minor, usage_75_percent, period_start, period_end)
        SELECT profile_id, ${epochMsOf('pulled_at')}, account_type, credit_type, currency, balance_minor,
          credit_limit_minor, used_minor, remaining_minor, usage_75_percent, period_start, period_end
        FROM billing_snapshots WHERE true ORDER BY profile_id, pulled_at
        ON CONFLICT (profile_id, pulled_at_ms) DO NOTHING;
      DROP TABLE billing_snapshots;
      ALTER TABLE billing_snapshots_by_ms RENAME TO billing_snapshots;
      `,
  },
  {
    version: 20,
    name: "team audiences: audiences shared from this desktop and teammates' audiences seen in the workspace",
    sql: `
      -- One row per workspace audience a profile knows: its own shares (workspace_id is the local
      -- audience's id) and teammates' (local_audience_id set once its rows were pulled here).
      CREATE TABLE workspace_audiences (
        profile_id        TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        workspace_id      TEXT NOT NULL,
        local_audience_id TEXT REFERENCES audiences(id) ON DELETE SET NULL,
        shared_here       INTEGER NOT NULL CHECK (shared_here IN (0, 1)),
        account_sid       TEXT NOT NULL,
        name              TEXT NOT NULL,
        row_count         INTEGER NOT NULL DEFAULT 0,
        recipients        INTEGER NOT NULL DEFAULT 0,
        revision          INTEGER NOT NULL DEFAULT 0,
        shared_by         TEXT NOT NULL DEFAULT '',
        shared_at_ms      INTEGER,
        rows_complete     INTEGER NOT NULL DEFAULT 0 CHECK (rows_complete IN (0, 1)),
        deleted           INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
        PRIMARY KEY (profile_id, workspace_id)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_audiences_local ON workspace_audiences (local_audience_id);
      `,
  },
  {
    version: 21,
    name: 'team workspace campaigns: the shared revision, owner, status and launch of each campaign, and its pending push',
    sql: `
      -- A campaign has the same id here and in the workspace. This row is what the last push or pull
      -- knew of it: the workspace revision the local draft was edited from (the base of the next
      -- push), and the local revision that matched it. A local save bumps campaigns.revision, so a
      -- campaign whose revision differs from synced_local_revision (or that has no row) is waiting to
      -- be pushed, offline or not. No foreign key to campaigns: a deleted draft's row stays until its
      -- cancellation is pushed.
      CREATE TABLE workspace_campaigns (
        profile_id            TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id           TEXT NOT NULL,
        account_sid           TEXT NOT NULL,
        account_name          TEXT,
        base_revision         INTEGER,
        synced_local_revision INTEGER,
        status                TEXT NOT NULL CHECK (status IN ('draft', 'launching', 'launched', 'finished', 'cancelled')),
        updated_by_name       TEXT,
        updated_at_ms         INTEGER,
        launched_by_name      TEXT,
        launched_at_ms        INTEGER,
        PRIMARY KEY (profile_id, campaign_id)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_conflicts_by_entity ON workspace_conflicts (profile_id, entity, entity_id);
      `,
  },
  {
    version: 22,
    name: 'team workspace plan summaries: plans waiting to be pushed, pulled summaries and campaign states',
    sql: `
      -- The plan a person saw for a revision of a campaign of a workspace profile, until the next
      -- workspace sync pushes it (a later plan of the same campaign replaces it).
      CREATE TABLE workspace_plans_unpushed (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id     TEXT NOT NULL,
        revision        INTEGER NOT NULL,
        campaign_name   TEXT NOT NULL,
        budget_minor    INTEGER,
        recipients      INTEGER NOT NULL,
        left_out        INTEGER NOT NULL,
        estimate_minor  INTEGER NOT NULL,
        currency        TEXT NOT NULL,
        waves_json      TEXT NOT NULL,
        planned_at_ms   INTEGER NOT NULL,
        PRIMARY KEY (profile_id, campaign_id)
      ) WITHOUT ROWID;

      -- Plan summaries pulled from the workspace (every sub-account's for a parent manager, the own
      -- sub-account's for a member): only the newest revision of each campaign is kept.
      CREATE TABLE workspace_plan_summaries (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id     TEXT NOT NULL,
        revision        INTEGER NOT NULL,
        account_sid     TEXT NOT NULL,
        recipients      INTEGER NOT NULL,
        left_out        INTEGER NOT NULL,
        estimate_minor  INTEGER NOT NULL,
        currency        TEXT NOT NULL,
        waves_json      TEXT NOT NULL,
        planned_by      TEXT NOT NULL,
        planned_by_name TEXT NOT NULL,
        planned_at_ms   INTEGER NOT NULL,
        PRIMARY KEY (profile_id, campaign_id)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_plan_summaries_by_account ON workspace_plan_summaries (profile_id, account_sid);

      -- Each shared campaign's name and status as last pulled: a launched or cancelled campaign's plan no longer counts as planned.
      CREATE TABLE workspace_campaign_states (
        profile_id   TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id  TEXT NOT NULL,
        account_sid  TEXT NOT NULL,
        name         TEXT NOT NULL,
        status       TEXT NOT NULL,
        revision     INTEGER NOT NULL,
        PRIMARY KEY (profile_id, campaign_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 23,
    name: 'team workspace approvals: pulled rules and requests, and the local revision each request from this desktop was for',
    sql: `
      -- The workspace's sub-accounts this profile may see, with their approval rule (pulled whole:
      -- a removed rule leaves no row for a change window to find).
      CREATE TABLE workspace_approval_accounts (
        profile_id       TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        account_sid      TEXT NOT NULL,
        account_name     TEXT NOT NULL,
        threshold_minor  INTEGER,
        currency         TEXT,
        set_by           TEXT,
        set_at_ms        INTEGER,
        PRIMARY KEY (profile_id, account_sid)
      ) WITHOUT ROWID;
      -- Requests and decisions as pulled; campaign_revision is the campaign's workspace revision
      -- as last seen (a request for an older one is superseded: an edit voids it).
      CREATE TABLE workspace_approvals (
        profile_id         TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id        TEXT NOT NULL,
        revision           INTEGER NOT NULL,
        account_sid        TEXT NOT NULL,
        account_name       TEXT NOT NULL,
        campaign_name      TEXT NOT NULL,
        campaign_revision  INTEGER NOT NULL,
        estimate_minor     INTEGER NOT NULL,
        currency           TEXT,
        status             TEXT NOT NULL,
        requested_by       TEXT NOT NULL,
        requested_by_name  TEXT NOT NULL,
        requested_at_ms    INTEGER NOT NULL,
        decided_by         TEXT,
        decided_by_name    TEXT,
        decided_at_ms      INTEGER,
        note               TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (profile_id, campaign_id, revision)
      ) WITHOUT ROWID;
      CREATE INDEX workspace_approvals_by_status ON workspace_approvals (profile_id, status, requested_at_ms);
      -- A request sent from this desktop: the local revision of the draft it was for. Any local
      -- edit since (a new local revision) voids it, pushed or not.
      CREATE TABLE workspace_approval_links (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        campaign_id     TEXT NOT NULL,
        revision        INTEGER NOT NULL,
        local_revision  INTEGER NOT NULL,
        linked_at_ms    INTEGER NOT NULL,
        PRIMARY KEY (profile_id, campaign_id, revision)
      ) WITHOUT ROWID;
      -- Where the next pull of requests starts (a snapshot watermark, change-window.ts), moved with the rows it pulled.
      CREATE TABLE workspace_approval_cursors (
        profile_id  TEXT PRIMARY KEY REFERENCES profiles(id) ON DELETE CASCADE,
        watermark   TEXT NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 24,
    name: 'team workspace launch leases this desktop holds, and how each launch ended until the workspace is told',
    sql: `
      -- A launch of a profile that joined a team workspace holds the campaign's lease there. This
      -- row lives while it does: renewed while the campaign sends, released when it finishes, is
      -- cancelled or is undone; an ending the workspace could not be told yet waits here (offline).
      -- Epoch milliseconds, as every new instant in this store.
      CREATE TABLE workspace_launch_leases (
        campaign_id    TEXT PRIMARY KEY,
        profile_id     TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        taken_at_ms    INTEGER NOT NULL,
        renewed_at_ms  INTEGER NOT NULL,
        ending         TEXT CHECK (ending IN ('finished', 'cancelled', 'abandoned'))
      ) WITHOUT ROWID;
    `,
  },
];
