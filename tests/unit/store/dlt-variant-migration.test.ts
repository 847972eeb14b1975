import { describe, expect, it } from 'vitest';
import { databaseBefore, insertProfileRow } from './migration-fixture';
import { migrate } from '../../../electron/core/store/database';
import { CampaignsRepository } from '../../../electron/core/store/campaigns-repository';

describe('migration: DLT template per variant, DLT fields of each request', () => {
  it('reads variants written before it exactly as before, then keeps a variant’s template and how it is sent', () => {
    const { db } = databaseBefore('DLT template per variant, DLT fields of each request');
    const at = '2026-01-01T00:00:00.000Z';
    insertProfileRow(db, {
      id: 'p',
      displayName: 'Sandbox · AcmeNorth',
      kind: 'sandbox',
      baseUrl: 'http://127.0.0.1:1',
      sid: 'HXIN1_1',
      role: 'subaccount',
      createdAt: at,
    });
    db.prepare(
      `INSERT INTO campaigns (id, profile_id, name, route_type, quiet_hours_json, status, created_at, updated_at)
       VALUES ('00000000-0000-4000-8000-000000000001', 'p', 'Diwali', 'promotional', '{"mode":"presets"}', 'draft', @at, @at)`,
    ).run({ at });
    db.prepare(
      'INSERT INTO campaign_variants (campaign_id, position, language, body, is_default) ' +
        "VALUES ('00000000-0000-4000-8000-000000000001', 0, 'en', 'Hi {{name}}', 1)",
    ).run();
    migrate(db);

    const campaigns = new CampaignsRepository(db);
    const before = campaigns.get('p', '00000000-0000-4000-8000-000000000001');
    expect(before?.variants).toEqual([{ language: 'en', body: 'Hi {{name}}', isDefault: true }]);
    if (!before) throw new Error('no campaign');
    const variants = [
      { language: 'en', body: 'Hi {{name}}', isDefault: true, dltTemplateId: '1107161234567890001', dltSend: 'stored-template' as const },
      { language: 'hi', body: 'नमस्ते {{name}}', isDefault: false },
    ];
    expect(campaigns.save('p', before.id, before.revision, { ...before, variants }, at)).toBe('saved');
    expect(campaigns.get('p', before.id)?.variants).toEqual(variants);
    expect(() => db.prepare("UPDATE campaign_variants SET dlt_send = 'sms' WHERE position = 0").run()).toThrow(/CHECK/);
    // Requests written before it carry no DLT fields.
    const columns = db.prepare("SELECT name FROM pragma_table_info('outbox') WHERE name IN ('dlt_template_id', 'template_data_json') ORDER BY name").all();
    expect(columns).toEqual([{ name: 'dlt_template_id' }, { name: 'template_data_json' }]);
    db.close();
  });
});
