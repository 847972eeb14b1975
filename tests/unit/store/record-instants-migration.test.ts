import { describe, expect, it } from 'vitest';
import { AudiencesRepository } from '../../../electron/core/store/audiences-repository';
import { AuditLogRepository } from '../../../electron/core/store/audit-log-repository';
import { BillingRepository } from '../../../electron/core/store/billing-repository';
import { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import { CreditHistoryRepository } from '../../../electron/core/store/credit-history-repository';
import { migrate, openDatabase, type SqliteDatabase } from '../../../electron/core/store/database';
import { EnteredRateCardRepository } from '../../../electron/core/store/entered-rate-card-repository';
import { migrations } from '../../../electron/core/store/migrations';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';
import { RateCardRepository } from '../../../electron/core/store/rate-card-repository';
import { SubaccountsRepository } from '../../../electron/core/store/subaccounts-repository';
import { SuppressionsRepository } from '../../../electron/core/store/suppressions-repository';
import { TestSendsRepository } from '../../../electron/core/store/test-sends-repository';
import { WorkspaceMembershipsRepository } from '../../../electron/core/store/workspace-memberships-repository';
import { WorkspaceSyncRepository } from '../../../electron/core/store/workspace-sync-repository';

const migration = migrations.find((entry) => entry.name.startsWith('record instants as epoch milliseconds'));

// The instants are the truth; the rows hold them as text the way writers did: toISOString (Z and
// milliseconds), and the other valid ISO forms a row may carry (no milliseconds, microseconds from
// PostgreSQL, a zone offset). Each is made from the instant here, never from what the code reads.
const iso = (ms: number) => new Date(ms).toISOString();
const noMillis = (ms: number) => {
  if (ms % 1000 !== 0) throw new Error('an instant without milliseconds is needed');
  return iso(ms).replace('.000Z', 'Z');
};
const withMicros = (ms: number, micros: string) => iso(ms).replace('Z', `${micros}Z`);
const atOffset = (ms: number, minutes: number) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = new Date(ms + minutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(minutes);
  return `${local}${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
};

const ACME_CREATED = Date.UTC(2025, 10, 2, 8, 15, 30, 0);
// Created an hour before Acme, written in Kolkata's offset: its text sorts after Acme's, its instant before.
const GLOBEX_CREATED = ACME_CREATED - 3_600_000 + 7;
const SYNCED_NORTH = Date.UTC(2026, 2, 29, 1, 0, 0, 0); // the instant London's clocks go forward
const SYNCED_SOUTH = Date.UTC(2026, 2, 29, 0, 59, 59, 999);
const AUDIENCE_CREATED = Date.UTC(2026, 0, 31, 23, 59, 59, 999);
const AUDIENCE_UPDATED = Date.UTC(2026, 1, 1, 4, 0, 0, 250);
const AUDIENCE2_CREATED = Date.UTC(2026, 1, 14, 9, 30, 0, 0);
const SUPPRESSED_UK = Date.UTC(2026, 1, 3, 12, 0, 0, 1);
const SUPPRESSED_IN = Date.UTC(2026, 1, 3, 12, 0, 0, 2);
const CAMPAIGN_CREATED = Date.UTC(2026, 2, 1, 10, 0, 0, 0);
const CAMPAIGN_UPDATED = Date.UTC(2026, 2, 2, 10, 0, 0, 123);
const DRAFT_CREATED = Date.UTC(2026, 2, 3, 8, 0, 0, 0);
const WINDOW_END = Date.UTC(2026, 2, 2, 15, 30, 0, 0); // 21:00 in Kolkata, as the schedule step wrote it
const RATES_PULLED = Date.UTC(2026, 2, 4, 6, 7, 8, 9);
const RATES_ENTERED = Date.UTC(2026, 2, 4, 23, 30, 0, 0); // already the 5th in Sydney
const CREDIT_1 = Date.UTC(2026, 2, 5, 9, 0, 0, 0);
const CREDIT_2 = Date.UTC(2026, 2, 6, 18, 45, 12, 500);
const CREDIT_3 = Date.UTC(2026, 2, 7, 0, 0, 0, 0);
const AUDIT_1 = Date.UTC(2026, 2, 5, 9, 0, 0, 1);
const AUDIT_2 = Date.UTC(2026, 2, 5, 9, 0, 1, 0);
const BILLING_EARLY = Date.UTC(2026, 2, 8, 10, 0, 0, 0);
// An hour later, written in New York's offset: its text sorts before the earlier snapshot's.
const BILLING_LATE = Date.UTC(2026, 2, 8, 11, 0, 0, 450);
const TEST_SEND_1 = Date.UTC(2026, 2, 9, 7, 0, 0, 0);
const TEST_SEND_2 = Date.UTC(2026, 2, 9, 7, 10, 0, 999);
const BULK_UPDATED = Date.UTC(2026, 2, 10, 15, 0, 0, 42);
const DLT_UPDATED = Date.UTC(2026, 2, 11, 5, 30, 0, 0);
const JOINED = Date.UTC(2026, 2, 12, 8, 0, 0, 0);
const CURSOR_PULLED = Date.UTC(2026, 2, 12, 8, 0, 5, 311);
const MIRROR_UPDATED = Date.UTC(2026, 2, 12, 7, 59, 59, 999);
const CONFLICT_DETECTED = Date.UTC(2026, 2, 12, 8, 0, 6, 0);

function storeBefore(): SqliteDatabase {
  if (!migration) throw new Error('the migration is missing');
  return openDatabase(
    ':memory:',
    migrations.filter((entry) => entry.version < migration.version),
  );
}

function writeRowsTheOldWay(db: SqliteDatabase): void {
  db.exec(`
    INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at) VALUES
      ('acme', 'Acme Retail', 'sandbox', 'http://127.0.0.1:1', 'HXIN1', 'parent', '${iso(ACME_CREATED)}'),
      ('globex', 'Globex Corporation', 'kaleyra', 'https://api.in.kaleyra.io', 'HXIN2', 'parent', '${atOffset(GLOBEX_CREATED, 330)}');
    INSERT INTO subaccounts (profile_id, sid, name, email, status, credit_type, channels_json, country, currency, balance_minor,
        monthly_limit_minor, used_this_month_minor, synced_at) VALUES
      ('acme', 'HXSUB_NORTH', 'AcmeNorth', 'north@acme.example', 'active', 'assigned', '["sms"]', 'GB', 'GBP', 125000, NULL, NULL,
       '${noMillis(SYNCED_NORTH)}'),
      ('acme', 'HXSUB_SUD', 'Acme Süd', 'sued@acme.example', 'active', 'shared', '["sms"]', 'DE', NULL, NULL, 50000, 1234,
       '${atOffset(SYNCED_SOUTH, 60)}');
    INSERT INTO audiences (id, profile_id, name, source_name, status, created_at, updated_at) VALUES
      ('aud-1', 'acme', 'Clientes México', 'clientes.csv', 'ready', '${iso(AUDIENCE_CREATED)}', '${atOffset(AUDIENCE_UPDATED, -300)}'),
      ('aud-2', 'acme', 'ग्राहक सूची', NULL, 'failed', '${noMillis(AUDIENCE2_CREATED)}', '${noMillis(AUDIENCE2_CREATED)}');
    INSERT INTO suppressions (profile_id, phone_e164, reason, created_at) VALUES
      ('acme', '+447700900123', 'opt_out', '${iso(SUPPRESSED_UK)}'),
      ('acme', '+919810000001', 'do_not_contact', '${atOffset(SUPPRESSED_IN, 330)}');
    INSERT INTO campaigns (id, profile_id, name, route_type, quiet_hours_json, status, window_end, created_at, updated_at) VALUES
      ('spring', 'acme', 'Spring sale — été', 'promotional', '{"mode":"off"}', 'completed', '${noMillis(WINDOW_END)}', '${iso(CAMPAIGN_CREATED)}',
       '${withMicros(CAMPAIGN_UPDATED, '456')}'),
      ('diwali', 'acme', 'Diwali draft', 'promotional', '{"mode":"off"}', 'draft', NULL, '${noMillis(DRAFT_CREATED)}', '${noMillis(DRAFT_CREATED)}');
    INSERT INTO rate_cards (profile_id, country, currency, unit_price, pulled_at) VALUES
      ('acme', 'IN', 'INR', '0.1850', '${iso(RATES_PULLED)}'), ('acme', 'GB', 'INR', '2.9000', '${iso(RATES_PULLED)}');
    INSERT INTO entered_rate_cards (profile_id, country, currency, unit_price, entered_at) VALUES
      ('globex', 'AU', 'AUD', '0.0450', '${atOffset(RATES_ENTERED, 600)}');
    INSERT INTO credit_history (id, profile_id, subaccount_sid, subaccount_name, kind, amount_minor, currency, balance_after_minor, source, at) VALUES
      (1, 'acme', 'HXSUB_NORTH', 'AcmeNorth', 'recharge', 50000, 'GBP', 125000, 'desktop', '${iso(CREDIT_1)}'),
      (2, 'acme', 'HXSUB_NORTH', 'AcmeNorth', 'observed', -1200, 'GBP', NULL, 'pull', '${atOffset(CREDIT_2, -300)}'),
      (3, 'acme', 'HXSUB_SUD', 'Acme Süd', 'withdrawal', -5000, 'EUR', 0, 'desktop', '${noMillis(CREDIT_3)}');
    INSERT INTO audit_log (id, profile_id, action, target, details_json, at) VALUES
      (1, 'acme', 'subaccount.recharge', 'HXSUB_NORTH', '{"amountMinor":50000}', '${iso(AUDIT_1)}'),
      (2, 'acme', 'campaign.launch', 'spring', '{}', '${withMicros(AUDIT_2, '000001')}');
    INSERT INTO billing_snapshots (profile_id, pulled_at, account_type, credit_type, currency, balance_minor, credit_limit_minor, used_minor,
        remaining_minor, usage_75_percent, period_start, period_end) VALUES
      ('acme', '${iso(BILLING_EARLY)}', 'prepaid', NULL, 'INR', 900000, NULL, NULL, NULL, NULL, NULL, NULL),
      ('acme', '${atOffset(BILLING_LATE, -240)}', 'prepaid', NULL, 'INR', 880000, NULL, NULL, NULL, NULL, NULL, NULL),
      -- The same millisecond as the early snapshot, in another offset: one row per instant survives.
      ('acme', '${atOffset(BILLING_EARLY, 330)}', 'prepaid', NULL, 'INR', 900000, NULL, NULL, NULL, NULL, NULL, NULL),
      ('globex', '${noMillis(BILLING_EARLY)}', 'postpaid', 'shared', 'USD', NULL, 500000, 120000, 380000, 0, '2026-03-01', '2026-03-31');
    INSERT INTO campaign_test_sends (id, campaign_id, profile_id, phone_e164, language, body, units, reference, message_id, sent_at) VALUES
      (1, 'spring', 'acme', '+447700900123', 'en', 'Spring sale: 20% off', 1, 'cd:test:1', 'msg-1', '${noMillis(TEST_SEND_1)}'),
      (2, 'spring', 'acme', '+447700900123', 'fr', 'Soldes de printemps : -20 %', 1, 'cd:test:2', NULL, '${iso(TEST_SEND_2)}');
    INSERT INTO subaccount_bulk_items (operation_id, profile_id, sid, action, amount_minor, state, message, balance_after_minor, currency, updated_at)
      VALUES ('op-1', 'acme', 'HXSUB_NORTH', 'recharge', 1000, 'done', 'Recharged', 126000, 'GBP', '${iso(BULK_UPDATED)}');
    INSERT INTO dlt_entities (profile_id, entity_id, updated_at) VALUES ('acme', '1201159100000000001', '${atOffset(DLT_UPDATED, 330)}');
    INSERT INTO workspace_memberships (profile_id, host, port, database_name, ssl_mode, role_name, display_name, member_kind,
        organisation_id, organisation_name, account_sid, joined_at)
      VALUES ('acme', 'db.acme.example', 5432, 'desk', 'require', 'priya', 'Priya Sharma', 'parent_manager', 'org-1', 'Acme', 'HXIN1',
              '${iso(JOINED)}');
    INSERT INTO workspace_cursors (profile_id, table_name, watermark, pulled_at) VALUES ('acme', 'suppressions', '7421', '${iso(CURSOR_PULLED)}');
    INSERT INTO workspace_suppressions (profile_id, id, account_sid, phone_e164, reason, note, deleted, revision, updated_by, updated_at)
      VALUES ('acme', 'ws-1', 'HXIN1', '+14155550100', 'opted_out', 'Replied STOP', 0, 3, 'maria', '${withMicros(MIRROR_UPDATED, '999')}');
    INSERT INTO workspace_conflicts (id, profile_id, entity, entity_id, mine, theirs, detected_at)
      VALUES (1, 'acme', 'suppression', 'ws-1', '{"deleted":true}', '{"deleted":false}', '${atOffset(CONFLICT_DETECTED, 0)}');
  `);
}

const columnsOf = (db: SqliteDatabase, table: string) =>
  (
    db.prepare(`SELECT name, type, "notnull" AS required FROM pragma_table_info('${table}')`).all() as Array<{ name: string; type: string; required: number }>
  ).map((column) => `${column.name} ${column.type}${column.required ? ' NOT NULL' : ''}`);
const indexColumns = (db: SqliteDatabase, index: string) =>
  (db.prepare(`SELECT name FROM pragma_index_info('${index}') ORDER BY seqno`).all() as Array<{ name: string }>).map((column) => column.name);

describe('migration: record instants as epoch milliseconds', () => {
  it('turns every ISO record time into the same instant in ms, in every table', () => {
    const db = storeBefore();
    writeRowsTheOldWay(db);
    migrate(db);

    const ms = (sql: string) => db.prepare(sql).all();
    expect(ms('SELECT id, created_at_ms FROM profiles ORDER BY id')).toEqual([
      { id: 'acme', created_at_ms: ACME_CREATED },
      { id: 'globex', created_at_ms: GLOBEX_CREATED },
    ]);
    expect(ms('SELECT sid, synced_at_ms FROM subaccounts ORDER BY sid')).toEqual([
      { sid: 'HXSUB_NORTH', synced_at_ms: SYNCED_NORTH },
      { sid: 'HXSUB_SUD', synced_at_ms: SYNCED_SOUTH },
    ]);
    expect(ms('SELECT id, created_at_ms, updated_at_ms FROM audiences ORDER BY id')).toEqual([
      { id: 'aud-1', created_at_ms: AUDIENCE_CREATED, updated_at_ms: AUDIENCE_UPDATED },
      { id: 'aud-2', created_at_ms: AUDIENCE2_CREATED, updated_at_ms: AUDIENCE2_CREATED },
    ]);
    expect(ms('SELECT phone_e164, created_at_ms FROM suppressions ORDER BY phone_e164')).toEqual([
      { phone_e164: '+447700900123', created_at_ms: SUPPRESSED_UK },
      { phone_e164: '+919810000001', created_at_ms: SUPPRESSED_IN },
    ]);
    expect(ms('SELECT id, created_at_ms, updated_at_ms, window_end_ms FROM campaigns ORDER BY id')).toEqual([
      { id: 'diwali', created_at_ms: DRAFT_CREATED, updated_at_ms: DRAFT_CREATED, window_end_ms: null },
      { id: 'spring', created_at_ms: CAMPAIGN_CREATED, updated_at_ms: CAMPAIGN_UPDATED, window_end_ms: WINDOW_END },
    ]);
    expect(ms('SELECT country, pulled_at_ms FROM rate_cards ORDER BY country')).toEqual([
      { country: 'GB', pulled_at_ms: RATES_PULLED },
      { country: 'IN', pulled_at_ms: RATES_PULLED },
    ]);
    expect(ms('SELECT country, entered_at_ms FROM entered_rate_cards')).toEqual([{ country: 'AU', entered_at_ms: RATES_ENTERED }]);
    expect(ms('SELECT id, at_ms FROM credit_history ORDER BY id')).toEqual([
      { id: 1, at_ms: CREDIT_1 },
      { id: 2, at_ms: CREDIT_2 },
      { id: 3, at_ms: CREDIT_3 },
    ]);
    expect(ms('SELECT id, at_ms FROM audit_log ORDER BY id')).toEqual([
      { id: 1, at_ms: AUDIT_1 },
      { id: 2, at_ms: AUDIT_2 },
    ]);
    expect(ms('SELECT id, sent_at_ms FROM campaign_test_sends ORDER BY id')).toEqual([
      { id: 1, sent_at_ms: TEST_SEND_1 },
      { id: 2, sent_at_ms: TEST_SEND_2 },
    ]);
    expect(ms('SELECT sid, updated_at_ms FROM subaccount_bulk_items')).toEqual([{ sid: 'HXSUB_NORTH', updated_at_ms: BULK_UPDATED }]);
    expect(ms('SELECT profile_id, updated_at_ms FROM dlt_entities')).toEqual([{ profile_id: 'acme', updated_at_ms: DLT_UPDATED }]);
    expect(ms('SELECT profile_id, joined_at_ms FROM workspace_memberships')).toEqual([{ profile_id: 'acme', joined_at_ms: JOINED }]);
    expect(ms('SELECT table_name, pulled_at_ms FROM workspace_cursors')).toEqual([{ table_name: 'suppressions', pulled_at_ms: CURSOR_PULLED }]);
    expect(ms('SELECT id, updated_at_ms FROM workspace_suppressions')).toEqual([{ id: 'ws-1', updated_at_ms: MIRROR_UPDATED }]);
    expect(ms('SELECT id, detected_at_ms FROM workspace_conflicts')).toEqual([{ id: 1, detected_at_ms: CONFLICT_DETECTED }]);

    // The billing history is rebuilt (its key is the pull time): one row per instant, and the
    // figures and their NULLs exactly as they were.
    expect(ms('SELECT * FROM billing_snapshots ORDER BY profile_id, pulled_at_ms')).toEqual([
      {
        profile_id: 'acme',
        pulled_at_ms: BILLING_EARLY,
        account_type: 'prepaid',
        credit_type: null,
        currency: 'INR',
        balance_minor: 900000,
        credit_limit_minor: null,
        used_minor: null,
        remaining_minor: null,
        usage_75_percent: null,
        period_start: null,
        period_end: null,
      },
      expect.objectContaining({ profile_id: 'acme', pulled_at_ms: BILLING_LATE, balance_minor: 880000, credit_limit_minor: null }),
      {
        profile_id: 'globex',
        pulled_at_ms: BILLING_EARLY,
        account_type: 'postpaid',
        credit_type: 'shared',
        currency: 'USD',
        balance_minor: null,
        credit_limit_minor: 500000,
        used_minor: 120000,
        remaining_minor: 380000,
        usage_75_percent: 0,
        period_start: '2026-03-01',
        period_end: '2026-03-31',
      },
    ]);
    db.close();
  });

  it('leaves no ISO column behind, indexes the ms columns, and keeps the store whole', () => {
    const db = storeBefore();
    writeRowsTheOldWay(db);
    migrate(db);

    const moved: Array<[table: string, text: string]> = [
      ['profiles', 'created_at'],
      ['subaccounts', 'synced_at'],
      ['audiences', 'created_at'],
      ['audiences', 'updated_at'],
      ['suppressions', 'created_at'],
      ['campaigns', 'created_at'],
      ['campaigns', 'updated_at'],
      ['rate_cards', 'pulled_at'],
      ['entered_rate_cards', 'entered_at'],
      ['credit_history', 'at'],
      ['audit_log', 'at'],
      ['billing_snapshots', 'pulled_at'],
      ['campaign_test_sends', 'sent_at'],
      ['subaccount_bulk_items', 'updated_at'],
      ['dlt_entities', 'updated_at'],
      ['workspace_memberships', 'joined_at'],
      ['workspace_cursors', 'pulled_at'],
      ['workspace_suppressions', 'updated_at'],
      ['workspace_conflicts', 'detected_at'],
    ];
    for (const [table, text] of moved) {
      const columns = columnsOf(db, table);
      expect(columns.filter((column) => column.startsWith(`${text} `))).toEqual([]);
      expect(columns).toContain(`${text}_ms INTEGER NOT NULL`);
    }
    // A draft may have no window end: that column stays optional.
    expect(columnsOf(db, 'campaigns').filter((column) => column.startsWith('window_end'))).toEqual(['window_end_ms INTEGER']);

    expect(indexColumns(db, 'audiences_by_profile')).toEqual(['profile_id', 'created_at_ms']);
    expect(indexColumns(db, 'campaigns_by_profile')).toEqual(['profile_id', 'updated_at_ms']);
    expect(indexColumns(db, 'credit_history_by_time')).toEqual(['profile_id', 'at_ms', 'id']);
    expect(indexColumns(db, 'credit_history_by_subaccount')).toEqual(['profile_id', 'subaccount_sid', 'at_ms', 'id']);
    expect(indexColumns(db, 'audit_log_by_time')).toEqual(['profile_id', 'at_ms', 'id']);
    expect(indexColumns(db, 'campaign_test_sends_by_campaign')).toEqual(['campaign_id', 'sent_at_ms']);
    const billingKey = db.prepare("SELECT name FROM pragma_table_info('billing_snapshots') WHERE pk > 0 ORDER BY pk").all();
    expect(billingKey).toEqual([{ name: 'profile_id' }, { name: 'pulled_at_ms' }]);

    // The billing rebuild keeps its foreign key: removing a profile still removes its snapshots.
    db.prepare("DELETE FROM profiles WHERE id = 'globex'").run();
    expect(db.prepare("SELECT COUNT(*) AS n FROM billing_snapshots WHERE profile_id = 'globex'").get()).toEqual({ n: 0 });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });

  it('lets the repositories read the same instants, ordered by time rather than by text', () => {
    const db = storeBefore();
    writeRowsTheOldWay(db);
    migrate(db);

    // Globex was created first although its text sorted after Acme's.
    expect(new ProfilesRepository(db).list().map((profile) => [profile.id, profile.createdAt])).toEqual([
      ['globex', iso(GLOBEX_CREATED)],
      ['acme', iso(ACME_CREATED)],
    ]);
    const subaccounts = new SubaccountsRepository(db);
    expect(subaccounts.get('acme', 'HXSUB_NORTH')?.syncedAt).toBe(iso(SYNCED_NORTH));
    expect(subaccounts.get('acme', 'HXSUB_SUD')?.syncedAt).toBe(iso(SYNCED_SOUTH));
    expect(new AudiencesRepository(db).list('acme').map((audience) => [audience.id, audience.createdAt, audience.updatedAt])).toEqual([
      ['aud-2', iso(AUDIENCE2_CREATED), iso(AUDIENCE2_CREATED)],
      ['aud-1', iso(AUDIENCE_CREATED), iso(AUDIENCE_UPDATED)],
    ]);
    expect(new SuppressionsRepository(db).latest('acme', 10)).toEqual([
      { phoneE164: '+919810000001', reason: 'do_not_contact', createdAt: iso(SUPPRESSED_IN) },
      { phoneE164: '+447700900123', reason: 'opt_out', createdAt: iso(SUPPRESSED_UK) },
    ]);
    expect(new CampaignsRepository(db).list('acme').map((campaign) => [campaign.id, campaign.createdAt, campaign.updatedAt, campaign.windowEnd])).toEqual([
      ['diwali', iso(DRAFT_CREATED), iso(DRAFT_CREATED), null],
      ['spring', iso(CAMPAIGN_CREATED), iso(CAMPAIGN_UPDATED), iso(WINDOW_END)],
    ]);
    expect(new RateCardRepository(db).get('acme')?.pulledAt).toBe(iso(RATES_PULLED));
    expect(new EnteredRateCardRepository(db).get('globex')?.enteredAt).toBe(iso(RATES_ENTERED));

    const history = new CreditHistoryRepository(db);
    expect(history.query('acme', { limit: 10 }).entries.map((entry) => [entry.id, entry.at])).toEqual([
      [3, iso(CREDIT_3)],
      [2, iso(CREDIT_2)],
      [1, iso(CREDIT_1)],
    ]);
    // `from` inclusive, `to` exclusive, compared as instants.
    expect(history.query('acme', { from: iso(CREDIT_2), to: iso(CREDIT_3), limit: 10 }).entries.map((entry) => entry.id)).toEqual([2]);
    expect(new AuditLogRepository(db).recent('acme').map((entry) => [entry.id, entry.at])).toEqual([
      [2, iso(AUDIT_2)],
      [1, iso(AUDIT_1)],
    ]);
    // The latest snapshot is the one pulled last, not the one whose text sorts last.
    expect(new BillingRepository(db).latest('acme')).toMatchObject({ pulledAt: iso(BILLING_LATE), balanceMinor: 880000 });
    expect(new TestSendsRepository(db).list('acme', 'spring').map((send) => [send.id, send.sentAt])).toEqual([
      [2, iso(TEST_SEND_2)],
      [1, iso(TEST_SEND_1)],
    ]);
    expect(new WorkspaceMembershipsRepository(db).get('acme')?.joinedAt).toBe(iso(JOINED));
    const workspace = new WorkspaceSyncRepository(db);
    expect(workspace.removedLocally('acme').map((row) => [row.id, row.updatedAt])).toEqual([['ws-1', iso(MIRROR_UPDATED)]]);
    expect(workspace.conflicts('acme').map((conflict) => [conflict.id, conflict.detectedAt])).toEqual([[1, iso(CONFLICT_DETECTED)]]);
    db.close();
  });
});
