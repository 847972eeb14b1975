import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/store/database';
import { AudiencesRepository, type RecipientColumns } from '../../../electron/core/store/audiences-repository';
import { emptyChunk } from '../../../electron/core/audiences/row-normalizer';

const NOW = '2026-03-01T10:00:00.000Z';
const EMPTY_REPORT = {
  issuesByKind: { invalid: 0, duplicate: 0, opted_out: 0, zone_unknown: 0, zone_ambiguous: 0 },
  recipientsByZoneSource: { column: 0, prefix: 0, country: 0, fallback: 0, unknown: 0 },
  facets: [],
};

function setup() {
  const db = openDatabase(':memory:');
  for (const id of ['p1', 'p2']) {
    db.prepare("INSERT INTO profiles (id, display_name, kind, base_url, sid, role, created_at_ms) VALUES (?, ?, 'sandbox', ?, ?, 'parent', ?)").run(
      id,
      id,
      `http://${id}`,
      id,
      Date.parse(NOW),
    );
  }
  return { db, repo: new AudiencesRepository(db) };
}

/** n recipients: rows 2..n+1, every third in the US with a New York zone, the others Indian. */
function columns(n: number): RecipientColumns {
  const c: RecipientColumns = emptyChunk().recipients;

  for (let i = 0; i < n; i++) {
    const us = i % 3 === 0;
    c.rowNumber.push(i + 2);
    c.phoneE164.push(us ? `+1212555${String(1000 + i)}` : `+9198100${String(10000 + i)}`);
    c.country.push(us ? 'US' : 'IN');
    c.countrySource.push('number');
    c.zone.push(us ? 'America/New_York' : i % 5 === 0 ? null : 'Asia/Kolkata');
    c.zoneSource.push(us ? 'prefix' : 'country');
    c.zoneCandidatesJson.push(null);
    c.language.push('en');
    c.name.push(`Name ${i}`);
    c.fieldsJson.push(i === 1 ? '{"city":"Pune"}' : null);
  }
  return c;
}

