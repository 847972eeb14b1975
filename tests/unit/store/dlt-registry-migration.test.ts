import { describe, expect, it } from 'vitest';
import { databaseBefore, insertProfileRow } from './migration-fixture';
import { migrate } from '../../../electron/core/store/database';
import { DltRegistryRepository } from '../../../electron/core/store/dlt-registry-repository';
import { ProfilesRepository } from '../../../electron/core/store/profiles-repository';

describe('migration: documented-only sandbox profiles, India DLT registry', () => {
  it('keeps existing profiles (not documented-only) and gives each an empty registry that goes with it', () => {
    const { db } = databaseBefore('documented-only sandbox profiles, India DLT registry');
    insertProfileRow(db, {
      id: 'sandbox-sub',
      displayName: 'Sandbox · AcmeNorth',
      kind: 'sandbox',
      baseUrl: 'http://127.0.0.1:1',
      sid: 'HXIN1_1',
      role: 'subaccount',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    migrate(db);
    const profiles = new ProfilesRepository(db);
    expect(profiles.get('sandbox-sub')).toMatchObject({ sandboxDocumentedOnly: false, baseUrl: 'http://127.0.0.1:1' });
    profiles.setSandboxDocumentedOnly('sandbox-sub', true, 'http://127.0.0.1:2');
    expect(profiles.get('sandbox-sub')).toMatchObject({ sandboxDocumentedOnly: true, baseUrl: 'http://127.0.0.1:2' });

    const registry = new DltRegistryRepository(db);
    expect(registry.registry('sandbox-sub')).toEqual({ entityId: null, headers: [], templates: [] });
    registry.importRegistry(
      'sandbox-sub',
      {
        entityId: '1101456789012345678',
        headers: [{ header: 'ACMEIN', category: 'service_implicit' }],
        templates: [{ templateId: '1107161234567890003', name: '', header: 'ACMEIN', category: 'service_implicit', text: 'Code {#var#}' }],
      },
      '2026-01-01T00:00:00.000Z',
    );
    expect(() => db.prepare("INSERT INTO dlt_headers (profile_id, header, category) VALUES ('sandbox-sub', 'X', 'marketing')").run()).toThrow(/CHECK/);
    // The registry belongs to the profile: removing the profile removes it.
    profiles.delete('sandbox-sub');
    expect(
      db.prepare('SELECT (SELECT COUNT(*) FROM dlt_entities) + (SELECT COUNT(*) FROM dlt_headers) + (SELECT COUNT(*) FROM dlt_templates) AS n').get(),
    ).toEqual({ n: 0 });
    db.close();
  });
});
