import { describe, expect, it } from 'vitest';
import { openDatabase, migrate } from '../../../electron/core/store/database';
import { AudiencesRepository } from '../../../electron/core/store/audiences-repository';
import { migrations } from '../../../electron/core/store/migrations';
import { WorkspaceAudiencesRepository } from '../../../electron/core/store/workspace-audiences-repository';

const NOW = '2026-12-02T07:00:00.000Z';

describe('the team audiences migration and its repository', () => {
  const at = migrations.findIndex((migration) => migration.name.startsWith('team audiences'));

  it('adds the list of shared audiences to a store that already holds audiences, and a deleted audience unlinks its share', () => {
    expect(at).toBeGreaterThan(0);
    const db = openDatabase(':memory:', migrations.slice(0, at));
    db.exec(
      "INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) VALUES ('p1', 'AcmeNorth', 'sandbox', 'http://127.0.0.1:1', 'HX1', 'subaccount', 1772323200000)",
    );
    const audiences = new AudiencesRepository(db);
    audiences.create({ id: 'a1', profileId: 'p1', name: 'Diwali list', sourceName: 'crm.csv', customFields: [] }, NOW);
    migrate(db);
    const shares = new WorkspaceAudiencesRepository(db);
    shares.recordShare('p1', { audienceId: 'a1', accountSid: 'HX1', name: 'Diwali list', rowCount: 3, recipients: 2, sharedBy: 'Nils Åberg' });
    expect(shares.get('p1', 'a1')).toMatchObject({ localAudienceId: 'a1', sharedHere: true, revision: 0, rowsComplete: false });
    audiences.delete('p1', 'a1');
    expect(shares.deletedShares('p1').map((share) => share.workspaceId)).toEqual(['a1']);
  });

  it("a pulled window older than this desktop's own last push leaves its share as pushed", () => {
    const db = openDatabase(':memory:');
    db.exec(
      "INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) VALUES ('p1', 'Acme', 'sandbox', 'http://127.0.0.1:1', 'HX1', 'parent', 1772323200000)",
    );
    new AudiencesRepository(db).create({ id: 'a1', profileId: 'p1', name: 'VIP customers', sourceName: 'vip.csv', customFields: [] }, NOW);
    const shares = new WorkspaceAudiencesRepository(db);
    shares.recordShare('p1', { audienceId: 'a1', accountSid: 'HX1', name: 'VIP customers', rowCount: 4, recipients: 3, sharedBy: 'Priya Raman' });
    const sharedAtMs = Date.parse(NOW);
    // The share's metadata (revision 1), then its rows, then "rows complete" (revision 2), all pushed by this desktop.
    shares.recordPushed('p1', 'a1', { revision: 1, rowsComplete: false, sharedAtMs });
    shares.recordPushed('p1', 'a1', { revision: 2, rowsComplete: true, sharedAtMs });
    const pulled = { id: 'a1', accountSid: 'HX1', name: 'VIP customers', rowCount: 4, recipients: 3, sharedBy: 'priya_parent', sharedAtMs, deleted: false };
    // A sync round that read the workspace between the two pushes applies its window now.
    shares.applyPulled('p1', [{ ...pulled, revision: 1, rowsComplete: false }], '10', NOW);
    expect(shares.get('p1', 'a1')).toMatchObject({ revision: 2, rowsComplete: true });
    // A newer revision (deleted elsewhere, say) still applies.
    shares.applyPulled('p1', [{ ...pulled, revision: 3, rowsComplete: true }], '11', NOW);
    expect(shares.get('p1', 'a1')).toMatchObject({ revision: 3, rowsComplete: true });
  });

  it("reads an audience's recipients and left-out rows in one row order, each row once with all its issues", () => {
    const db = openDatabase(':memory:');
    db.exec(
      "INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) VALUES ('p1', 'AcmeNorth', 'sandbox', 'http://127.0.0.1:1', 'HX1', 'subaccount', 1772323200000)",
    );
    const audiences = new AudiencesRepository(db);
    audiences.create({ id: 'a1', profileId: 'p1', name: 'Diwali list', sourceName: null, customFields: ['city'] }, NOW);
    const recipient = (rowNumber: number, phoneE164: string, zone: string | null) => ({
      rowNumber,
      phoneE164,
      country: 'IN',
      zone,
      zoneSource: zone === null ? ('unknown' as const) : ('prefix' as const),
      zoneCandidates: null,
      language: 'hi',
      name: null,
      fields: { city: 'Pune' },
    });
    audiences.appendBatch(
      'a1',
      [recipient(1, '+919810000105', 'Asia/Kolkata'), recipient(4, '+919810000115', null)],
      [
        { rowNumber: 2, kind: 'invalid', value: '12', code: 'TOO_SHORT', message: 'Too short.' },
        { rowNumber: 3, kind: 'duplicate', value: '+91 98100 00105', code: 'DUPLICATE', message: 'Seen on row 1.' },
        { rowNumber: 4, kind: 'zone_unknown', value: null, code: 'ZONE_UNKNOWN', message: 'No zone.' },
      ],
      { totalRows: 4, validRows: 2, invalidRows: 1, duplicateRows: 1, optedOutRows: 0 },
      NOW,
    );
    expect(audiences.sharedRowCount('a1')).toBe(4);
    const rows = audiences.sharedRows('a1', 0, 10);
    expect(rows.map((row) => [row.rowNumber, row.phoneE164, row.issues.map((issue) => issue.kind)])).toEqual([
      [1, '+919810000105', []],
      [2, null, ['invalid']],
      [3, null, ['duplicate']],
      [4, '+919810000115', ['zone_unknown']],
    ]);
    expect(audiences.sharedRows('a1', 2, 1).map((row) => row.rowNumber)).toEqual([3]);
  });
});
