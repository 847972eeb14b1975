import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseFromFutureError, migrate, openDatabase, schemaVersion } from '../../../electron/core/store/database';
import { CampaignProgressRepository } from '../../../electron/core/store/campaign-progress-repository';
import { migrations } from '../../../electron/core/store/migrations';

describe('store migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('bring an empty database to the latest version, and running again changes nothing', () => {
    const db = openDatabase(':memory:');
    expect(schemaVersion(db)).toBe(migrations.length);
    migrate(db);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: migrations.length });
  });

  it('upgrade from every earlier version', () => {
    for (let from = 1; from < migrations.length; from++) {
      const db = openDatabase(':memory:', migrations.slice(0, from));
      expect(schemaVersion(db)).toBe(from);
      migrate(db);
      expect(schemaVersion(db)).toBe(migrations.length);
      db.close();
    }
  });

  it('backfill the campaign progress counters of messages written before them, and keep them from then on', () => {
    const countersAt = migrations.findIndex((migration) => migration.name.startsWith('campaign progress counters'));
    expect(countersAt).toBeGreaterThan(0);
    const db = openDatabase(':memory:', migrations.slice(0, countersAt));
    db.exec(`
      INSERT INTO profiles VALUES ('p1', 'Acme', 'sandbox', 'http://127.0.0.1:1', 'HX1', 'parent', '2026-03-01');
      INSERT INTO campaigns (id, profile_id, name, route_type, quiet_hours_json, status, created_at, updated_at)
        VALUES ('c1', 'p1', 'Spring', 'promotional', '{"mode":"off"}', 'running', '2026-03-01', '2026-03-01');
      INSERT INTO outbox (id, campaign_id, wave_no, profile_id, account_sid, reference, sender_id, sms_type, body, recipients_json,
        recipient_count, send_at_ms, zone, estimated_cost_minor, state, next_attempt_ms)
        VALUES (1, 'c1', 1, 'p1', 'HX1', 'r1', 'ACME', 'MKT', 'Hi', '[]', 5, 0, 'UTC', 125, 'accepted', 0),
               (2, 'c1', 2, 'p1', 'HX1', 'r2', 'ACME', 'MKT', 'Hi', '[]', 2, 0, 'UTC', 50, 'pending', 0);
      INSERT INTO campaign_messages (outbox_id, position, campaign_id, wave_no, row_number, recipient, message_id, status, status_details, charged_minor)
        VALUES (1, 0, 'c1', 1, 1, '+919810000001', 'm1', 'Delivered', 'DELIVERED', 25),
               (1, 1, 'c1', 1, 2, '+919810000002', 'm2', 'Delivered', 'DELIVERED', 25),
               (1, 2, 'c1', 1, 3, '+919810000003', 'm3', 'UnDelivered', 'ABSENT_SUBSCRIBER', 25),
               (1, 3, 'c1', 1, 4, '+919810000004', 'm4', 'NotSent', 'CANCELLED', 0),
               (1, 4, 'c1', 1, 5, '+919810000005', 'm5', 'Sent', NULL, 25),
               (2, 0, 'c1', 2, 6, '+919810000006', NULL, 'queued', NULL, 0),
               (2, 1, 'c1', 2, 7, '+919810000007', NULL, 'queued', NULL, 0);
    `);
    migrate(db);
    const counters = () =>
      db.prepare('SELECT wave_no, status, reason, messages, charged_minor FROM campaign_message_counts WHERE messages > 0 ORDER BY 1, 2, 3').all();
    expect(counters()).toEqual([
      { wave_no: 1, status: 'Delivered', reason: '', messages: 2, charged_minor: 50 },
      { wave_no: 1, status: 'NotSent', reason: 'CANCELLED', messages: 1, charged_minor: 0 },
      { wave_no: 1, status: 'Sent', reason: '', messages: 1, charged_minor: 25 },
      { wave_no: 1, status: 'UnDelivered', reason: 'ABSENT_SUBSCRIBER', messages: 1, charged_minor: 25 },
    ]);
    // Queued messages are the outbox's recipients less those counted: 2 in wave 2.
    expect(new CampaignProgressRepository(db).messages('c1').find((tally) => tally.status === 'queued')).toEqual({
      waveNo: 2,
      status: 'queued',
      cancelledAtApi: false,
      messages: 2,
      chargedMinor: 0,
    });
    // From then on, every write to the messages moves the counters with it.
    db.prepare("UPDATE campaign_messages SET status = 'Delivered', status_details = 'DELIVERED' WHERE message_id = 'm5'").run();
    db.prepare('DELETE FROM outbox WHERE id = 2').run();
    expect(counters()).toEqual([
      { wave_no: 1, status: 'Delivered', reason: '', messages: 3, charged_minor: 75 },
      { wave_no: 1, status: 'NotSent', reason: 'CANCELLED', messages: 1, charged_minor: 0 },
      { wave_no: 1, status: 'UnDelivered', reason: 'ABSENT_SUBSCRIBER', messages: 1, charged_minor: 25 },
    ]);
    db.close();
  });

  it('refuse a database written by a newer build', () => {
    const db = openDatabase(':memory:');
    db.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', '2030-01-01')").run();
    expect(() => migrate(db)).toThrow(DatabaseFromFutureError);
  });

  it('roll back a migration that fails half-way', () => {
    const db = openDatabase(':memory:');
    const broken = [...migrations, { version: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT * FROM no_such_table;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get()).toEqual({ n: 0 });
  });

  it('open files in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'desk-store-')), 'db.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});
