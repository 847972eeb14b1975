import { describe, expect, it } from 'vitest';
import { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';
import { migrate, openDatabase } from '../../../electron/core/store/database';
import { MessageStatusRepository } from '../../../electron/core/store/message-status-repository';
import { migrations } from '../../../electron/core/store/migrations';
import { SpendLogRepository } from '../../../electron/core/store/spend-log-repository';
import { SpendRepository } from '../../../electron/core/store/spend-repository';
import { SyncStateRepository } from '../../../electron/core/store/sync-state-repository';

const migration = migrations.find((entry) => entry.name.startsWith('instants as epoch milliseconds'));

// The instants are the truth; the rows hold them as the build before wrote them (toISOString).
const LAUNCHED = Date.UTC(2026, 2, 29, 0, 59, 59, 999); // the minute before London's clocks go forward
const WAVE_LONDON = Date.UTC(2026, 2, 29, 9, 0, 0, 0);
const WAVE_KOLKATA = Date.UTC(2026, 2, 29, 4, 30, 0, 0);
const SETTLED = Date.UTC(2026, 2, 29, 4, 30, 0, 417);
const PULLED = Date.UTC(2026, 2, 29, 5, 0, 1, 1);
const READ = Date.UTC(2026, 11, 31, 23, 59, 59, 999);
const SYNCED = Date.UTC(2027, 0, 1, 0, 0, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

describe('migration: instants as epoch milliseconds', () => {
  it('turns every ISO instant of a database at the version before into the same instant in ms, and readers see it', () => {
    if (!migration) throw new Error('the migration is missing');
    const db = openDatabase(
      ':memory:',
      migrations.filter((entry) => entry.version < migration.version),
    );
    db.exec(`
      INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at)
        VALUES ('p1', 'Acme Retail', 'sandbox', 'http://127.0.0.1:1', 'HXIN1', 'parent', '2026-01-05T10:00:00.000Z');
      INSERT INTO campaigns (id, profile_id, name, route_type, quiet_hours_json, status, account_sid, currency, created_at, updated_at, launched_at)
        VALUES ('spring', 'p1', 'Spring sale — été', 'promotional', '{"mode":"off"}', 'running', 'HXIN1', 'INR',
                '2026-03-20T08:00:00.000Z', '${iso(LAUNCHED)}', '${iso(LAUNCHED)}'),
               ('draft', 'p1', 'Diwali draft', 'promotional', '{"mode":"off"}', 'draft', NULL, NULL,
                '2026-03-21T08:00:00.000Z', '2026-03-21T08:00:00.000Z', NULL);
      INSERT INTO campaign_waves (campaign_id, wave_no, plan_id, zone, local_date, local_time, send_at, submit, recipients, estimated_units,
          estimated_cost_minor, status)
        VALUES ('spring', 1, 'w-kol', 'Asia/Kolkata', '2026-03-29', '10:00', '${iso(WAVE_KOLKATA)}', 'immediate', 2, 2, 50, 'sent'),
               ('spring', 2, 'w-lon', 'Europe/London', '2026-03-29', '10:00', '${iso(WAVE_LONDON)}', 'scheduled', 1, 1, 40, 'pending');
      INSERT INTO outbox (id, campaign_id, wave_no, profile_id, account_sid, reference, sender_id, sms_type, body, recipients_json,
          recipient_count, send_at_ms, zone, estimated_cost_minor, state, next_attempt_ms, settled_at, accepted_at_ms)
        VALUES (1, 'spring', 1, 'p1', 'HXIN1', 'cd:spring:1', 'ACME', 'MKT', 'Hi', '["+919810000001","+919810000002"]',
                2, ${WAVE_KOLKATA}, 'Asia/Kolkata', 50, 'accepted', ${WAVE_KOLKATA}, '${iso(SETTLED)}', ${SETTLED}),
               (2, 'spring', 2, 'p1', 'HXIN1', 'cd:spring:2', 'ACME', 'MKT', 'Hi', '["+447700900123"]',
                1, ${WAVE_LONDON}, 'Europe/London', 40, 'pending', ${WAVE_LONDON}, NULL, NULL);
      INSERT INTO status_pull_state (profile_id, account_sid, mode, cursor, last_pulled_at) VALUES ('p1', 'HXIN1', 'logs', '418', '${iso(PULLED)}');
      INSERT INTO spend_log_cursors (profile_id, account_sid, cursor, read_at, problem)
        VALUES ('p1', 'HXIN1', '77', '${iso(READ)}', NULL), ('p1', 'HXIN1_2', NULL, NULL, 'Key refused');
      INSERT INTO sync_state (profile_id, stream, cursor, last_synced_at)
        VALUES ('p1', 'spend-logs', NULL, '${iso(SYNCED)}'), ('p1', 'subaccounts', NULL, NULL);
    `);
    migrate(db);

    const campaigns = new CampaignsRepository(db);
    expect(campaigns.get('p1', 'spring')?.launchedAtMs).toBe(LAUNCHED);
    expect(campaigns.get('p1', 'draft')?.launchedAtMs).toBeNull();
    expect(campaigns.waves('spring').map((wave) => [wave.waveNo, wave.sendAtMs])).toEqual([
      [1, WAVE_KOLKATA],
      [2, WAVE_LONDON],
    ]);
    expect(new SpendRepository(db).wavesOf('spring').map((wave) => wave.sendAtMs)).toEqual([WAVE_KOLKATA, WAVE_LONDON]);
    expect(db.prepare('SELECT id, settled_at_ms FROM outbox ORDER BY id').all()).toEqual([
      { id: 1, settled_at_ms: SETTLED },
      { id: 2, settled_at_ms: null },
    ]);
    expect(new MessageStatusRepository(db).pullState('p1', 'HXIN1')).toEqual({ mode: 'logs', cursor: '418', lastPulledAtMs: PULLED });
    const cursors = new SpendLogRepository(db).cursors('p1');
    expect(cursors.get('HXIN1')).toMatchObject({ cursor: '77', readAtMs: READ, problem: null });
    expect(cursors.get('HXIN1_2')).toMatchObject({ cursor: null, readAtMs: null, problem: 'Key refused' });
    const syncState = new SyncStateRepository(db);
    expect(syncState.get('p1', 'spend-logs').lastSyncedAtMs).toBe(SYNCED);
    expect(syncState.get('p1', 'subaccounts').lastSyncedAtMs).toBeNull();

    // The text columns are gone: nothing can write an instant the old way any more.
    const columns = (table: string) => (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).all() as Array<{ name: string }>).map((row) => row.name);
    expect(columns('outbox')).not.toContain('settled_at');
    expect(columns('campaign_waves')).not.toContain('send_at');
    expect(columns('campaigns')).not.toContain('launched_at');
    expect(columns('status_pull_state')).not.toContain('last_pulled_at');
    expect(columns('spend_log_cursors')).not.toContain('read_at');
    expect(columns('sync_state')).not.toContain('last_synced_at');
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    db.close();
  });
});