describe('AudiencesRepository', () => {
  it('stays importing while batches land, and only finish makes it ready with its report', () => {
    const { repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'Spring', sourceName: 'spring.csv', customFields: ['city'], defaultCountry: 'IN' }, NOW);
    const counts = { totalRows: 31, validRows: 30, invalidRows: 1, duplicateRows: 0, optedOutRows: 0 };
    repo.appendColumns(
      'a1',
      columns(30),
      [...Array(30).keys()],
      [{ rowNumber: 40, kind: 'invalid', value: 'x', code: 'PHONE_NOT_A_NUMBER', message: 'no' }],
      counts,
      NOW,
    );
    expect(repo.get('p1', 'a1')).toMatchObject({ status: 'importing', validRows: 30, report: null, defaultCountry: 'IN' });
    repo.finish('a1', EMPTY_REPORT, NOW);
    expect(repo.get('p1', 'a1')).toMatchObject({ status: 'ready', report: EMPTY_REPORT });
    expect(repo.get('p2', 'a1')).toBeUndefined();
    expect(repo.list('p2')).toEqual([]);
  });

  it('writes only the kept rows of a column batch', () => {
    const { repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'A', sourceName: null, customFields: [] }, NOW);
    repo.appendColumns('a1', columns(5), [1, 3], [], { totalRows: 5, validRows: 2, invalidRows: 0, duplicateRows: 3, optedOutRows: 0 }, NOW);
    expect(repo.findRecipients({ audienceId: 'a1' }, { afterRow: 0, offset: 0, limit: 10 }).map((r) => r.rowNumber)).toEqual([3, 5]);
    expect(repo.findRecipients({ audienceId: 'a1' }, { afterRow: 0, offset: 0, limit: 1 })[0]?.fields).toEqual({ city: 'Pune' });
  });

  it('pages by keyset or by offset, and filters by country, zone (or none) and search', () => {
    const { repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'A', sourceName: null, customFields: [] }, NOW);
    repo.appendColumns(
      'a1',
      columns(300),
      [...Array(300).keys()],
      [],
      { totalRows: 300, validRows: 300, invalidRows: 0, duplicateRows: 0, optedOutRows: 0 },
      NOW,
    );
    const all = { audienceId: 'a1' };
    const first = repo.findRecipients(all, { afterRow: 0, offset: 0, limit: 100 });
    const second = repo.findRecipients(all, { afterRow: first.at(-1)!.rowNumber, offset: 0, limit: 100 });
    const jumped = repo.findRecipients(all, { afterRow: 0, offset: 100, limit: 100 });
    expect(second).toEqual(jumped);
    expect(second[0]?.rowNumber).toBe(102);
    expect(repo.countRecipients({ audienceId: 'a1', country: 'US' })).toBe(100);
    expect(repo.countRecipients({ audienceId: 'a1', zone: 'America/New_York' })).toBe(100);
    expect(repo.countRecipients({ audienceId: 'a1', zone: null })).toBe(
      repo.findRecipients({ audienceId: 'a1', zone: null }, { afterRow: 0, offset: 0, limit: 1000 }).length,
    );
    expect(repo.findRecipients({ audienceId: 'a1', zone: null }, { afterRow: 0, offset: 0, limit: 1000 }).every((r) => r.zone === null)).toBe(true);
    expect(repo.findRecipients({ audienceId: 'a1', search: '212 555 1003' }, { afterRow: 0, offset: 0, limit: 10 }).map((r) => r.name)).toEqual(['Name 3']);
    expect(repo.countRecipients({ audienceId: 'a1', search: 'name 29' })).toBe(11);
    // LIKE wildcards typed by the user are taken literally.
    expect(repo.countRecipients({ audienceId: 'a1', search: '%' })).toBe(0);
  });

  it('a failed import keeps its reason and none of its rows; leftovers from a stop are found', () => {
    const { repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'A', sourceName: null, customFields: [] }, NOW);
    repo.create({ id: 'a2', profileId: 'p2', name: 'B', sourceName: null, customFields: [] }, NOW);
    repo.appendColumns(
      'a1',
      columns(10),
      [...Array(10).keys()],
      [{ rowNumber: 50, kind: 'invalid', value: null, code: 'X', message: 'x' }],
      { totalRows: 11, validRows: 10, invalidRows: 1, duplicateRows: 0, optedOutRows: 0 },
      NOW,
    );
    expect(repo.interruptedImports()).toEqual([
      { id: 'a1', profileId: 'p1' },
      { id: 'a2', profileId: 'p2' },
    ]);
    repo.fail('a1', 'stopped', NOW);
    expect(repo.get('p1', 'a1')).toMatchObject({ status: 'failed', failureReason: 'stopped', validRows: 0, invalidRows: 0 });
    expect(repo.countRecipients({ audienceId: 'a1' })).toBe(0);
    expect(repo.countIssues('a1', null)).toBe(0);
    expect(repo.interruptedImports()).toEqual([{ id: 'a2', profileId: 'p2' }]);
  });

  it('lists issues by kind in row order and deletes an audience with its rows', () => {
    const { db, repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'A', sourceName: null, customFields: [] }, NOW);
    const issues = [5, 3, 9].map((rowNumber) => ({
      rowNumber,
      kind: rowNumber === 9 ? ('duplicate' as const) : ('invalid' as const),
      value: String(rowNumber),
      code: 'C',
      message: 'm',
    }));
    repo.appendColumns('a1', columns(3), [0, 1, 2], issues, { totalRows: 6, validRows: 3, invalidRows: 2, duplicateRows: 1, optedOutRows: 0 }, NOW);
    expect(repo.findIssues('a1', 'invalid', 0, 10).map((i) => i.rowNumber)).toEqual([3, 5]);
    expect(repo.findIssues('a1', null, 3, 10).map((i) => i.rowNumber)).toEqual([5, 9]);
    expect([...repo.iterateIssues('a1', ['duplicate'])].map((i) => i.rowNumber)).toEqual([9]);
    expect(repo.countIssues('a1', 'invalid')).toBe(2);
    expect(repo.delete('p2', 'a1')).toBe(false);
    expect(repo.delete('p1', 'a1')).toBe(true);
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM recipients) + (SELECT COUNT(*) FROM audience_issues) AS n').get()).toEqual({ n: 0 });
  });
});

describe('deleteAudience', () => {
  it('deletes a large audience in steps, then the audience itself', async () => {
    const { deleteAudience } = await import('../../../electron/core/audiences/delete-audience');
    const { db, repo } = setup();
    repo.create({ id: 'a1', profileId: 'p1', name: 'A', sourceName: null, customFields: [] }, NOW);
    const n = 45_000;
    repo.appendColumns(
      'a1',
      columns(n),
      [...Array(n).keys()],
      [{ rowNumber: n + 5, kind: 'invalid', value: null, code: 'X', message: 'x' }],
      { totalRows: n + 1, validRows: n, invalidRows: 1, duplicateRows: 0, optedOutRows: 0 },
      NOW,
    );
    const deleting = deleteAudience(repo, 'p1', 'a1', () => NOW);
    // The first step ran, the rest waits for the event loop: meanwhile the audience shows as cancelled.
    expect(repo.get('p1', 'a1')?.status).toBe('cancelled');
    expect(repo.countRecipients({ audienceId: 'a1' })).toBe(n - 20_000);
    expect(await deleting).toBe(true);
    expect(repo.get('p1', 'a1')).toBeUndefined();
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM recipients) + (SELECT COUNT(*) FROM audience_issues) AS n').get()).toEqual({ n: 0 });
    expect(await deleteAudience(repo, 'p1', 'a1', () => NOW)).toBe(false);
  });
});
